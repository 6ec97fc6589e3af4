#include "lib/core/error.hpp"
#include "lib/policy/policy.hpp"
#include "lib/rules/secrets/keywords.hpp"
#include "lib/rules/secrets/scanner.hpp"
#include "lib/scan/scan.hpp"

#include <doctest/doctest.h>

using namespace rg;
using rules::secrets::Scanner;

namespace {

policy::Policy policy_from(const std::string& yaml) {
  policy::Policy p;
  policy::apply_text(p, yaml, "test.yml");
  return p;
}

const char* kTinyPack = R"(
secrets:
  allowlist:
    stopwords: [example]
    paths: ['(^|/)vendor/']
  rules:
    - id: demo-token
      description: Demo token
      regex: '\b(dmo_[A-Za-z0-9]{20})\b'
      keywords: [dmo_]
    - id: demo-password
      description: Demo password assignment
      regex: '(?i)password\s*[:=]\s*["'']?([^\s"'']{6,})'
      keywords: [password]
      entropy: 2.5
)";

std::vector<core::Finding> scan_str(const Scanner& s, const std::string& text, const std::string& path = "a.txt") {
  std::vector<core::Finding> out;
  s.scan(path, text, 1, {}, out);
  return out;
}

} // namespace

TEST_SUITE("secrets-scanner") {
TEST_CASE("keyword automaton finds overlapping keywords case-insensitively") {
  rules::secrets::KeywordMatcher m({"akia", "kia", "Token"});
  std::vector<std::pair<uint32_t, size_t>> hits;
  std::string text = "xAKIAy TOKEN";
  m.for_each_hit(text.data(), text.size(), [&](uint32_t k, size_t end) { hits.emplace_back(k, end); });
  REQUIRE(hits.size() == 3);
  CHECK(hits[0] == std::pair<uint32_t, size_t>{0, 5});
  CHECK(hits[1] == std::pair<uint32_t, size_t>{1, 5});
  CHECK(hits[2] == std::pair<uint32_t, size_t>{2, 12});
}

TEST_CASE("findings carry location, redacted match and a stable fingerprint") {
  auto s = Scanner::compile(policy_from(kTinyPack).secrets);
  auto f = scan_str(s, "line one\nconst t = \"dmo_Ab3De5Gh7Jk9Mn1Pq3St\";\n", "src/app.js");
  REQUIRE(f.size() == 1);
  CHECK(f[0].rule == "secrets/demo-token");
  CHECK(f[0].where.path == "src/app.js");
  CHECK(f[0].where.line == 2);
  CHECK(f[0].where.column == 12);
  CHECK(f[0].match == "const t = \"dmo_…(24 chars)\";");
  CHECK(f[0].fingerprint == rules::secrets::fingerprint("src/app.js", "secrets/demo-token", "dmo_Ab3De5Gh7Jk9Mn1Pq3St"));
  CHECK(f[0].fingerprint.rfind("src/app.js:secrets/demo-token:", 0) == 0);
  // Moving the line does not change the fingerprint.
  auto g = scan_str(s, "\n\n\nx = dmo_Ab3De5Gh7Jk9Mn1Pq3St\n", "src/app.js");
  REQUIRE(g.size() == 1);
  CHECK(g[0].fingerprint == f[0].fingerprint);
}

TEST_CASE("placeholders, stop-words, entropy and the allow marker") {
  auto s = Scanner::compile(policy_from(kTinyPack).secrets);
  CHECK(scan_str(s, "password = ${DB_PASSWORD}").empty());
  CHECK(scan_str(s, "password: <your-password>").empty());
  CHECK(scan_str(s, "password = os.environ[\"X\"]").empty());
  CHECK(scan_str(s, "password = \"example-pass\"").empty());
  CHECK(scan_str(s, "password = aaaaaaaaaa").empty());       // one repeated character
  CHECK(scan_str(s, "password = abcabcab").empty());        // entropy below 2.5 gate? (1.56)
  CHECK(scan_str(s, "password = \"Tr0ub4dor&3xQ\" # release-gate:allow").empty());
  CHECK(scan_str(s, "password = \"Tr0ub4dor&3xQ\"").size() == 1);
}

TEST_CASE("CRLF, invalid UTF-8 and very long lines") {
  auto s = Scanner::compile(policy_from(kTinyPack).secrets);
  auto f = scan_str(s, "a\r\nkey=dmo_Ab3De5Gh7Jk9Mn1Pq3St\r\n");
  REQUIRE(f.size() == 1);
  CHECK(f[0].where.line == 2);
  CHECK(scan_str(s, std::string("\xff\xfe key=dmo_Ab3De5Gh7Jk9Mn1Pq3St \xc3")).size() == 1);
  std::string minified(300000, 'x');
  minified.replace(200000, 27, " dmo_Ab3De5Gh7Jk9Mn1Pq3St ;");
  auto m = scan_str(s, minified);
  REQUIRE(m.size() == 1);
  CHECK(m[0].where.column == 200002);
  CHECK(m[0].match.size() < 200);
}

TEST_CASE("path allowlist and disabling rules") {
  auto p = policy_from(kTinyPack);
  auto s = Scanner::compile(p.secrets);
  CHECK(s.path_allowed("vendor/lib/x.js"));
  CHECK_FALSE(s.path_allowed("src/x.js"));
  policy::apply_text(p, "secrets:\n  disable: [demo-token]\n", "repo.yml");
  auto s2 = Scanner::compile(p.secrets);
  CHECK(scan_str(s2, "dmo_Ab3De5Gh7Jk9Mn1Pq3St").empty());
}

TEST_CASE("ignore file drops accepted fingerprints") {
  auto s = Scanner::compile(policy_from(kTinyPack).secrets);
  scan::Result r;
  scan::scan_text(s, "a.txt", "dmo_Ab3De5Gh7Jk9Mn1Pq3St\ndmo_Zz3De5Gh7Jk9Mn1Pq3Xy", r);
  REQUIRE(r.findings.size() == 2);
  auto ignore = scan::IgnoreList::parse("# accepted\n\n" + r.findings[0].fingerprint + "\n");
  scan::apply_ignore(r, ignore);
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].where.line == 2);
}

TEST_CASE("config errors name file, line, column and key") {
  auto err = [](const std::string& yaml) {
    policy::Policy p = policy::default_policy();
    try {
      policy::apply_text(p, yaml, ".release-gate.yml");
      auto s = Scanner::compile(p.secrets);
    } catch (const core::ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(err("secrets:\n  rulez: []\n") ==
        ".release-gate.yml:2:3: unknown key `rulez` in `secrets`; did you mean `rules`?");
  CHECK(err("secret:\n  rules: []\n") ==
        ".release-gate.yml:1:1: unknown key `secret` in `policy`; did you mean `secrets`?");
  CHECK(err("secrets:\n  rules:\n    - id: bad\n      regex: '(unclosed'\n      keywords: [x]\n") ==
        ".release-gate.yml:3:7: rule bad: invalid regex: missing ): (unclosed");
  CHECK(err("secrets:\n  limits:\n    max_file_bytes: lots\n") ==
        ".release-gate.yml:3:21: `max_file_bytes` must be a whole number");
  CHECK(err("secrets:\n  disable: [aws-acess-key-id]\n") ==
        ".release-gate.yml:2:13: `disable`: no rule with id `aws-acess-key-id`; did you mean `aws-access-key-id`?");
  CHECK(err("secrets: [\n").rfind(".release-gate.yml:2:1: invalid YAML", 0) == size_t(0));
}
}
