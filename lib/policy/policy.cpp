#include "lib/policy/policy.hpp"

#include "lib/core/error.hpp"
#include "lib/core/file.hpp"
#include "lib/policy/embedded.hpp"
#include "lib/policy/yaml_util.hpp"

#include <fmt/format.h>

#include <cstdlib>

namespace rg::policy {

namespace {

// `secrets_only`: the hooks that use nothing else (pre-commit) skip the release and server
// sections; commit-msg, which runs in the same commit, reads and checks them.
void apply_doc(Policy& into, std::string_view text, const std::string& file, bool secrets_only) {
  YAML::Node doc = parse_yaml(text, file);
  into.sources.push_back(file);
  if (doc.IsNull()) return;  // an empty file changes nothing
  check_keys(doc, file, "policy", {"version", "secrets", "release", "server", "readiness", "golive"});
  if (doc["version"] && as_int(doc["version"], file, "version", 1, 1000) != 1)
    fail(doc["version"], file, "unsupported `version`; this release-gate reads version 1");
  parse_secrets_section(doc["secrets"], file, into.secrets);
  if (secrets_only) return;
  parse_release_section(doc["release"], file, into.release);
  parse_server_section(doc["server"], file, into.server);
  parse_readiness_section(doc["readiness"], file, into.readiness);
  parse_golive_section(doc["golive"], file, into.golive);
}

void apply_file_doc(Policy& into, const std::filesystem::path& file, bool secrets_only);

Policy for_worktree(const std::filesystem::path& workdir, Policy p, bool secrets_only) {
  if (const char* env = std::getenv("RELEASE_GATE_CONFIG"); env && *env) {
    apply_file_doc(p, env, secrets_only);
    return p;
  }
  auto file = workdir / std::string(repo_policy_file);
  if (policy_file_present(file)) apply_file_doc(p, file, secrets_only);
  return p;
}

} // namespace

void apply_text(Policy& into, std::string_view text, const std::string& file) {
  apply_doc(into, text, file, false);
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

void apply_file(Policy& into, const std::filesystem::path& file) { apply_file_doc(into, file, false); }

namespace {
void apply_file_doc(Policy& into, const std::filesystem::path& file, bool secrets_only) {
  const auto text = core::read_config_file(file, "policy file");
  if (!text)
    throw core::ConfigError(fmt::format("{}: policy file does not exist; create it or fix the setting that names it",
                                        file.string()));
  // An empty file is almost always a mistake (a truncated copy, a failed deploy); treating it
  // as "no changes" would silently drop every protection the file was meant to add.
  if (text->find_first_not_of(" \t\r\n") == std::string::npos)
    throw core::ConfigError(fmt::format(
        "{}: policy file is empty; delete it to use the defaults, or write the policy", file.string()));
  apply_doc(into, *text, file.string(), secrets_only);
}
} // namespace

bool policy_file_present(const std::filesystem::path& file) {
  std::error_code ec;
  const auto st = std::filesystem::symlink_status(file, ec);
  if (ec && ec != std::errc::no_such_file_or_directory)
    throw core::ConfigError(fmt::format("{}: policy file cannot be examined: {}; fix the path's permissions",
                                        file.string(), ec.message()));
  return !ec && st.type() != std::filesystem::file_type::not_found;
}

Policy load_for_worktree(const std::filesystem::path& workdir) {
  return for_worktree(workdir, default_policy(), false);
}

Policy load_secrets_for_worktree(const std::filesystem::path& workdir) {
  Policy p;
  p.secrets = embedded::secrets_pack();
  p.secrets.allow.pack_paths = p.secrets.allow.paths.size();  // as default_policy() has it
  p.sources.push_back("<embedded>/rules/secrets.yml");
  return for_worktree(workdir, std::move(p), true);
}

} // namespace rg::policy
