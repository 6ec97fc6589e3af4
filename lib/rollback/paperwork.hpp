#pragma once
// The SOP paperwork for a rollback (SOP-DEV-release-readiness section 6), generated so nobody
// types it mid-incident: a SEV2 incident report skeleton and the notification for the CDO and
// chief of staff. Pure functions over plain data.

#include <string>
#include <vector>

namespace rg::rollback {

struct ReleaseRef {
  std::string id;       ///< full hex id
  std::string subject;
  std::string message;  ///< full message (trailers are read from it)
};

struct IncidentInfo {
  std::string incident;                 ///< id, "" when not given
  std::string when_utc;                 ///< when, as people read it: "2026-01-02 04:04 CET" (team zone)
  std::string executed_by;              ///< "Name <email>"
  std::string release_spec;             ///< what was rolled back, as named
  std::vector<ReleaseRef> release;      ///< the reverted commits, newest first
  std::vector<std::string> rollback_ids;///< full ids of the rollback commits
  std::string target;                   ///< branch name
  std::string landed_on;                ///< ref actually written (target or --branch)
  bool merge_reverted = false;
  bool push_attempted = false;          ///< --push was given
  bool pushed = false;                  ///< ... and git push succeeded
  int push_exit = 0;                    ///< git's exit status when the push failed
  std::string remote;                   ///< remote named by --push
  std::string report_file;              ///< where the report skeleton was written ("" = printed)
};

/// Release types and authorizers found in the release commits' trailers (Release-Type,
/// Authorized-By, Approved-By; case-insensitive), each unique, in first-seen order.
struct ReleaseTrailers {
  std::vector<std::string> release_types;
  std::vector<std::string> authorizers;
};
ReleaseTrailers release_trailers(const std::vector<ReleaseRef>& release);

/// Markdown skeleton of the SEV2 incident report; fields nobody can know yet read "TODO: ...".
std::string incident_report(const IncidentInfo& info);

/// Plain-text message for #agent-handoffs to the CDO and chief.staff. Says only what happened:
/// pushed (then deploy now) or not (and why, and how to push), the report written to a file or
/// only drafted, full ids of the reverted and rollback commits, and the RCA line a re-release needs.
std::string notification(const IncidentInfo& info);

} // namespace rg::rollback
