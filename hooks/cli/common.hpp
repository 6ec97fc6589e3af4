#pragma once
// Helpers shared by the umbrella CLI's subcommands.

#include "lib/policy/policy.hpp"

#include <filesystem>
#include <string>

namespace rg::cli {

/// Defaults, then `config` if given, else `<root>/.release-gate.yml` if present
/// (RELEASE_GATE_CONFIG also works, as in the hooks).
inline policy::Policy load_policy(const std::string& config, const std::filesystem::path& root) {
  if (config.empty()) return policy::load_for_worktree(root);
  policy::Policy p = policy::default_policy();
  policy::apply_file(p, config);
  return p;
}

} // namespace rg::cli
