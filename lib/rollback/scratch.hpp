#pragma once
// An object store for planning: reads go through to a real repository's objects (quarantine
// included), every write stays in memory until publish(). A dry run, a conflict or a verification
// therefore leaves no object behind, not even an unreachable one.

#include "lib/git/handles.hpp"

#include <vector>

namespace rg::rollback {

class Scratch {
public:
  /// A scratch repository over `real`'s object database. Throws git::GitError.
  static Scratch over(git_repository* real);

  /// The scratch repository: objects only (no refs, no work tree); hand it to libgit2 calls
  /// that read or write objects. Valid as long as this Scratch lives.
  git_repository* repo() const { return repo_.get(); }

  /// Copy the objects `commits` need that `real` lacks into `real`'s object database (loose,
  /// as `git revert` writes them): each commit, then its trees top-down, stopping at any tree
  /// `real` already has (so its whole subtree is there too), and the blobs the new trees name.
  /// A one-file revert writes a handful of objects, never the whole tree. Throws git::GitError.
  void publish(git_repository* real, const std::vector<git_oid>& commits);

private:
  explicit Scratch(git::Repository repo) : repo_(std::move(repo)) {}
  git::Repository repo_;  // its object database owns the in-memory backend
};

} // namespace rg::rollback
