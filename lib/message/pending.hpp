#pragma once
// Facts about the commit `git commit` is about to create, read with libgit2 from inside a
// commit-msg hook (the repository opened with git::open_from_env, so GIT_INDEX_FILE is honoured).

#include "lib/git/handles.hpp"
#include "lib/policy/release.hpp"

#include <optional>
#include <string>
#include <vector>

namespace rg::message {

struct PendingCommit {
  std::optional<std::string> branch; ///< full ref HEAD points at ("refs/heads/main"); nullopt when detached
  std::string author_name;           ///< GIT_AUTHOR_NAME (git commit exports it to hooks), else user.name
  std::string author_email;          ///< GIT_AUTHOR_EMAIL, else user.email; "" when unknown
  std::vector<std::string> changed_paths; ///< paths the index changes against HEAD (old and new names)
  size_t merged_feature_branches = 0;     ///< MERGE_HEAD entries that are tips of feature branches
  /// Rollbacks the merge brings back: a commit it merges (reachable from MERGE_HEAD, not HEAD)
  /// reverts a rollback commit (the re-release the server asks an RCA line for). Full ids.
  std::vector<std::string> re_released;
};

/// Read the pending commit's facts. Throws git::GitError when the repository cannot be read.
PendingCommit read_pending_commit(git_repository* repo, const policy::ReleasePolicy& policy);

} // namespace rg::message
