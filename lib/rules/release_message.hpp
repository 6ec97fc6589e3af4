#pragma once
// The one entry point for a release commit's message, used by the commit-msg hook, the
// `release-gate check-message` command and the pre-receive enforcer alike.

#include "lib/core/finding.hpp"
#include "lib/policy/release.hpp"
#include "lib/rules/release_record.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace rg::rules {

/// Every finding for `message` (as stored: comments already stripped) as a release commit:
/// check_release_record + check_authorization. Pure; never throws on any message bytes.
std::vector<core::Finding> check_release_message(std::string_view message, const ReleaseContext& ctx,
                                                 const policy::ReleasePolicy& policy);

/// A ready-to-edit message for a release of `type`: subject and body placeholders, a blank
/// line, then one suggested line per trailer the type requires (authorizers from the policy's
/// roles). Throws core::UsageError naming the valid types when `type` is unknown.
std::string message_template(std::string_view type, const policy::ReleasePolicy& policy);

/// Only the trailer block of message_template (what to paste under an existing message).
std::string trailer_template(const policy::ReleaseType& type, const policy::ReleasePolicy& policy);

/// The help printed under failed findings: the trailer template for the declared type (or, when
/// the type is missing or unknown, for the closest valid one, else the first), introduced by one
/// line, and the list of valid types. Ends with a newline.
std::string release_help(std::string_view message, const policy::ReleasePolicy& policy);

} // namespace rg::rules
