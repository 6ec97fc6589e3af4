#pragma once
// Building a rollback (revert commits written in memory on top of the target branch) and
// publishing it (objects, then a compare-and-swap ref update, then the work tree if the branch
// is checked out). Nothing here prints or exits.

#include "lib/git/handles.hpp"
#include "lib/rollback/plan.hpp"
#include "lib/rollback/revert.hpp"
#include "lib/rollback/scratch.hpp"

#include <optional>
#include <string>
#include <vector>

namespace rg::rollback {

struct Options {
  /// Branch the release is on and the rollback lands on; "" = the branch HEAD names (the current
  /// branch, or in a bare repository the remote's default branch), else "main".
  std::string target;
  std::optional<std::string> branch;  ///< write a new branch with this name instead of moving target
  bool squash = false;                ///< one commit for the whole release
  std::string incident;               ///< incident id for trailers and paperwork ("" = none)
  std::string authorized_by;          ///< "Name <email>" of who executes it; "" = the committer
};

/// What reverting one release commit does, on top of the previous steps.
struct Step {
  PlannedCommit commit;
  bool already_reverted = false;  ///< its revert changes nothing here: skipped
  TreeDiff diff;                  ///< what its revert changes
};

/// A rollback commit built in memory.
struct BuiltCommit {
  git_oid id;
  std::string message;
  std::vector<std::string> reverts; ///< full ids of the release commits it reverts
};

enum class Outcome {
  ready,            ///< commits built; publish() writes them
  already_reverted, ///< every revert would change nothing; nothing to write
  conflict,         ///< a revert conflicts; nothing to write
};

struct Rollback {
  explicit Rollback(Scratch objects_) : objects(std::move(objects_)) {}
  Outcome outcome = Outcome::ready;
  Plan plan;
  std::string target_ref;             ///< refs/heads/<target>
  std::string write_ref;              ///< the ref publish() moves or creates
  git_oid base{};                     ///< target tip the rollback is built on
  std::vector<Step> steps;            ///< in plan order (newest release commit first)
  std::vector<BuiltCommit> commits;   ///< in history order; commits.back() is the new tip
  TreeDiff total;                     ///< base tree -> final tree
  std::optional<PlannedCommit> conflict_at;     ///< the commit whose revert conflicts
  std::vector<std::string> conflict_paths;      ///< its conflicting paths
  bool conflict_unsure = false;                 ///< not a conflict but unsure renames (StepResult::unsure)
  Scratch objects;                    ///< where the new objects live until publish()
};

/// Who runs the rollback (author and committer of its commits): GIT_COMMITTER_NAME/EMAIL when
/// set, else user.name/user.email from the repository's config; the time is now. Throws
/// core::UsageError naming the `git config` commands when no identity is configured.
git::Signature operator_signature(git_repository* repo);

/// Build the rollback of `plan` on the current tip of `opts.target`, in memory: commits are
/// authored and committed by `who`. Throws core::UsageError when the target branch does not
/// exist, a release commit is not on it, or --branch names an existing branch; git::GitError on
/// libgit2 failures.
Rollback prepare(git_repository* repo, Plan plan, const Options& opts, const git_signature* who);

/// Tracked paths with staged or unstaged changes in the work tree where `target_ref` is checked
/// out; empty when clean, bare, or the branch is not checked out here.
std::vector<std::string> dirty_paths(git_repository* repo, const std::string& target_ref);

/// True when HEAD of this (non-bare) repository is the branch `ref`.
bool checked_out(git_repository* repo, const std::string& ref);

enum class PublishStatus {
  done,     ///< ref moved (or created); work tree updated if it was checked out
  moved,    ///< the target moved since prepare(): nothing changed (compare-and-swap failed)
  dirty,    ///< the target is checked out with local changes: refused, nothing changed
  blocked,  ///< updating the work tree would overwrite untracked files: refused, nothing changed
};

struct Published {
  PublishStatus status = PublishStatus::done;
  std::vector<std::string> paths;  ///< dirty / blocking paths
  std::optional<git_oid> current;  ///< the target's tip now, when it moved
  bool worktree_updated = false;
};

/// Write `rb` (outcome ready): objects into the repository, then move `rb.write_ref` from
/// `rb.base` to the new tip by compare-and-swap (never forced), or create the --branch ref
/// (fails if it exists), then update index and work tree when the moved branch is checked out.
/// Throws git::GitError on libgit2 failures.
Published publish(git_repository* repo, Rollback& rb);

/// Manual steps for a conflicting rollback (the git commands to finish it by hand).
std::string conflict_help(const Rollback& rb);

/// The note for reverted merges: why re-landing that branch needs this revert reverted, and how.
/// Empty when no merge was reverted.
std::string merge_note(const Rollback& rb);

} // namespace rg::rollback
