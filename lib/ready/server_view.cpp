#include "lib/ready/server_view.hpp"

#include "lib/core/error.hpp"
#include "lib/git/check.hpp"
#include "lib/git/repo.hpp"

#include <cstdlib>
#include <fstream>
#include <map>

namespace rg::ready {

namespace fs = std::filesystem;

ServerView::ServerView(ServerView&& o) noexcept : dir_(std::move(o.dir_)), repo_(std::move(o.repo_)) { o.dir_.clear(); }

ServerView::~ServerView() {
  repo_.reset();
  if (!dir_.empty()) {
    std::error_code ec;
    fs::remove_all(dir_, ec);  // best effort: a destructor never throws
  }
}

ServerView ServerView::create(git_repository* repo, const std::string& ref, const std::string& old_id) {
  // The refs the server would have: local branches and tags, origin's branches where no local
  // branch of that name exists.
  std::map<std::string, git_oid> refs;
  std::map<std::string, git_oid> remote;
  git_reference_iterator* raw_it = nullptr;
  git::check(git_reference_iterator_new(&raw_it, repo), "git_reference_iterator_new");
  git::ReferenceIterator it(raw_it);
  git_reference* r = nullptr;
  while (git_reference_next(&r, raw_it) == 0) {
    git::Reference hold(r);
    if (git_reference_type(r) != GIT_REFERENCE_DIRECT) continue;
    const std::string name = git_reference_name(r);
    if (name.rfind("refs/heads/", 0) == 0 || name.rfind("refs/tags/", 0) == 0) refs[name] = *git_reference_target(r);
    else if (name.rfind("refs/remotes/origin/", 0) == 0 && name != "refs/remotes/origin/HEAD")
      remote["refs/heads/" + name.substr(20)] = *git_reference_target(r);
  }
  for (const auto& [name, id] : remote) refs.emplace(name, id);
  refs.erase(ref);
  if (auto old = git::parse_oid(old_id); old && !git::is_zero(*old)) refs[ref] = *old;

  std::string tmpl = (fs::temp_directory_path() / "release-gate-view-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) throw core::Error("cannot create a temporary directory for check-push");
  const fs::path dir = tmpl;
  git_repository* raw = nullptr;
  const int rc = git_repository_init(&raw, (dir / "view.git").c_str(), 1);
  if (rc < 0) {
    std::error_code ec;
    fs::remove_all(dir, ec);
    git::check(rc, "git_repository_init", dir.string());
  }
  ServerView view(dir, git::Repository(raw));
  {
    std::ofstream alt(dir / "view.git/objects/info/alternates");
    alt << fs::absolute(fs::path(git_repository_path(repo)) / "objects").string() << "\n";
    if (!alt) throw core::Error("cannot write the check-push view's alternates file");
  }
  // Re-open so the object database sees the alternates.
  git_repository* reopened = nullptr;
  git::check(git_repository_open(&reopened, (dir / "view.git").c_str()), "git_repository_open", dir.string());
  view.repo_.reset(reopened);
  for (const auto& [name, id] : refs) {
    git_reference* created = nullptr;
    git::check(git_reference_create(&created, reopened, name.c_str(), &id, 1, nullptr), "git_reference_create", name);
    git::Reference hold(created);
  }
  return view;
}

} // namespace rg::ready
