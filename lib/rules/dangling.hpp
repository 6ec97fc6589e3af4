#pragma once
// SOP section 2: "branch deleted, no dangling feature branches associated with this release".
// A work branch (any branch that is not protected, a release branch or long-lived) may not be
// fully merged into a protected branch after the push: neither one the push merges and leaves
// behind, nor one the push creates or moves onto history a protected branch already has.

#include "lib/change/push.hpp"
#include "lib/core/finding.hpp"

#include <string>
#include <vector>

namespace rg::rules {

/// branch/dangling-feature-branch, one finding per branch left merged; each fix is the single
/// atomic push that deletes all of them together with the protected update(s), e.g.
/// `git push --atomic origin main :feature/x :feature/y`. branch/merged-branch-pushed for a work
/// branch pushed onto a protected branch's history.
std::vector<core::Finding> check_dangling(const change::PushFacts& facts, const std::string& remote = "origin");

} // namespace rg::rules
