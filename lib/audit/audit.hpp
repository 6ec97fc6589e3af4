#pragma once
// The server's audit trail: JSON Lines, one object per hook run, appended so that every record
// is whole or absent. Concurrent pushes never lose or interleave a line: the whole line goes out
// in one write() on an O_APPEND descriptor, under an exclusive flock (which also covers file
// systems where O_APPEND alone is not atomic); a short write (disk full, file size limit) is
// cut back off with ftruncate, so a failed record never glues onto the next one.
//
// Two hooks write here: pre-receive (the decision, "hook": "pre-receive") and post-receive (the
// refs git really updated, "hook": "post-receive", verdict "applied"). Both carry the same
// "push" id when git applied every ref the pusher proposed.

#include "lib/core/error.hpp"

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

/// A release that entered a protected branch: what its record says (filled by push::evaluate).
struct Release {
  std::string ref;                      ///< "refs/heads/main"
  std::string commit;                   ///< the release commit (40 hex)
  std::string type;                     ///< Release-Type as recorded ("routine", "hotfix", ...)
  std::vector<std::string> authorizers; ///< Authorized-By / Confirmed-By values
  std::vector<std::string> qa;          ///< QA-Signoff ids ("QA-7")
};

/// What is recorded for a push. Never holds a secret: findings contribute rule ids only.
struct Record {
  std::string hook = "pre-receive"; ///< the hook that wrote the record
  std::string push;          ///< push id (see push::push_id); links pre- and post-receive
  std::string time;          ///< UTC, ISO 8601 ("2026-01-02T03:04:05.123Z")
  std::string pusher;        ///< login (or e-mail), "" when unknown
  std::string pusher_email;
  std::string pusher_source; ///< environment variable the identity came from
  std::string pusher_person; ///< the policy's person the identity is ("" = no one; not known before evaluation)
  std::vector<RefEntry> refs;
  std::string verdict;       ///< "accepted", "rejected", "bypassed", "error", "error-accepted";
                             ///< "applied" for post-receive
  std::vector<Release> releases; ///< releases that entered protected branches
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

/// The audit log could not be written; what() names the file and the system error.
class WriteError : public core::Error {
public:
  using core::Error::Error;
};

/// Append `line` (one '\n'-terminated line) to `file` (created 0644 if missing): whole, or not
/// at all. Throws WriteError naming the file and the system error when it cannot be written
/// completely (any partial write has been removed again).
void append_line(const std::filesystem::path& file, std::string_view line);

/// Outcome of append_line_raw(): 0 on success, else the errno of the failing step.
struct RawResult {
  int error = 0;
  const char* step = ""; ///< "open", "lock", "write", "short write", "truncate"
};

/// append_line() for a signal handler: only async-signal-safe calls, no allocation, no throw.
/// `wait_lock_ms` bounds the wait for another writer's lock (a handler must not wait forever).
RawResult append_line_raw(const char* file, const char* data, size_t size, int wait_lock_ms) noexcept;

} // namespace rg::audit
