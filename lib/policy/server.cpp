#include "lib/policy/server.hpp"

#include "lib/policy/yaml_util.hpp"

namespace rg::policy {

void parse_server_section(const YAML::Node& node, const std::string& file, ServerPolicy& into) {
  if (!node || node.IsNull()) return;
  check_keys(node, file, "server", {"audit_log"});
  if (node["audit_log"]) into.audit_log = as_string(node["audit_log"], file, "audit_log");
}

} // namespace rg::policy
