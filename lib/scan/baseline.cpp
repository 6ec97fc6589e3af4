#include "lib/scan/baseline.hpp"

#include "lib/core/error.hpp"
#include "lib/core/file.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <set>

namespace rg::scan {

std::string baseline_json(const Result& result) {
  std::set<std::string> fps;
  for (const auto& f : result.findings)
    if (!f.fingerprint.empty()) fps.insert(f.fingerprint);
  std::string out = "{\n  \"version\": 1,\n  \"tool\": \"release-gate\",\n  \"fingerprints\": [";
  bool first = true;
  for (const auto& fp : fps) {
    out += first ? "\n    " : ",\n    ";
    out += nlohmann::json(fp).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    first = false;
  }
  out += fps.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

IgnoreList parse_baseline(std::string_view text, std::string_view name) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw core::ConfigError(fmt::format("{}: not a baseline: {}", name, e.what()));
  }
  if (!j.is_object() || !j.contains("fingerprints") || !j["fingerprints"].is_array())
    throw core::ConfigError(fmt::format("{}: not a baseline: no \"fingerprints\" list", name));
  if (j.contains("version") && j["version"] != 1)
    throw core::ConfigError(fmt::format("{}: baseline version {} is not supported (1 is)", name, j["version"].dump()));
  std::string lines;
  for (const auto& fp : j["fingerprints"]) {
    if (!fp.is_string())
      throw core::ConfigError(fmt::format("{}: not a baseline: fingerprint {} is not a string", name, fp.dump()));
    lines += fp.get<std::string>();
    lines += '\n';
  }
  return IgnoreList::parse(lines);
}

IgnoreList load_baseline(const std::filesystem::path& file) {
  const auto text = core::read_config_file(file, "baseline", size_t(64) << 20);
  if (!text) throw core::ConfigError(fmt::format("{}: baseline not found", file.string()));
  return parse_baseline(*text, file.string());
}

} // namespace rg::scan
