#include "lib/policy/release.hpp"

#include "lib/policy/yaml_util.hpp"

namespace rg::policy {

void parse_release_section(const YAML::Node& node, const std::string& file, ReleasePolicy& into) {
  if (!node || node.IsNull()) return;
  check_keys(node, file, "release", {"protected_branches", "release_branches", "feature_branches"});
  if (node["protected_branches"])
    into.protected_branches = as_strings(node["protected_branches"], file, "protected_branches");
  if (node["release_branches"])
    into.release_branches = as_strings(node["release_branches"], file, "release_branches");
  if (node["feature_branches"])
    into.feature_branches = as_strings(node["feature_branches"], file, "feature_branches");
}

} // namespace rg::policy
