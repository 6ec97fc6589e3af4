#include "lib/policy/server.hpp"

#include "lib/policy/yaml_util.hpp"

#include <fmt/format.h>

namespace rg::policy {

void parse_server_section(const YAML::Node& node, const std::string& file, ServerPolicy& into) {
  if (!node || node.IsNull()) return;
  check_keys(node, file, "server",
             {"audit_log", "require_identity", "signatures", "authorization", "allowed_signers", "bypass_roles",
              "bypass_users", "time_budget_ms", "fail_closed", "honour_inline_allow", "allow_oversized", "pack_path_allowlist", "test_paths_block"});
  if (node["audit_log"]) into.audit_log = as_string(node["audit_log"], file, "audit_log");
  if (node["require_identity"])
    into.require_identity = as_bool(node["require_identity"], file, "require_identity");
  if (const auto& n = node["authorization"]) {
    const std::string mode = as_string(n, file, "authorization");
    if (mode == "typed") into.authorization = AuthorizationMode::typed;
    else if (mode == "verified") into.authorization = AuthorizationMode::verified;
    else fail(n, file, fmt::format("`authorization` must be `typed` or `verified`, not `{}`", mode));
  }
  if (const auto& n = node["signatures"]) {
    const std::string mode = as_string(n, file, "signatures");
    if (mode == "off") into.signatures = SignatureMode::off;
    else if (mode == "strict") into.signatures = SignatureMode::strict;
    else fail(n, file, "`signatures` must be `off` or `strict`, not `" + mode + "`");
  }
  if (node["allowed_signers"])
    into.allowed_signers = as_string(node["allowed_signers"], file, "allowed_signers");
  if (node["bypass_roles"]) into.bypass_roles = as_strings(node["bypass_roles"], file, "bypass_roles");
  if (node["bypass_users"]) into.bypass_users = as_strings(node["bypass_users"], file, "bypass_users");
  if (node["time_budget_ms"])
    into.time_budget_ms = uint32_t(as_int(node["time_budget_ms"], file, "time_budget_ms", 1, 600000));
  if (node["fail_closed"]) into.fail_closed = as_bool(node["fail_closed"], file, "fail_closed");
  if (node["test_paths_block"]) into.test_paths_block = as_bool(node["test_paths_block"], file, "test_paths_block");
  if (node["pack_path_allowlist"])
    into.pack_path_allowlist = as_bool(node["pack_path_allowlist"], file, "pack_path_allowlist");
  if (node["allow_oversized"]) into.allow_oversized = as_bool(node["allow_oversized"], file, "allow_oversized");
  if (node["honour_inline_allow"])
    into.honour_inline_allow = as_bool(node["honour_inline_allow"], file, "honour_inline_allow");
}

} // namespace rg::policy
