#pragma once
// Orchestration of the secrets rule over the things a user can scan: a staged change, a range
// of commits, a directory, a stream. Rules stay pure; this layer feeds them.

#include "lib/change/change.hpp"
#include "lib/core/finding.hpp"
#include "lib/git/handles.hpp"
#include "lib/rules/secrets/scanner.hpp"

#include <filesystem>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>


namespace rg::scan {

/// Options of a scan (inline markers honoured or not); see rules::secrets::ScanOptions.
using ScanOptions = rules::secrets::ScanOptions;

/// A file the scan could not read because of its size (judged from the object header).
struct Unscanned {
  std::string path;
  std::string commit;  ///< "" when not from a commit
  uint64_t size = 0;
};

struct Result {
  std::vector<core::Finding> findings;
  std::vector<Unscanned> too_large; ///< over limits.max_file_bytes: not read, not checked
  std::vector<std::string> notices; ///< "<path>: skipped: binary file" and the like
  size_t files = 0;                 ///< files (or file changes) read
  uint64_t bytes = 0;               ///< bytes handed to the rules
  size_t commits = 0;               ///< commits walked (range scans)
};

/// Fingerprints of accepted findings, one per line ('#' comments and blank lines ignored).
class IgnoreList {
public:
  /// Reads `file` if it exists; an absent file is an empty list. Anything else that is not a
  /// readable regular file of at most core::max_config_bytes throws core::ConfigError.
  static IgnoreList load(const std::filesystem::path& file);
  static IgnoreList parse(std::string_view text);
  bool contains(std::string_view fingerprint) const { return set_.count(std::string(fingerprint)) > 0; }
  size_t size() const { return set_.size(); }

private:
  std::set<std::string> set_;
};

/// True when some finding is an error (warnings, e.g. test credentials, do not block).
bool blocks(const Result& result);

/// Drop findings whose fingerprint is in `ignore`.
void apply_ignore(Result& result, const IgnoreList& ignore);

/// Scan the added lines of file changes (one commit's, or the staged change). Paths in notices
/// are quoted by core::quote_name().
void scan_changes(const rules::secrets::Scanner& scanner, const std::vector<change::FileChange>& files,
                  std::string_view commit, Result& into, const ScanOptions& opts = {});

/// Scan one text as if it were the whole file `name` (binary by git's test: skipped with a note;
/// UTF-16 / UTF-32 with a byte-order mark decoded).
void scan_text(const rules::secrets::Scanner& scanner, std::string_view name, std::string_view text,
               Result& into, const ScanOptions& opts = {});

/// Where a long scan stands: files (or commits) done of total, bytes read, findings so far.
struct ProgressInfo {
  size_t done = 0;
  size_t total = 0;
  uint64_t bytes = 0;
  size_t findings = 0;
};

/// Progress callback; it may throw to stop the scan (the server's time budget does).
using Progress = std::function<void(const ProgressInfo&)>;

/// Scan every regular file under `root` (skipping .git, allowlisted paths, binary and too-large
/// files; too-large judged by size, binary by core::TextContent, UTF-16/32 decoded) on `threads` threads. Paths in findings are relative to `root`, '/'-separated.
/// Findings are sorted by path and line.
Result scan_directory(const rules::secrets::Scanner& scanner, const std::filesystem::path& root,
                      unsigned threads, const Progress& progress = {}, const ScanOptions& opts = {});

/// The staged change of `repo` (index against HEAD); when libgit2 cannot read the index (a sparse
/// index, git::is_unreadable_index), what scan_staged_with_git() finds.
Result scan_staged(const rules::secrets::Scanner& scanner, git_repository* repo, const ScanOptions& opts = {});

/// scan_staged() for an index libgit2 cannot read (git::is_unreadable_index): git lists the staged
/// blob pairs (git::staged_changes_from_git), the same limits apply (a blob over
/// limits.max_file_bytes is skipped with a note from its object header, never read).
Result scan_staged_with_git(const rules::secrets::Scanner& scanner, git_repository* repo, const ScanOptions& opts = {});

/// How a history scan uses the machine and treats merges.
struct HistoryOptions {
  /// Worker threads; each beyond the first reads through its own repository from `open`
  /// (libgit2 repositories are not shared between threads). Without `open`, one thread.
  unsigned threads = 1;
  std::function<git::Repository()> open;
  /// A merge's change to a file whose new blob is exactly that file's blob in another parent
  /// that is itself being scanned came from that parent's commits, which are scanned: skip it.
  /// Off on the server, where a side parent's older history may predate the gate.
  bool skip_merged_from_scanned = false;
};

/// Every commit in `range` ("A..B", "B" = all history reachable from B, "A...B"), each against
/// its first parent (see scan_commits).
Result scan_range(const rules::secrets::Scanner& scanner, git_repository* repo, std::string_view range,
                  const Progress& progress = {}, const ScanOptions& opts = {},
                  const HistoryOptions& history = {});

/// The commits `ids`, each against its first parent; findings come in the order of `ids`.
/// A finding names the commit that authored the line: a merge's finding is dropped when a
/// commit of `ids` that is not a merge reported the same fingerprint (a merge is named only for
/// lines no scanned commit authored: conflict resolutions, or content from outside `ids`).
/// Memory does not grow with the number of commits beyond the findings and one id per commit.
/// `progress` is called before each commit and once at the end, under a lock; when it throws,
/// the workers stop and the exception is rethrown. The server passes
/// `{.honour_inline_markers = policy.server.honour_inline_allow}`.
Result scan_commits(const rules::secrets::Scanner& scanner, git_repository* repo,
                    const std::vector<git_oid>& ids, const Progress& progress = {},
                    const ScanOptions& opts = {}, const HistoryOptions& history = {});

} // namespace rg::scan
