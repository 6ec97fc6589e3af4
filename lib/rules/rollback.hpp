#pragma once
// Rollbacks on protected branches (SOP section 6): a commit passes as a rollback only when
// every commit it names was already part of the branch before this push and its tree is exactly
// the revert of them. A "rollback" of something the branch never had would add content with no
// release record, so it is refused. Who executes it is checked with the release record
// (the rollback type's `authorize_any`).

#include "lib/change/push.hpp"
#include "lib/core/finding.hpp"

#include <string>
#include <vector>

namespace rg::rules {

/// rollback/unverified, rollback/not-on-branch, rollback/unknown-commit for each commit entering
/// a protected branch that claims to be a rollback.
std::vector<core::Finding> check_rollbacks(const change::PushFacts& facts);

/// The SOP's literal rollback (`git revert <release>`, pushed as it is) carries no release record:
/// it is accepted when the pusher is proven to hold one of `rollback_roles` (the rollback type's
/// `authorize_any`); otherwise rollback/no-record says which lines to add. (Whether it is a true
/// revert of something the branch had is check_rollbacks' business.)
std::vector<core::Finding> check_plain_reverts(const change::PushFacts& facts,
                                               const std::vector<std::string>& rollback_roles);

} // namespace rg::rules
