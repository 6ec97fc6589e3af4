#pragma once
// Which commits make up a release: a commit, a tag, a merge commit, or a range A..B.

#include "lib/git/handles.hpp"
#include "lib/rollback/message.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace rg::rollback {

/// A release commit to revert.
struct PlannedCommit {
  git_oid id;
  unsigned mainline = 0; ///< 0: single parent or root; 1: a merge, reverted against parent 1
  Reverted info;         ///< id/message/parent as text, for messages and reports
};

struct Plan {
  std::string spec;                    ///< what the user named
  std::vector<PlannedCommit> commits;  ///< newest first: the order they are reverted in
};

/// Work out the release named by `spec`. A single revision (sha, tag, branch, "HEAD~2", a merge)
/// is one commit. `A..B` is the first-parent chain from B back to (not including) A, newest
/// first; merges on it are reverted against parent 1, which also reverts the commits they
/// merged. Throws core::UsageError when the spec names no commit, `A...B` is used, or the range
/// is empty.
Plan plan_release(git_repository* repo, std::string_view spec);

} // namespace rg::rollback
