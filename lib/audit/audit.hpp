#pragma once
// The server's audit trail: one JSON object per push, one line each, appended atomically to a
// JSON Lines file. Concurrent pushes never lose or interleave a line: the whole line goes out in
// one write() on an O_APPEND descriptor, under an exclusive flock (which also covers file
// systems where O_APPEND alone is not atomic).

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rg::audit {

/// One ref update as recorded.
struct RefEntry {
  std::string ref;
  std::string old_id;
  std::string new_id;
};

/// What is recorded for a push. Never holds a secret: findings contribute rule ids only.
struct Record {
  std::string time;          ///< UTC, ISO 8601 ("2026-01-02T03:04:05.123Z")
  std::string pusher;        ///< login (or e-mail), "" when unknown
  std::string pusher_email;
  std::string pusher_source; ///< environment variable the identity came from
  std::vector<RefEntry> refs;
  std::string verdict;       ///< "accepted", "rejected", "bypassed", "error", "error-accepted"
  std::vector<std::string> rules; ///< sorted unique rule ids of the findings
  std::optional<std::string> bypass_reason;
  bool bypass_honoured = false;
  std::string error;         ///< internal error text for "error" verdicts
  size_t new_commits = 0;
  int64_t duration_ms = 0;
  std::string tool_version;
};

/// The current time as Record::time expects it.
std::string utc_now();

/// The record as one line of JSON (no embedded newline), ending with '\n'. Strings are made
/// printable (invalid UTF-8 and control characters replaced).
std::string to_json_line(const Record& record);

/// Append `line` to `file` atomically (created 0644 if missing). Throws core::Error naming the
/// file and the system error when it cannot be written completely.
void append_line(const std::filesystem::path& file, std::string_view line);

} // namespace rg::audit
