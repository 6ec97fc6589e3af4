#pragma once
// Facts about the commit `git commit` is about to create, read with libgit2 from inside a
// commit-msg hook (the repository opened with git::open_from_env, so GIT_INDEX_FILE is honoured).

#include "lib/git/handles.hpp"
#include "lib/policy/release.hpp"

#include <optional>
#include <string>
#include <vector>

namespace rg::git {

struct PendingCommit {
  std::optional<std::string> branch; ///< full ref HEAD points at ("refs/heads/main"); nullopt when detached
  std::string author_name;           ///< GIT_AUTHOR_NAME (git commit exports it to hooks), else user.name
  std::string author_email;          ///< GIT_AUTHOR_EMAIL, else user.email; "" when unknown
  std::vector<std::string> changed_paths; ///< paths the index changes against HEAD (old and new names)
  size_t merged_feature_branches = 0;     ///< MERGE_HEAD entries that are tips of feature branches
};

/// Read the pending commit's facts. Throws git::GitError when the repository cannot be read.
PendingCommit read_pending_commit(git_repository* repo, const policy::ReleasePolicy& policy);

/// True when the pending commit is a merge of `branch`'s own remote-tracking copy into it
/// (refs/remotes/<remote>/<name> for refs/heads/<name>): what `git pull` makes when the branch
/// and its upstream have both moved. Not a release: `git pull --rebase=merges` avoids it.
bool is_sync_merge(git_repository* repo, const std::string& branch);

} // namespace rg::git
