#include "lib/policy/yaml_util.hpp"

#include "lib/core/text.hpp"

#include <fmt/format.h>

namespace rg::policy {

std::string where(const YAML::Node& node, const std::string& file) {
  YAML::Mark m = node.Mark();
  if (m.is_null()) return file;
  return fmt::format("{}:{}:{}", file, m.line + 1, m.column + 1);
}

void fail(const YAML::Node& node, const std::string& file, const std::string& what) {
  throw core::ConfigError(fmt::format("{}: {}", where(node, file), what));
}

void check_keys(const YAML::Node& map, const std::string& file, std::string_view section,
                std::initializer_list<std::string_view> allowed) {
  if (!map.IsMap()) fail(map, file, fmt::format("`{}` must be a mapping", section));
  std::vector<std::string_view> cands(allowed);
  for (const auto& kv : map) {
    std::string key = kv.first.Scalar();
    bool known = false;
    for (auto a : allowed) known = known || a == key;
    if (known) continue;
    std::string msg = fmt::format("unknown key `{}` in `{}`", key, section);
    if (auto hint = core::did_you_mean(key, std::span<const std::string_view>(cands)))
      msg += fmt::format("; did you mean `{}`?", *hint);
    else
      msg += fmt::format("; valid keys: {}", fmt::join(cands, ", "));
    fail(kv.first, file, msg);
  }
}

std::string as_string(const YAML::Node& node, const std::string& file, std::string_view key) {
  if (!node.IsScalar()) fail(node, file, fmt::format("`{}` must be a string", key));
  return node.Scalar();
}

bool as_bool(const YAML::Node& node, const std::string& file, std::string_view key) {
  bool v = false;
  if (!node.IsScalar() || !YAML::convert<bool>::decode(node, v))
    fail(node, file, fmt::format("`{}` must be true or false", key));
  return v;
}

long long as_int(const YAML::Node& node, const std::string& file, std::string_view key,
                 long long min, long long max) {
  long long v = 0;
  if (!node.IsScalar() || !YAML::convert<long long>::decode(node, v))
    fail(node, file, fmt::format("`{}` must be a whole number", key));
  if (v < min || v > max)
    fail(node, file, fmt::format("`{}` must be between {} and {}", key, min, max));
  return v;
}

double as_double(const YAML::Node& node, const std::string& file, std::string_view key) {
  double v = 0;
  if (!node.IsScalar() || !YAML::convert<double>::decode(node, v))
    fail(node, file, fmt::format("`{}` must be a number", key));
  return v;
}

std::vector<std::string> as_strings(const YAML::Node& node, const std::string& file,
                                    std::string_view key) {
  std::vector<std::string> out;
  if (node.IsNull()) return out;
  if (node.IsScalar()) {
    out.push_back(node.Scalar());
    return out;
  }
  if (!node.IsSequence()) fail(node, file, fmt::format("`{}` must be a list of strings", key));
  for (const auto& item : node) out.push_back(as_string(item, file, key));
  return out;
}

YAML::Node parse_yaml(std::string_view text, const std::string& file) {
  try {
    return YAML::Load(std::string(text));
  } catch (const YAML::ParserException& e) {
    throw core::ConfigError(
        fmt::format("{}:{}:{}: invalid YAML: {}", file, e.mark.line + 1, e.mark.column + 1, e.msg));
  }
}

} // namespace rg::policy
