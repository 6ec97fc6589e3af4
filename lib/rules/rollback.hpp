#pragma once
// Rollbacks on protected branches (SOP section 6): a commit passes as a rollback only when
// every commit it names was already part of the branch before this push and its tree is exactly
// the revert of them. A "rollback" of something the branch never had would add content with no
// release record, so it is refused. Who executes it is checked with the release record
// (the rollback type's `authorize_any`).

#include "lib/change/push.hpp"
#include "lib/core/finding.hpp"

#include <vector>

namespace rg::rules {

/// rollback/unverified, rollback/not-on-branch, rollback/unknown-commit for each commit entering
/// a protected branch that claims to be a rollback.
std::vector<core::Finding> check_rollbacks(const change::PushFacts& facts);

} // namespace rg::rules
