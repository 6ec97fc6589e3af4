#pragma once
// The documentation gate (SOP section 2, documentation gate): "when these paths change, these
// docs must change in the same release". One pure evaluation used by `release-gate ready`
// (before the merge) and by pre-receive (on each release entering a protected branch).

#include "lib/change/push.hpp"
#include "lib/core/finding.hpp"
#include "lib/policy/readiness.hpp"

#include <string>
#include <vector>

namespace rg::rules {

/// One documentation rule applied to a release's changed paths.
struct DocCheck {
  std::string surface;
  std::vector<std::string> changed;  ///< changed paths matching the rule's `when` (empty: not triggered)
  std::vector<std::string> docs;     ///< changed paths matching its `require`
  std::vector<std::string> expected; ///< the `require` globs, for messages
  bool triggered() const { return !changed.empty(); }
  bool satisfied() const { return !triggered() || !docs.empty(); }
};

/// Every rule of `rules` against `paths` (the release's diff against what it is merged into).
std::vector<DocCheck> check_docs(const std::vector<std::string>& paths, const std::vector<policy::DocRule>& rules);

/// "public-api: src/api/users.cpp, src/api/x.cpp (+3 more) changed; none of docs/**, README.md did".
std::string describe_gap(const DocCheck& c);

/// Findings `doc/missing-docs` for each release entering a protected ref (rollbacks and the
/// first push into an empty repository excepted) whose changed paths trigger a rule it does not
/// satisfy. Nothing when `readiness.enforce_documentation` is off or there are no rules.
std::vector<core::Finding> check_documentation(const change::PushFacts& facts, const policy::ReadinessPolicy& policy);

} // namespace rg::rules
