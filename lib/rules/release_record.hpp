#pragma once
// The release record: the trailers of a release commit read against the release policy, and the
// evaluator for everything except who authorized it (lib/rules/authorization.hpp): the declared
// Release-Type, the lines each type requires, duplicates and conflicts, misspelled or unread
// keys, QA sign-offs, the rollback plan, the monitoring window, rollback and RCA lines, and
// whether the type matches what the change does (customer-facing paths, merged features).

#include "lib/core/finding.hpp"
#include "lib/message/trailers.hpp"
#include "lib/policy/release.hpp"

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace rg::rules {

/// Plain facts about the commit being checked (the caller gathers them with libgit2).
struct ReleaseContext {
  std::string commit;              ///< full id ("" for a message being written locally)
  std::string author_name, author_email;
  std::string pusher;              ///< identity from the git host, may be empty
  std::vector<std::string> changed_paths; ///< paths the release changes (customer-facing inference)
  size_t merged_feature_branches = 0;     ///< feature branches the release merges (multi-feature inference)
  bool re_release = false;         ///< the release re-applies a rolled-back change (needs the RCA trailer)
};

/// The name of the SOP section 6 release type; exempt from type inference.
inline constexpr std::string_view rollback_type = "rollback";

/// A message's trailers, ready for the evaluators.
struct ReleaseRecord {
  std::string message;                           ///< the message as checked
  std::vector<message::LocatedTrailer> trailers; ///< as git reads them, in order
  const policy::ReleaseType* type = nullptr;     ///< the declared type, when valid and unambiguous
  std::string declared_type;                     ///< the Release-Type value as written ("" if none)

  /// Trailers whose key equals `key` case-insensitively, in order.
  std::vector<const message::LocatedTrailer*> all(std::string_view key) const;
  /// The first such trailer, or nullptr.
  const message::LocatedTrailer* first(std::string_view key) const;
};

/// Parse `message` (as it will be stored: run message::cleanup_strip first on an editor file)
/// and resolve its Release-Type against `policy`.
ReleaseRecord read_record(std::string_view message, const policy::ReleasePolicy& policy);

/// Lower-case keys the message meant to write but git does not read under that key (misspelled,
/// `Key Word:` instead of `Key-Word:`, or outside the trailer block); their absence is already
/// explained by a finding, so evaluators do not report them missing as well.
std::set<std::string> misdirected_keys(const ReleaseRecord& record, const policy::ReleasePolicy& policy);

/// Findings "release/..." for the record (see docs/release-policy.md for the list). Pure.
std::vector<core::Finding> check_release_record(const ReleaseRecord& record, const ReleaseContext& ctx,
                                                const policy::ReleasePolicy& policy);

/// A finding about the release being checked: located at ctx.commit and `line` of its message
/// (0 = the message as a whole). Shared by the release-record and authorization evaluators.
core::Finding record_finding(std::string rule, const ReleaseContext& ctx, uint32_t line, std::string msg,
                             std::string fix, core::Severity sev = core::Severity::error);

/// The line to paste for `key` in a release of type `type` (e.g. "QA-Signoff: <qa-id> PASS",
/// "Authorized-By: <first holder of the role>"); `role` picks the holder for person lines.
std::string suggested_line(std::string_view key, const policy::ReleaseType& type,
                           const policy::ReleasePolicy& policy, std::string_view role = {});

} // namespace rg::rules
