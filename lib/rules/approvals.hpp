#pragma once
// Authorization that is proven, not typed (server.authorization: verified). A release commit
// entering a protected branch needs, for every role its type requires, an approval of that exact
// commit by a person who holds the role and is not who made the commit; the record's
// Authorized-By / Confirmed-By lines must name people who did approve; QA lines must be backed by
// a QA role holder's verdict. Approvals are refs (names::refs::approvals) that the server accepts
// only from the person they name: check_approval_pushes holds that, in both modes.

#include "lib/change/push.hpp"
#include "lib/core/finding.hpp"
#include "lib/policy/release.hpp"

#include <string_view>
#include <vector>

namespace rg::rules {

/// An approval as its ref and blob say: the person from the ref name (`segment`; an e-mail
/// becomes "<email>"), valid when the blob is an approval document of `commit` by that person.
change::ApprovalFact parse_approval(std::string_view segment, std::string_view commit, std::string_view blob);

/// approval/not-yours for an approval ref written (created, moved or deleted) by anyone but the
/// person it names; approval/bad-ref for a malformed approval ref name.
std::vector<core::Finding> check_approval_pushes(const change::PushFacts& facts);

/// approval/missing, approval/record-mismatch, approval/qa-missing, approval/qa-failed for the
/// release commits entering protected branches (not for an import). Pure.
std::vector<core::Finding> check_approvals(const change::PushFacts& facts, const policy::ReleasePolicy& policy);

} // namespace rg::rules
