#pragma once
// The server section of a policy: what the pre-receive enforcer needs beyond the release rules.
// (Filled in by the pre-receive work.)

#include <yaml-cpp/yaml.h>

#include <string>

namespace rg::policy {

struct ServerPolicy {
  std::string audit_log = "release-gate-audit.jsonl"; ///< relative to the bare repository
};

/// Apply a `server` mapping onto `into` (present keys replace). Throws core::ConfigError.
void parse_server_section(const YAML::Node& node, const std::string& file, ServerPolicy& into);

} // namespace rg::policy
