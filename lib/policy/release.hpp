#pragma once
// The release section of a policy: the SOP's authorization table, roles, required trailers,
// protected / release / feature branches. (Filled in by the release-authorization work.)

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace rg::policy {

struct ReleasePolicy {
  std::vector<std::string> protected_branches{"refs/heads/main"};
  std::vector<std::string> release_branches{"refs/heads/release/*"};
  std::vector<std::string> feature_branches{"refs/heads/feature/*", "refs/heads/feat/*",
                                            "refs/heads/fix/*", "refs/heads/bugfix/*"};
};

/// Apply a `release` mapping onto `into` (present keys replace). Throws core::ConfigError.
void parse_release_section(const YAML::Node& node, const std::string& file, ReleasePolicy& into);

} // namespace rg::policy
