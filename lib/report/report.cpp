#include "lib/report/report.hpp"

#include "lib/core/quote.hpp"
#include "lib/core/text.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <set>

namespace rg::report {

using core::Finding;
using nlohmann::json;

std::optional<Format> parse_format(std::string_view name) {
  if (name == "text") return Format::text;
  if (name == "json") return Format::json;
  if (name == "sarif") return Format::sarif;
  return std::nullopt;
}

// Names come from the pushed or scanned content (file names) or from the pusher (refs): they are
// quoted, so a newline in a name cannot forge an output line and invalid UTF-8 never goes out.
static std::string location_of(const Finding& f) {
  std::string loc = f.where.path.empty() ? std::string() : core::quote_name(f.where.path);
  if (!loc.empty() && f.where.line) loc += fmt::format(":{}", f.where.line);
  if (loc.empty() && !f.where.ref.empty()) loc = core::quote_name(f.where.ref);
  if (loc.empty() && !f.where.commit.empty()) loc = "commit " + core::printable(f.where.commit.substr(0, 12));
  return loc;
}

// A path as a SARIF artifactLocation.uri: a relative URI reference, every byte outside RFC 3986's
// unreserved set and '/' percent-encoded (so control bytes and invalid UTF-8 survive exactly).
static std::string uri_of(std::string_view path) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~' || c == '/') {
      out += ch;
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// A rule's friendly name for SARIF (reportingDescriptor.name): the id's last '/' component as one
// Pascal-case identifier ("secrets/aws-access-key-id" -> "AwsAccessKeyId", "ready/tech.merged" ->
// "TechMerged"). SARIF wants the name distinct from the opaque id (the validator's SARIF1001), and
// a single Pascal-case word (SARIF2012); "" when the id gives none (the name is then left out).
std::string rule_name(std::string_view id) {
  if (auto slash = id.rfind('/'); slash != std::string_view::npos) id.remove_prefix(slash + 1);
  std::string out;
  bool word_start = true;
  for (char ch : id) {
    const auto c = static_cast<unsigned char>(ch);
    const bool alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum) {
      word_start = true;
      continue;
    }
    out += word_start && c >= 'a' && c <= 'z' ? char(c - 'a' + 'A') : ch;
    word_start = false;
  }
  if (!out.empty() && out[0] >= '0' && out[0] <= '9') out.insert(0, "Rule");
  return out;
}

// Every string put in JSON is valid UTF-8 already; replacing what is not is the last line of
// defence, so a report is never lost to nlohmann's exception on invalid UTF-8.
static std::string dump(const json& j) { return j.dump(2, ' ', false, json::error_handler_t::replace); }

void write_text(std::ostream& out, const std::vector<Finding>& findings, const TextOptions& opts) {
  if (findings.empty()) return;
  const char* red = opts.color ? "\x1b[1;31m" : "";
  const char* yellow = opts.color ? "\x1b[1;33m" : "";
  const char* dim = opts.color ? "\x1b[2m" : "";
  const char* reset = opts.color ? "\x1b[0m" : "";
  size_t errors = 0;
  for (const auto& f : findings) {
    if (f.severity == core::Severity::error) ++errors;
    const char* sev_color = f.severity == core::Severity::error ? red : yellow;
    std::string loc = location_of(f);
    out << (loc.empty() ? "" : loc + ": ") << sev_color << core::to_string(f.severity) << reset
        << ": " << core::printable(f.message) << " " << dim << "[" << core::printable(f.rule) << "]" << reset
        << "\n";
    if (!f.match.empty()) out << "    " << core::printable(f.match) << "\n";
    if (!f.where.commit.empty() && !f.where.path.empty())
      out << "    commit " << core::printable(f.where.commit.substr(0, 12)) << "\n";
    if (!f.fix.empty()) {
      std::string_view fix = f.fix;
      bool first = true;
      while (!fix.empty()) {
        auto nl = fix.find('\n');
        auto line = fix.substr(0, nl);
        out << (first ? "    fix: " : "         ") << core::printable(line) << "\n";
        first = false;
        if (nl == std::string_view::npos) break;
        fix.remove_prefix(nl + 1);
      }
    }
    if (!f.fingerprint.empty())
      out << "    " << dim << "fingerprint: " << core::printable(f.fingerprint) << reset << "\n";
  }
  out << fmt::format("{}: {} problem{} ({} error{}, {} warning{})\n", opts.tool, findings.size(),
                     findings.size() == 1 ? "" : "s", errors, errors == 1 ? "" : "s",
                     findings.size() - errors, findings.size() - errors == 1 ? "" : "s");
}

static json finding_json(const Finding& f) {
  json j;
  j["rule"] = core::json_text(f.rule);
  j["severity"] = std::string(core::to_string(f.severity));
  j["path"] = f.where.path.empty() ? std::string() : core::quote_name(f.where.path);
  j["line"] = f.where.line;
  j["column"] = f.where.column;
  j["commit"] = core::json_text(f.where.commit);
  j["ref"] = f.where.ref.empty() ? std::string() : core::quote_name(f.where.ref);
  j["message"] = core::json_text(f.message);
  j["fix"] = core::json_text(f.fix);
  j["match"] = core::json_text(f.match);
  j["fingerprint"] = core::json_text(f.fingerprint);
  return j;
}

std::string to_json(const std::vector<Finding>& findings) {
  json arr = json::array();
  for (const auto& f : findings) arr.push_back(finding_json(f));
  return dump(arr) + "\n";
}

std::string to_sarif(const std::vector<Finding>& findings, const std::vector<RuleInfo>& rules) {
  json driver_rules = json::array();
  std::set<std::string> listed;
  auto add_rule = [&](const std::string& id, const std::string& desc) {
    if (!listed.insert(id).second) return;
    json r;
    r["id"] = id;
    if (std::string name = rule_name(id); !name.empty() && name != id) r["name"] = name;
    r["shortDescription"]["text"] = desc.empty() ? id : desc;
    driver_rules.push_back(r);
  };
  for (const auto& r : rules) add_rule(r.id, r.description);
  for (const auto& f : findings) add_rule(f.rule, {});

  json results = json::array();
  for (const auto& f : findings) {
    json r;
    r["ruleId"] = core::printable(f.rule);
    r["level"] = f.severity == core::Severity::error ? "error"
                 : f.severity == core::Severity::warning ? "warning" : "note";
    std::string text = core::json_text(f.message);
    if (!f.match.empty()) text += ": " + core::json_text(f.match);
    r["message"]["text"] = text;
    if (!f.where.path.empty()) {
      json loc;
      loc["physicalLocation"]["artifactLocation"]["uri"] = uri_of(f.where.path);
      if (f.where.line) {
        loc["physicalLocation"]["region"]["startLine"] = f.where.line;
        if (f.where.column) loc["physicalLocation"]["region"]["startColumn"] = f.where.column;
      }
      r["locations"] = json::array({loc});
    }
    if (!f.fingerprint.empty()) r["partialFingerprints"]["releaseGate/v1"] = core::printable(f.fingerprint);
    if (!f.where.commit.empty()) r["properties"]["commit"] = core::printable(f.where.commit);
    if (!f.fix.empty()) r["properties"]["fix"] = core::json_text(f.fix);
    results.push_back(r);
  }

  json run;
  run["tool"]["driver"]["name"] = "release-gate";
  run["tool"]["driver"]["version"] = RG_VERSION;
  run["tool"]["driver"]["informationUri"] = "https://example.invalid/release-gate";
  run["tool"]["driver"]["rules"] = driver_rules;
  run["results"] = results;
  json log;
  log["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  log["version"] = "2.1.0";
  log["runs"] = json::array({run});
  return dump(log) + "\n";
}

void write(std::ostream& out, Format format, const std::vector<Finding>& findings,
           const std::vector<RuleInfo>& rules, const TextOptions& opts) {
  switch (format) {
  case Format::text: write_text(out, findings, opts); break;
  case Format::json: out << to_json(findings); break;
  case Format::sarif: out << to_sarif(findings, rules); break;
  }
}

} // namespace rg::report
