#pragma once
// What hooks evaluate, as plain data: added lines of files, commits, messages. Built by lib/git
// (from libgit2) or lib/scan (from the file system); read by lib/rules. No libgit2 here.

#include <cstdint>
#include <string>
#include <vector>

namespace rg::change {

/// A run of consecutive added lines: `text` holds them joined by '\n' (no trailing newline
/// required); the first one is line `first_line` (1-based) of the new file.
struct Hunk {
  uint32_t first_line = 1;
  std::string text;
};

/// One file's side of a change.
struct FileChange {
  std::string path;      ///< new path ("" when deleted)
  std::string old_path;  ///< old path when renamed or modified; "" when added
  std::string old_blob;  ///< hex id, "" when none
  std::string new_blob;  ///< hex id, "" when deleted
  bool binary = false;   ///< not scanned
  bool too_large = false; ///< over the size limit, not scanned
  uint64_t size = 0;     ///< new size in bytes
  bool deleted = false;
  std::vector<Hunk> added;
};

/// A commit with the lines it adds relative to its first parent.
struct Commit {
  std::string id;
  std::vector<std::string> parents;
  std::string author_name, author_email;
  std::string committer_name, committer_email;
  int64_t time = 0;
  std::string message;
  std::vector<FileChange> files;
};

} // namespace rg::change
