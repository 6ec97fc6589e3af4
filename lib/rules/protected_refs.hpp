#pragma once
// Protected-ref rules over the push model: which refs a push may write at all (replace refs,
// reserved names, stale old values), and for protected branches no deletion, no rewrite, no
// object other than a commit, direct (non-merge) commits only for the types the policy lets
// through, and policy-file changes only as architecture releases.

#include "lib/change/push.hpp"
#include "lib/core/finding.hpp"

#include <string>
#include <vector>

namespace rg::rules {

/// Settings of the protected-ref rules (from the release policy).
struct ProtectedRefRule {
  bool direct_commits_checked = true;
  std::vector<std::string> direct_types{"hotfix"}; ///< Release-Types that may be non-merge commits
  std::string remote = "origin";                   ///< remote name used in fix commands
};

/// ref/replace, ref/reserved-name, ref/stale-old-value for every command;
/// branch/protected-delete, branch/non-fast-forward, branch/not-a-commit, branch/direct-commit,
/// branch/policy-change-needs-architecture for protected branches. A created protected ref
/// (first push) is exempt from the direct-commit rule: its import is judged by its tip.
/// A rollback counts as allowed direct commit only when its revert verified (lib/rules/rollback
/// reports why not).
std::vector<core::Finding> check_refs(const change::PushFacts& facts, const ProtectedRefRule& rule);

} // namespace rg::rules
