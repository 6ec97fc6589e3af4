#pragma once
// Helpers for reading policy YAML with errors that say where: "<file>:<line>:<col>: <what>".
// yaml-cpp's Mark is 0-based; every message here is 1-based.

#include "lib/core/error.hpp"

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace rg::policy {

/// "<file>:<line>:<col>" of a node (or just the file if the node has no mark).
std::string where(const YAML::Node& node, const std::string& file);

/// Throw ConfigError("<file>:<line>:<col>: <what>").
[[noreturn]] void fail(const YAML::Node& node, const std::string& file, const std::string& what);

/// Require a map whose keys are all in `allowed`; an unknown key fails with its location and
/// "did you mean `x`?" when one is close.
void check_keys(const YAML::Node& map, const std::string& file, std::string_view section,
                std::initializer_list<std::string_view> allowed);

/// Scalar conversions that fail with the node's location and the expected type.
std::string as_string(const YAML::Node& node, const std::string& file, std::string_view key);
bool as_bool(const YAML::Node& node, const std::string& file, std::string_view key);
long long as_int(const YAML::Node& node, const std::string& file, std::string_view key,
                 long long min, long long max);
double as_double(const YAML::Node& node, const std::string& file, std::string_view key);
/// A sequence of strings; a single scalar is accepted as a one-element list.
std::vector<std::string> as_strings(const YAML::Node& node, const std::string& file,
                                    std::string_view key);

/// Parse YAML text; syntax errors become ConfigError with file:line:col.
YAML::Node parse_yaml(std::string_view text, const std::string& file);

} // namespace rg::policy
