#pragma once
// The golive section of a policy: what happens after a release is merged (SOP sections 4-6).
//
//   golive:
//     timezone: Europe/Berlin            # the team's time zone (TZ database); default UTC
//     channel: "#agent-handoffs"         # named in texts; the webhook decides where posts land
//     smoke_timeout: 5m                  # default for `release-gate smoke`
//     cro_role: cro                      # customer-facing releases address the CRO note to it
//     webhook:                           # Slack-compatible incoming webhook
//       url_env: RELEASE_GATE_WEBHOOK_URL
//       url_file: ""                     # first line of this file, when the variable is unset
//     monday:
//       api_url: https://api.monday.com/v2
//       token_env: MONDAY_API_TOKEN
//       token_file: ""
//     agents:                            # agent -> globs of its contract files
//       code.platform: ["agents/code.platform/**"]
//     handoff_dir: ""                    # where `announce` drops one handoff file per agent

#include <yaml-cpp/yaml.h>

#include <map>
#include <string>
#include <vector>

namespace rg::policy {

struct GoLivePolicy {
  std::string timezone = "UTC";
  std::string channel = "#agent-handoffs";
  int smoke_timeout_seconds = 300;
  std::string cro_role = "cro";
  std::string webhook_url_env = "RELEASE_GATE_WEBHOOK_URL";
  std::string webhook_url_file;
  std::string monday_api_url = "https://api.monday.com/v2";
  std::string monday_token_env = "MONDAY_API_TOKEN";
  std::string monday_token_file;
  /// agent name -> globs (core::glob_match) of the files that make up its contract.
  std::map<std::string, std::vector<std::string>> agents;
  std::string handoff_dir;
};

/// Apply a `golive` mapping onto `into` (present keys replace; `agents` merges per agent).
/// Checks the time zone against the TZ database. Throws core::ConfigError naming file:line:col.
void parse_golive_section(const YAML::Node& node, const std::string& file, GoLivePolicy& into);

} // namespace rg::policy
