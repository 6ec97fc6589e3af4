#include "lib/policy/policy.hpp"

#include "lib/core/error.hpp"
#include "lib/core/file.hpp"
#include "lib/policy/embedded.hpp"
#include "lib/policy/yaml_util.hpp"

#include <fmt/format.h>

#include <cstdlib>

namespace rg::policy {

void apply_text(Policy& into, std::string_view text, const std::string& file) {
  YAML::Node doc = parse_yaml(text, file);
  into.sources.push_back(file);
  if (doc.IsNull()) return;  // an empty file changes nothing
  check_keys(doc, file, "policy", {"version", "secrets", "release", "server", "readiness", "golive"});
  if (doc["version"] && as_int(doc["version"], file, "version", 1, 1000) != 1)
    fail(doc["version"], file, "unsupported `version`; this release-gate reads version 1");
  parse_secrets_section(doc["secrets"], file, into.secrets);
  parse_release_section(doc["release"], file, into.release);
  parse_server_section(doc["server"], file, into.server);
  parse_readiness_section(doc["readiness"], file, into.readiness);
  parse_golive_section(doc["golive"], file, into.golive);
}

Policy default_policy() {
  Policy p;
  // The rule pack is a `secrets` section on its own, parsed at build time.
  p.secrets = embedded::secrets_pack();
  p.secrets.allow.pack_paths = p.secrets.allow.paths.size();
  p.sources.push_back("<embedded>/rules/secrets.yml");
  apply_text(p, embedded::file("release-policy.yml"), "<embedded>/rules/release-policy.yml");
  return p;
}

void apply_file(Policy& into, const std::filesystem::path& file) {
  const auto text = core::read_config_file(file, "policy file");
  if (!text)
    throw core::ConfigError(fmt::format("{}: policy file does not exist; create it or fix the setting that names it",
                                        file.string()));
  // An empty file is almost always a mistake (a truncated copy, a failed deploy); treating it
  // as "no changes" would silently drop every protection the file was meant to add.
  if (text->find_first_not_of(" \t\r\n") == std::string::npos)
    throw core::ConfigError(fmt::format(
        "{}: policy file is empty; delete it to use the defaults, or write the policy", file.string()));
  apply_text(into, *text, file.string());
}

bool policy_file_present(const std::filesystem::path& file) {
  std::error_code ec;
  const auto st = std::filesystem::symlink_status(file, ec);
  if (ec && ec != std::errc::no_such_file_or_directory)
    throw core::ConfigError(fmt::format("{}: policy file cannot be examined: {}; fix the path's permissions",
                                        file.string(), ec.message()));
  return !ec && st.type() != std::filesystem::file_type::not_found;
}

Policy load_for_worktree(const std::filesystem::path& workdir) {
  Policy p = default_policy();
  if (const char* env = std::getenv("RELEASE_GATE_CONFIG"); env && *env) {
    apply_file(p, env);
    return p;
  }
  auto file = workdir / std::string(repo_policy_file);
  if (policy_file_present(file)) apply_file(p, file);
  return p;
}

} // namespace rg::policy
