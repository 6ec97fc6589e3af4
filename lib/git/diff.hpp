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

/// One entry of `git diff --raw -z --no-abbrev`: modes as git prints them (octal), full ids,
/// the status letter (A, M, D, R, C, T, U, X; a score after it is dropped), and the paths: for a
/// rename or copy `old_path` is the source, otherwise it equals `path`.
struct RawDelta {
  uint32_t old_mode = 0, new_mode = 0;
  std::string old_id, new_id;
  char status = 0;
  std::string old_path, path;
};

/// The entries of `git diff --raw -z --no-abbrev` output (paths NUL-terminated, never quoted).
/// Malformed input ends the list where it stops making sense; it never throws.
std::vector<RawDelta> parse_diff_raw(std::string_view out);

/// The staged change as staged_changes() makes it, for an index libgit2 cannot read (a sparse
/// index: libgit2 1.5 refuses extension 'sdir'). git lists the blob pairs (`git diff --cached
/// --raw -z --no-abbrev -M100%`, run in the current directory, so GIT_DIR and GIT_INDEX_FILE are
/// honoured; exact renames only, no content read); each pair then goes through the same code as
/// staged_changes(), reading `repo`'s object database: a blob over `opts.max_file_bytes` is
/// judged from its object header and never read, by git or by us. `repo`'s index is replaced by
/// an empty in-memory one (libgit2 looks attributes up in the index while diffing blobs). Throws
/// core::Error when git cannot be run or fails.
std::vector<change::FileChange> staged_changes_from_git(git_repository* repo, const DiffOptions& opts);

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
