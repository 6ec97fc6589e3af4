#pragma once
// Building change::FileChange lists from libgit2 diffs: only the lines a change adds.

#include "lib/change/change.hpp"
#include "lib/git/handles.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace rg::git {

/// What is binary is decided by core::TextContent (git's NUL test, byte-order marks honoured,
/// UTF-16/32 decoded to UTF-8), for both sides of every pair.
struct DiffOptions {
  uint64_t max_file_bytes = 8u << 20; ///< larger blobs are reported too_large from their object
                                      ///< header, never read
  bool detect_renames = true;         ///< exact renames only (same blob id); no content is read
  /// When set and true for a file (its new path and new blob id), the change is left out before
  /// anything is read: a history scan skips what a merge took unchanged from a scanned parent.
  using Skip = std::function<bool(const std::string& path, const git_oid& new_id)>;
  Skip skip;
  /// For a rename: true when the old path was scanned exactly as the new one is (not allowlisted,
  /// the same path-scoped rules). Then only the lines the new blob adds count; otherwise, and
  /// when this is unset, the whole new blob counts as added. An old side that was skipped (over
  /// the size limit, binary) also makes the whole new blob count as added.
  std::function<bool(std::string_view old_path, std::string_view new_path)> same_scan;
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
