#pragma once
// A whole policy: the embedded defaults (rules/*.yml) with a repository's or server's file
// applied on top. One schema everywhere: rules/release-policy.yml, .release-gate.yml and the
// server's release-gate.yml all have the top-level keys `version`, `secrets`, `release`, `server`,
// `readiness`, `golive`.

#include "lib/policy/golive.hpp"
#include "lib/policy/readiness.hpp"
#include "lib/policy/release.hpp"
#include "lib/policy/secrets.hpp"
#include "lib/policy/server.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace rg::policy {

struct Policy {
  SecretsPolicy secrets;
  ReleasePolicy release;
  ServerPolicy server;
  ReadinessPolicy readiness;
  GoLivePolicy golive;
  std::vector<std::string> sources; ///< files applied, in order ("<embedded>/secrets.yml", ...)
};

/// The embedded defaults: rules/secrets.yml and rules/release-policy.yml.
Policy default_policy();

/// Apply a policy document (text read from `file`) on top of `into`. Throws core::ConfigError.
void apply_text(Policy& into, std::string_view text, const std::string& file);

/// Read and apply a policy file. Throws core::ConfigError naming the file and what to do when
/// it is missing, not a regular file (directory, FIFO, device, dangling symbolic link), over
/// core::max_config_bytes, unreadable, empty (or only white space), or invalid. Never blocks.
void apply_file(Policy& into, const std::filesystem::path& file);

/// True when `file` has a directory entry of any kind, including a dangling symbolic link (which
/// apply_file() then reports), so a broken policy file is never mistaken for an absent one.
/// Throws core::ConfigError when the answer cannot be known (e.g. a parent without search
/// permission).
bool policy_file_present(const std::filesystem::path& file);

/// The name of a repository's own policy file, at the top of its work tree.
inline constexpr std::string_view repo_policy_file = ".release-gate.yml";

/// Defaults plus `<workdir>/.release-gate.yml` if present (RELEASE_GATE_CONFIG overrides the
/// path). For local hooks and the CLI, never for the server.
Policy load_for_worktree(const std::filesystem::path& workdir);

/// load_for_worktree() for hooks that use only the `secrets` section (pre-commit): the same
/// files, but release and server sections are neither parsed nor checked (`release` and
/// `server` are left empty, not defaulted). Saves parsing the embedded release policy per commit.
Policy load_secrets_for_worktree(const std::filesystem::path& workdir);

} // namespace rg::policy
