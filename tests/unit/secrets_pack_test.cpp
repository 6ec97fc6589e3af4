// Every rule of the embedded pack proves itself on its own examples through the real scanner.
#include "lib/policy/embedded.hpp"
#include "lib/policy/policy.hpp"
#include "lib/policy/yaml_util.hpp"
#include "lib/rules/secrets/scanner.hpp"

#include <doctest/doctest.h>

#include <set>

using rg::rules::secrets::Scanner;

namespace {

std::vector<rg::core::Finding> scan_line(const Scanner& s, const std::string& path, const std::string& line,
                                         bool paranoid = false) {
  std::vector<rg::core::Finding> out;
  rg::rules::secrets::ScanOptions opts;
  opts.paranoid = paranoid;
  s.scan(path, line, 1, {}, out, opts);
  return out;
}

// `ex` with `marker` at the end of its line `line` (1-based; an example may span lines: a PEM
// header and its body).
std::string with_marker(const std::string& ex, std::string_view marker, uint32_t line) {
  size_t pos = 0;
  for (uint32_t l = 1; l < line && pos != std::string::npos; ++l) {
    pos = ex.find('\n', pos);
    if (pos != std::string::npos) ++pos;
  }
  const size_t nl = pos == std::string::npos ? std::string::npos : ex.find('\n', pos);
  std::string out = ex;
  out.insert(nl == std::string::npos ? ex.size() : nl, " # " + std::string(marker));
  return out;
}

// The pack as written, examples included; compiled eagerly (prevalidated stays false), so an
// invalid regex fails here even though the binaries compile the pack lazily.
rg::policy::SecretsPolicy yaml_pack() {
  const std::string name = "<embedded>/rules/secrets.yml";
  rg::policy::SecretsPolicy p;
  rg::policy::parse_secrets_section(rg::policy::parse_yaml(rg::embedded::file("secrets.yml"), name), name, p);
  return p;
}

bool has_rule(const std::vector<rg::core::Finding>& fs, const std::string& id) {
  for (const auto& f : fs)
    if (f.rule == id) return true;
  return false;
}

} // namespace

TEST_SUITE("secrets-pack") {
TEST_CASE("the build-time pack is the YAML pack") {
  const auto built = rg::policy::default_policy().secrets;
  const auto yaml = yaml_pack();
  REQUIRE(built.rules.size() == yaml.rules.size());
  for (size_t i = 0; i < yaml.rules.size(); ++i) {
    CAPTURE(yaml.rules[i].id);
    CHECK(built.rules[i].id == yaml.rules[i].id);
    CHECK(built.rules[i].regex == yaml.rules[i].regex);
    CHECK(built.rules[i].keywords == yaml.rules[i].keywords);
    CHECK(built.rules[i].path == yaml.rules[i].path);
    CHECK(built.rules[i].min_entropy == yaml.rules[i].min_entropy);
    CHECK(built.rules[i].origin == yaml.rules[i].origin);
    CHECK(built.rules[i].prevalidated);
    CHECK(built.rules[i].live == yaml.rules[i].live);
    CHECK(built.rules[i].pem_body == yaml.rules[i].pem_body);
    CHECK(built.rules[i].paranoid == yaml.rules[i].paranoid);
    CHECK(built.rules[i].ini_content == yaml.rules[i].ini_content);
  }
  CHECK(built.allow.paths == yaml.allow.paths);
  CHECK(built.allow.secrets == yaml.allow.secrets);
  CHECK(built.allow.stopwords == yaml.allow.stopwords);
  CHECK(built.test_credentials == yaml.test_credentials);
}

TEST_CASE("the default pack compiles and is large enough") {
  struct { rg::policy::SecretsPolicy secrets; } policy{yaml_pack()};
  const auto scanner = Scanner::compile(policy.secrets);
  CHECK(policy.secrets.rules.size() >= 60);
  std::set<std::string> ids;
  for (const auto& r : policy.secrets.rules) {
    CHECK_MESSAGE(ids.insert(r.id).second, "duplicate rule id " << r.id);
    CHECK_MESSAGE(!r.description.empty(), r.id << " has no description");
    CHECK_MESSAGE(!r.keywords.empty(), r.id << " has no keywords (every line would run its regex)");
  }
}

TEST_CASE("every rule matches its examples and nothing else") {
  struct { rg::policy::SecretsPolicy secrets; } policy{yaml_pack()};
  const auto scanner = Scanner::compile(policy.secrets);
  for (const auto& r : policy.secrets.rules) {
    CAPTURE(r.id);
    CHECK_MESSAGE(!r.match.empty(), r.id << " has no `match` example");
    CHECK_MESSAGE(!r.no_match.empty(), r.id << " has no `no_match` example");
    const std::string path = r.example_path.empty() ? "src/example_config.txt" : r.example_path;
    const std::string id = "secrets/" + r.id;
    for (const auto& ex : r.match) {
      auto found = scan_line(scanner, path, ex, r.paranoid);
      CHECK_MESSAGE(has_rule(found, id), r.id << " does not match its example: " << ex);
      for (const auto& f : found) {
        // The secret must never come back whole: the redacted form is shorter than the line.
        const bool redacted = f.match.find(ex) == std::string::npos;
        CHECK_MESSAGE(redacted, "unredacted: " << f.match);
      }
      // Every inline marker silences every rule on the line.
      for (std::string_view m : rg::rules::secrets::inline_markers)
        for (const auto& f : found)
          CHECK_MESSAGE(scan_line(scanner, path, with_marker(ex, m, f.where.line), r.paranoid).empty(),
                        m << ": " << ex);
      // A paranoid-only detector stays silent in an ordinary scan.
      if (r.paranoid) CHECK(!has_rule(scan_line(scanner, path, ex), id));
    }
    for (const auto& ex : r.no_match)
      CHECK_MESSAGE(!has_rule(scan_line(scanner, path, ex, r.paranoid), id),
                    r.id << " matches its no_match example: " << ex);
  }
}
}
