#include "lib/rollback/verify.hpp"

#include "lib/git/check.hpp"
#include "lib/git/repo.hpp"
#include "lib/rollback/revert.hpp"
#include "lib/rollback/scratch.hpp"

namespace rg::rollback {

VerifyResult verify_rollback(git_repository* repo, const git_oid& rollback_commit,
                             const std::vector<git_oid>& reverted) {
  VerifyResult out;
  const std::string rid = git::short_id(rollback_commit);
  if (reverted.empty()) {
    out.error = "rollback " + rid + " names no reverted commit (add Rollback-Of: <full sha>)";
    return out;
  }
  try {
    Scratch mem = Scratch::over(repo);
    git::Commit rc = git::lookup_commit(mem.repo(), rollback_commit);
    if (git_commit_parentcount(rc.get()) == 0) {
      out.error = "rollback " + rid + " has no parent to revert on";
      return out;
    }
    git::Commit parent = git::lookup_commit(mem.repo(), *git_commit_parent_id(rc.get(), 0));
    git_oid tree = *git_commit_tree_id(parent.get());
    for (const git_oid& id : reverted) {
      git::Commit c = git::lookup_commit(mem.repo(), id);
      StepResult r = revert_onto(mem.repo(), c.get(), mainline_of(c.get()), tree);
      if (!r.tree) {
        std::string paths;
        for (const auto& p : r.conflicts) paths += (paths.empty() ? "" : ", ") + p;
        out.error = "reverting " + git::short_id(id) + " on " +
                    git::short_id(*git_commit_parent_id(rc.get(), 0)) + " conflicts (" + paths +
                    "), so rollback " + rid + " cannot be a plain revert";
        out.differing_paths = r.conflicts;
        return out;
      }
      tree = *r.tree;
    }
    const git_oid* actual = git_commit_tree_id(rc.get());
    if (git_oid_equal(actual, &tree)) {
      out.ok = true;
      return out;
    }
    out.differing_paths = differing_paths(mem.repo(), tree, *actual);
  } catch (const core::Error& e) {
    out.ok = false;
    out.error = "cannot verify rollback " + rid + ": " + e.what();
  }
  return out;
}

VerifyResult verify_rollback(git_repository* repo, const git_oid& rollback_commit) {
  VerifyResult out;
  const std::string rid = git::short_id(rollback_commit);
  std::string message;
  try {
    git::Commit c = git::lookup_commit(repo, rollback_commit);
    const char* m = git_commit_message(c.get());
    message = m ? m : "";
  } catch (const core::Error& e) {
    out.error = "cannot verify rollback " + rid + ": " + e.what();
    return out;
  }
  if (!is_rollback_message(message)) {
    out.error = "commit " + rid + " is not marked as a rollback (no " +
                std::string(kReleaseTypeTrailer) + ": rollback / " + std::string(kRollbackOfTrailer) +
                " trailer)";
    return out;
  }
  std::vector<git_oid> ids;
  for (const auto& v : rollback_of(message)) {
    auto id = git::parse_oid(v);
    if (!id) {
      out.error = "rollback " + rid + ": " + std::string(kRollbackOfTrailer) + ": '" + v +
                  "' is not a full commit id";
      return out;
    }
    ids.push_back(*id);
  }
  return verify_rollback(repo, rollback_commit, ids);
}

MessageLookup message_lookup(git_repository* repo) {
  return [repo](const std::string& hex) -> std::optional<std::string> {
    auto id = git::parse_oid(hex);
    if (!id) return std::nullopt;
    git_commit* c = nullptr;
    if (git_commit_lookup(&c, repo, &*id) < 0) return std::nullopt;
    git::Commit holder(c);
    const char* m = git_commit_message(c);
    return std::string(m ? m : "");
  };
}

namespace {
int collect_head(const git_oid* id, void* payload) {
  static_cast<std::vector<git_oid>*>(payload)->push_back(*id);
  return 0;
}
} // namespace

std::vector<std::string> re_released_by_merge(git_repository* repo) {
  std::vector<std::string> out;
  std::vector<git_oid> heads;
  int rc = git_repository_mergehead_foreach(repo, collect_head, &heads);
  if (rc == GIT_ENOTFOUND || heads.empty()) return out;
  git::check(rc, "git_repository_mergehead_foreach");
  git_revwalk* raw = nullptr;
  git::check(git_revwalk_new(&raw, repo), "git_revwalk_new");
  git::RevWalk walk(raw);
  for (const auto& m : heads) git::check(git_revwalk_push(walk.get(), &m), "git_revwalk_push");
  if (git_oid head; git_reference_name_to_id(&head, repo, "HEAD") == 0)
    git::check(git_revwalk_hide(walk.get(), &head), "git_revwalk_hide");
  const auto lookup = message_lookup(repo);
  git_oid id;
  for (int n = 0; n < 2000 && git_revwalk_next(&id, walk.get()) == 0; ++n)
    if (auto message = lookup(git::to_hex(id)))
      if (auto rb = reverted_rollback(*message, lookup)) out.push_back(*rb);
  return out;
}

} // namespace rg::rollback
