#pragma once
// Server-side verification of rollbacks: a commit that claims to be a rollback must have exactly
// the tree that reverting the named commits on its first parent produces. Writes no objects
// (the computation runs in a Scratch store), so it is safe inside a pre-receive quarantine.

#include "lib/git/handles.hpp"
#include "lib/rollback/message.hpp"

#include <optional>
#include <string>
#include <vector>

namespace rg::rollback {

struct VerifyResult {
  bool ok = false;                          ///< the tree is exactly the revert
  std::vector<std::string> differing_paths; ///< when !ok and the revert was computable: paths
                                            ///< whose content differs from the true revert
  std::string error;                        ///< when !ok: one line saying why (empty if only paths differ)
};

/// Verify that `rollback_commit`'s tree equals the revert of `reverted` (applied in the given
/// order, newest first as written in the Rollback-Of trailers; merges against parent 1) computed
/// on the rollback commit's first parent. Never throws for repository problems: a missing
/// object, a root rollback commit, an empty list or a conflicting revert give ok=false with
/// `error` set (fail closed).
VerifyResult verify_rollback(git_repository* repo, const git_oid& rollback_commit,
                             const std::vector<git_oid>& reverted);

/// Same, taking the reverted commits from the commit's own Rollback-Of trailers. ok=false with an
/// error when the commit is not marked as a rollback or a trailer value is not a full id.
VerifyResult verify_rollback(git_repository* repo, const git_oid& rollback_commit);

/// The message of commit `id` (full hex) in `repo`, or nullopt: a MessageLookup for
/// reverted_rollback() / check_rerelease().
MessageLookup message_lookup(git_repository* repo);

/// The rollbacks a merge in progress brings back: for the commits it merges (reachable from
/// MERGE_HEAD, not from HEAD; at most 2,000), those that revert a rollback commit — the
/// re-release the server asks an RCA line for, known at commit time. Full ids; empty when no
/// merge is in progress. Throws git::GitError.
std::vector<std::string> re_released_by_merge(git_repository* repo);

} // namespace rg::rollback
