#pragma once
// The one table of release-record trailer names: the interface between people's messages, the
// commit-msg hook, the server and release-rollback. Everything that writes or reads a trailer
// names it from here.

#include <string_view>

namespace rg::names::trailer {

inline constexpr std::string_view release_type = "Release-Type";
inline constexpr std::string_view authorized_by = "Authorized-By";
inline constexpr std::string_view ceo_aware = "CEO-Aware";
inline constexpr std::string_view ceo_notified = "CEO-Notified";
inline constexpr std::string_view confirmed_by = "Confirmed-By";
inline constexpr std::string_view qa_signoff = "QA-Signoff";
inline constexpr std::string_view rollback_plan = "Rollback-Plan";
inline constexpr std::string_view monitoring_window = "Monitoring-Window";
inline constexpr std::string_view rollback_of = "Rollback-Of";
inline constexpr std::string_view incident = "Incident";
/// The root-cause-analysis line a re-release carries (the default of `release.rca.trailer`).
inline constexpr std::string_view rca = "RCA";
/// Other spellings people use for the RCA line: answered with "did you mean `RCA`?", never read.
inline constexpr std::string_view rca_aliases[] = {"Root-Cause", "Root-Cause-Analysis", "RCA-Link",
                                                   "Postmortem", "Post-Mortem"};
/// The documentation owner's sign-off (SOP-DEV-documentation-completion-v1.0), read by `ready`.
inline constexpr std::string_view docs_signoff = "Docs-Signoff";

} // namespace rg::names::trailer

namespace rg::names::refs {

/// `refs/release-gate/approvals/<commit>/<person>`: a person's approval of one exact commit,
/// pointing at a JSON blob (`release-gate approve`). The server accepts it only from that person.
inline constexpr std::string_view approvals = "refs/release-gate/approvals/";
/// The format tag every approval blob carries.
inline constexpr std::string_view approval_format = "release-gate-approval/1";

} // namespace rg::names::refs
