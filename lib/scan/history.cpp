// The parts of lib/scan that read git history through libgit2.
#include "lib/scan/scan.hpp"

#include "lib/core/error.hpp"
#include "lib/git/check.hpp"
#include "lib/git/diff.hpp"
#include "lib/git/repo.hpp"

#include <fmt/format.h>

#include <unordered_set>

namespace rg::scan {

namespace {

git::DiffOptions diff_options(const rules::secrets::Scanner& scanner) {
  git::DiffOptions opts;
  opts.max_file_bytes = scanner.limits().max_file_bytes;
  opts.same_scan = [&scanner](std::string_view a, std::string_view b) { return scanner.same_scan(a, b); };
  return opts;
}

} // namespace

Result scan_staged(const rules::secrets::Scanner& scanner, git_repository* repo, const ScanOptions& scan_opts) {
  Result r;
  scan_changes(scanner, git::staged_changes(repo, diff_options(scanner)), {}, r, scan_opts);
  return r;
}

Result scan_staged_with_git(const rules::secrets::Scanner& scanner, git_repository* repo,
                            const ScanOptions& scan_opts) {
  Result r;
  scan_changes(scanner, git::staged_changes_from_git(repo, diff_options(scanner)), {}, r, scan_opts);
  return r;
}

Result scan_range(const rules::secrets::Scanner& scanner, git_repository* repo, std::string_view range,
                  const Progress& progress, const ScanOptions& scan_opts) {
  git_revwalk* raw = nullptr;
  git::check(git_revwalk_new(&raw, repo), "git_revwalk_new");
  git::RevWalk walk(raw);
  git_revwalk_sorting(raw, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
  std::string spec(range);
  int rc = spec.find("..") != std::string::npos ? git_revwalk_push_range(raw, spec.c_str())
                                                : git_revwalk_push_ref(raw, spec.c_str());
  if (rc < 0 && spec.find("..") == std::string::npos) {
    // Not a ref name: a commit expression.
    auto id = git::resolve_commit(repo, spec);
    if (!id) throw core::UsageError(fmt::format("`{}` does not name a commit or a range", spec));
    rc = git_revwalk_push(raw, &*id);
  }
  if (rc < 0) throw core::UsageError(fmt::format("`{}` is not a valid range: {}", spec,
                                                 git_error_last() ? git_error_last()->message : "?"));
  std::vector<git_oid> ids;
  git_oid id;
  while ((rc = git_revwalk_next(&id, raw)) == 0) ids.push_back(id);
  if (rc != GIT_ITEROVER) git::check(rc, "git_revwalk_next", spec);

  return scan_commits(scanner, repo, ids, progress, scan_opts);
}

Result scan_commits(const rules::secrets::Scanner& scanner, git_repository* repo,
                    const std::vector<git_oid>& ids, const Progress& progress, const ScanOptions& scan_opts) {
  std::unordered_set<std::string> seen;
  git::DiffOptions opts = diff_options(scanner);
  opts.seen_pairs = &seen;
  Result r;
  for (size_t i = 0; i < ids.size(); ++i) {
    if (progress) progress(i, ids.size(), r.bytes);
    git::Commit commit = git::lookup_commit(repo, ids[i]);
    change::Commit c = git::commit_change(repo, commit.get(), opts);
    scan_changes(scanner, c.files, c.id, r, scan_opts);
    ++r.commits;
  }
  if (progress && !ids.empty()) progress(ids.size(), ids.size(), r.bytes);
  return r;
}

} // namespace rg::scan
