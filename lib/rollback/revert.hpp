#pragma once
// The revert itself, on trees: exactly what `git revert [-m N]` computes, a three-way merge with
// the reverted commit as the base, our tree as "ours" and the reverted commit's parent as
// "theirs" (libgit2's git_revert_commit does the same, but needs a commit for "ours"; trees let
// us chain reverts without writing a commit per step).

#include "lib/git/handles.hpp"

#include <optional>
#include <string>
#include <vector>

namespace rg::rollback {

/// The outcome of one revert step: a tree, or the paths that conflict.
struct StepResult {
  std::optional<git_oid> tree;         ///< resulting tree (written to `repo`'s odb), when clean
  std::vector<std::string> conflicts;  ///< sorted, unique conflicting paths, when not clean
  /// Not a conflict git would report, but a revert we cannot be sure of: a path the revert
  /// touches was moved or deleted since, and more paths changed than rename detection examines
  /// (kRenameLimit), so a rename may have gone unseen. `conflicts` then names
  /// those paths and `tree` is empty: refused, never guessed.
  bool unsure = false;
};

/// Rename candidates examined per side, as git's merge.renameLimit default.
inline constexpr unsigned kRenameLimit = 7000;

/// Parent number a release commit is reverted against: 0 for a single-parent or root commit,
/// 1 (the mainline) for a merge. Never fails.
unsigned mainline_of(const git_commit* commit);

/// Revert `commit` against its parent `mainline` (1-based; 0 = the only parent; a root commit
/// is reverted against the empty tree) on top of tree `ours`. Writes the result tree into
/// `repo` (use a Scratch repository to keep it in memory). Throws git::GitError, and
/// core::Error when `mainline` does not fit the commit's parents.
StepResult revert_onto(git_repository* repo, const git_commit* commit, unsigned mainline,
                       const git_oid& ours);

/// Diff summary between two trees.
struct TreeDiff {
  struct File {
    char status;      ///< 'A', 'D', 'M', 'R' (renamed), 'T' (type/mode changed)
    std::string path; ///< new path ("old -> new" for renames)
  };
  std::vector<File> files;
  size_t insertions = 0;
  size_t deletions = 0;
};

/// Files and line counts changed from tree `from` to tree `to` (renames detected). Throws
/// git::GitError.
TreeDiff diff_trees(git_repository* repo, const git_oid& from, const git_oid& to);

/// Paths whose entries differ between two trees (no rename pairing: both paths of a rename are
/// listed), sorted. Throws git::GitError.
std::vector<std::string> differing_paths(git_repository* repo, const git_oid& a, const git_oid& b);

} // namespace rg::rollback
