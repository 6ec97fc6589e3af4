#pragma once
// An object store for planning: reads go through to a real repository's objects (quarantine
// included), every write stays in memory until publish(). A dry run, a conflict or a verification
// therefore leaves no object behind, not even an unreachable one.

#include "lib/git/handles.hpp"

namespace rg::rollback {

class Scratch {
public:
  /// A scratch repository over `real`'s object database. Throws git::GitError.
  static Scratch over(git_repository* real);

  /// The scratch repository: objects only (no refs, no work tree); hand it to libgit2 calls
  /// that read or write objects. Valid as long as this Scratch lives.
  git_repository* repo() const { return repo_.get(); }

  /// Copy every object written so far into `real`'s object database (as one pack). Throws
  /// git::GitError.
  void publish(git_repository* real);

private:
  Scratch(git::Repository repo, git_odb_backend* mempack) : repo_(std::move(repo)), mempack_(mempack) {}
  git::Repository repo_;
  git_odb_backend* mempack_ = nullptr; // owned by repo_'s object database
};

} // namespace rg::rollback
