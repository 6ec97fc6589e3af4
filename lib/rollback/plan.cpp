#include "lib/rollback/plan.hpp"

#include "lib/core/text.hpp"
#include "lib/git/check.hpp"
#include "lib/git/repo.hpp"

namespace rg::rollback {
namespace {

git_oid must_resolve(git_repository* repo, std::string_view rev, std::string_view spec) {
  auto id = git::resolve_commit(repo, rev);
  if (!id)
    throw core::UsageError("'" + std::string(rev) + "'" +
                           (rev == spec ? "" : " (in '" + std::string(spec) + "')") +
                           " does not name a commit in this repository");
  return *id;
}

PlannedCommit planned(git_repository* repo, const git_oid& id) {
  git::Commit c = git::lookup_commit(repo, id);
  PlannedCommit p;
  p.id = id;
  p.mainline = git_commit_parentcount(c.get()) > 1 ? 1 : 0;
  p.info.id = git::to_hex(id);
  const char* msg = git_commit_message(c.get());
  p.info.message = msg ? msg : "";
  // As git does (logmsg_reencode): a message in another encoding is re-encoded to UTF-8 for
  // the revert's message; one that cannot be converted is kept as it is.
  if (const char* enc = git_commit_message_encoding(c.get()))
    if (auto utf8 = core::to_utf8(p.info.message, enc)) p.info.message = std::move(*utf8);
  if (git_commit_parentcount(c.get()) > 0) p.info.parent = git::to_hex(*git_commit_parent_id(c.get(), 0));
  p.info.merge = p.mainline != 0;
  return p;
}

} // namespace

Plan plan_release(git_repository* repo, std::string_view spec) {
  Plan plan;
  plan.spec = std::string(spec);
  if (spec.find("...") != std::string_view::npos)
    throw core::UsageError("'" + std::string(spec) +
                           "': a symmetric range (A...B) is not a release; use A..B");
  const size_t dots = spec.find("..");
  if (dots == std::string_view::npos) {
    plan.commits.push_back(planned(repo, must_resolve(repo, spec, spec)));
    return plan;
  }
  std::string_view from = spec.substr(0, dots), to = spec.substr(dots + 2);
  if (from.empty() || to.empty())
    throw core::UsageError("'" + std::string(spec) + "': a range needs both ends, as in v1.1..v1.2");
  const git_oid a = must_resolve(repo, from, spec), b = must_resolve(repo, to, spec);

  git_revwalk* raw = nullptr;
  git::check(git_revwalk_new(&raw, repo), "git_revwalk_new");
  git::RevWalk walk(raw);
  git::check(git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL), "git_revwalk_sorting");
  git::check(git_revwalk_simplify_first_parent(walk.get()), "git_revwalk_simplify_first_parent");
  git::check(git_revwalk_push(walk.get(), &b), "git_revwalk_push", to);
  git::check(git_revwalk_hide(walk.get(), &a), "git_revwalk_hide", from);
  git_oid id;
  while (git_revwalk_next(&id, walk.get()) == 0) plan.commits.push_back(planned(repo, id));
  if (plan.commits.empty())
    throw core::UsageError("'" + std::string(spec) + "' is empty: " + std::string(to) +
                           " has no commits that " + std::string(from) + " does not have");
  return plan;
}

} // namespace rg::rollback
