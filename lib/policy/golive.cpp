#include "lib/policy/golive.hpp"

#include "lib/core/clock.hpp"
#include "lib/policy/release.hpp"
#include "lib/policy/yaml_util.hpp"

namespace rg::policy {

void parse_golive_section(const YAML::Node& node, const std::string& file, GoLivePolicy& into) {
  if (!node || node.IsNull()) return;
  check_keys(node, file, "golive",
             {"timezone", "channel", "smoke_timeout", "cro_role", "webhook", "monday", "agents",
              "handoff_dir"});
  if (const auto& n = node["timezone"]) {
    into.timezone = as_string(n, file, "timezone");
    if (!core::known_time_zone(into.timezone))
      fail(n, file, "`timezone`: `" + into.timezone +
                        "` is not in the TZ database (a name such as Europe/Berlin or America/New_York)");
  }
  if (node["channel"]) into.channel = as_string(node["channel"], file, "channel");
  if (const auto& n = node["smoke_timeout"]) {
    auto minutes = parse_duration_minutes(as_string(n, file, "smoke_timeout"));
    if (!minutes) fail(n, file, "`smoke_timeout` must be a duration such as 5m or 1h");
    into.smoke_timeout_seconds = *minutes * 60;
  }
  if (node["cro_role"]) into.cro_role = as_string(node["cro_role"], file, "cro_role");
  if (const auto& w = node["webhook"]) {
    check_keys(w, file, "golive.webhook", {"url_env", "url_file"});
    if (w["url_env"]) into.webhook_url_env = as_string(w["url_env"], file, "url_env");
    if (w["url_file"]) into.webhook_url_file = as_string(w["url_file"], file, "url_file");
  }
  if (const auto& m = node["monday"]) {
    check_keys(m, file, "golive.monday", {"api_url", "token_env", "token_file"});
    if (m["api_url"]) into.monday_api_url = as_string(m["api_url"], file, "api_url");
    if (m["token_env"]) into.monday_token_env = as_string(m["token_env"], file, "token_env");
    if (m["token_file"]) into.monday_token_file = as_string(m["token_file"], file, "token_file");
  }
  if (const auto& a = node["agents"]) {
    if (!a.IsMap()) fail(a, file, "`agents` must map agent names to lists of path globs");
    for (const auto& kv : a) {
      const std::string agent = as_string(kv.first, file, "agents");
      into.agents[agent] = as_strings(kv.second, file, agent);
    }
  }
  if (node["handoff_dir"]) into.handoff_dir = as_string(node["handoff_dir"], file, "handoff_dir");
}

} // namespace rg::policy
