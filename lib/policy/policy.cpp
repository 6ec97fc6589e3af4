#include "lib/policy/policy.hpp"

#include "lib/core/error.hpp"
#include "lib/policy/embedded.hpp"
#include "lib/policy/yaml_util.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace rg::policy {

void apply_text(Policy& into, std::string_view text, const std::string& file) {
  YAML::Node doc = parse_yaml(text, file);
  into.sources.push_back(file);
  if (doc.IsNull()) return;  // an empty file changes nothing
  check_keys(doc, file, "policy", {"version", "secrets", "release", "server"});
  if (doc["version"] && as_int(doc["version"], file, "version", 1, 1000) != 1)
    fail(doc["version"], file, "unsupported `version`; this release-gate reads version 1");
  parse_secrets_section(doc["secrets"], file, into.secrets);
  parse_release_section(doc["release"], file, into.release);
  parse_server_section(doc["server"], file, into.server);
}

Policy default_policy() {
  Policy p;
  // The rule pack is a `secrets` section on its own, parsed at build time.
  p.secrets = embedded::secrets_pack();
  p.sources.push_back("<embedded>/rules/secrets.yml");
  apply_text(p, embedded::file("release-policy.yml"), "<embedded>/rules/release-policy.yml");
  return p;
}

void apply_file(Policy& into, const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw core::ConfigError(fmt::format("{}: cannot read policy file", file.string()));
  std::stringstream ss;
  ss << in.rdbuf();
  apply_text(into, ss.str(), file.string());
}

Policy load_for_worktree(const std::filesystem::path& workdir) {
  Policy p = default_policy();
  if (const char* env = std::getenv("RELEASE_GATE_CONFIG"); env && *env) {
    apply_file(p, env);
    return p;
  }
  auto file = workdir / std::string(repo_policy_file);
  std::error_code ec;
  if (std::filesystem::exists(file, ec)) apply_file(p, file);
  return p;
}

} // namespace rg::policy
