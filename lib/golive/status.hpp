#pragma once
// `release-gate status` and `release-gate log`: what the notes of record (and the server's
// audit log) say about releases on a branch — monitoring windows open and recently ended,
// incidents and rollbacks still awaiting a root-cause analysis, and who did what when.

#include "lib/git/handles.hpp"
#include "lib/golive/record.hpp"

#include <ctime>
#include <string>
#include <vector>

namespace rg::golive {

struct WindowRow {
  std::string release;     ///< full id
  std::string type;
  std::string features;    ///< comma-separated
  std::string owner;
  std::time_t start = 0;
  std::time_t end = 0;
  bool rolled_back = false;
};

struct IncidentRow {
  std::string release;
  std::string incident;
  std::time_t at = 0;
  std::vector<std::string> rollback;  ///< full ids of the rollback commits
  bool pushed = false;
  std::string rca;                    ///< "" while awaiting the RCA
};

struct StatusView {
  std::string branch;
  std::time_t now = 0;
  std::vector<WindowRow> open;      ///< still inside their window, ending soonest first
  std::vector<WindowRow> ended;     ///< ended within the last `recent` seconds, newest first
  std::vector<IncidentRow> incidents; ///< awaiting RCA first, then resolved, newest first
  size_t pending_deliveries = 0;
};

/// Collect the view for releases on `branch` ("refs/heads/main") from the notes. An incident's
/// RCA counts as done when its note records one, or when a commit on `branch` with an
/// `rca_trailer` line reverts one of its rollback commits (or re-merges the release).
StatusView collect_status(git_repository* repo, const std::string& branch, std::time_t now,
                          const std::string& rca_trailer, long long recent_seconds = 7 * 86400);

/// Text for people, times in `tz`.
std::string status_text(const StatusView& v, const std::string& tz);
/// The same as JSON (times UTC ISO-8601, `ends_in_seconds`).
json status_json(const StatusView& v);

struct LogEvent {
  std::time_t at = 0;
  std::string what;     ///< "pushed", "authorized", "smoke", "announced", "monitoring", "incident", ...
  std::string who;
  std::string release;  ///< full id, or "" for pushes
  std::string detail;
};

/// Every event since `since` from the notes and (when `audit_log` is not empty and exists) the
/// server's audit log, oldest first. Throws core::ConfigError when the audit log cannot be read.
std::vector<LogEvent> collect_log(git_repository* repo, std::time_t since, const std::string& audit_log);

std::string log_text(const std::vector<LogEvent>& events, const std::string& tz);
json log_json(const std::vector<LogEvent>& events);

} // namespace rg::golive
