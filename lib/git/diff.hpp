#pragma once
// Building change::FileChange lists from libgit2 diffs: only the lines a change adds.

#include "lib/change/change.hpp"
#include "lib/git/handles.hpp"

#include <string>
#include <unordered_set>
#include <vector>

namespace rg::git {

struct DiffOptions {
  uint64_t max_file_bytes = 8u << 20; ///< larger blobs are reported too_large, not read
  bool detect_renames = true;
  /// When set, a (old blob, new blob) pair already in the set is skipped entirely, and each new
  /// pair is added: every unique blob pair is read once across many commits.
  std::unordered_set<std::string>* seen_pairs = nullptr;
};

/// The staged change: the index (GIT_INDEX_FILE honoured by open_from_env) against HEAD's tree,
/// or against the empty tree before the first commit.
std::vector<change::FileChange> staged_changes(git_repository* repo, const DiffOptions& opts);

/// The change between two trees; `old_tree` may be null (everything is added).
std::vector<change::FileChange> tree_changes(git_repository* repo, const git_tree* old_tree,
                                             const git_tree* new_tree, const DiffOptions& opts);

/// A commit's metadata and the lines it adds against its first parent (root: everything).
change::Commit commit_change(git_repository* repo, const git_commit* commit, const DiffOptions& opts);

/// Paths a commit changes against its first parent (all of them for a root commit): added,
/// modified and deleted files, by tree id comparison (no rename detection, no content read).
/// For a merge: everything it brings in.
std::vector<std::string> changed_paths(git_repository* repo, const git_commit* commit);

/// Commit metadata only (no diff).
change::Commit commit_info(const git_commit* commit);

} // namespace rg::git
