#include "lib/core/redact.hpp"
#include "lib/core/text.hpp"
#include "lib/report/report.hpp"

#include <nlohmann/json.hpp>

#include <doctest/doctest.h>

using namespace rg::core;

TEST_SUITE("core") {
TEST_CASE("redact never shows a whole secret") {
  CHECK(redact("AKIAQWERTYUIOPASDFGH") == "AKIA…(20 chars)");
  CHECK(redact("short") == "…(5 chars)");
  CHECK(redact("abcdefgh") == "ab…(8 chars)");
}

TEST_CASE("did_you_mean finds close keys only") {
  std::vector<std::string> keys{"Authorized-By", "Release-Type", "QA-Signoff"};
  CHECK(did_you_mean("Authorised-By", keys) == std::optional<std::string>("Authorized-By"));
  CHECK(did_you_mean("release-type", keys) == std::optional<std::string>("Release-Type"));
  CHECK_FALSE(did_you_mean("Frobnicate", keys).has_value());
}

TEST_CASE("glob_match") {
  CHECK(glob_match("refs/heads/feature/*", "refs/heads/feature/x"));
  CHECK_FALSE(glob_match("refs/heads/feature/*", "refs/heads/feature/x/y"));
  CHECK(glob_match("refs/heads/feature/**", "refs/heads/feature/x/y"));
  CHECK(glob_match("**/pricing/**", "web/pricing/index.html"));
  CHECK(glob_match("**/*.md", "README.md"));
  CHECK_FALSE(glob_match("refs/heads/main", "refs/heads/main2"));
}

TEST_CASE("entropy and printable") {
  CHECK(shannon_entropy("aaaa") == doctest::Approx(0.0));
  CHECK(shannon_entropy("abcd") == doctest::Approx(2.0));
  CHECK(printable("a\x01" "b\xff") == "a?b?");
  CHECK(printable("héllo") == "héllo");
  CHECK(printable("a\nb") == "a?b");
  // For JSON: control characters stay (the writer escapes them), invalid UTF-8 and DEL do not.
  CHECK(json_text("a\nb\tc\x1b[0m") == "a\nb\tc\x1b[0m");
  CHECK(json_text("x\xff\x7fy") == "x??y");
  CHECK(json_text("héllo") == "héllo");
}

TEST_CASE("JSON reports keep newlines as \\n and never carry a raw control character") {
  Finding f;
  f.rule = "secrets/x";
  f.message = "bad\x1b[31m thing";
  f.fix = "first\nsecond\tthird";
  f.match = "m\xff";
  const std::string out = rg::report::to_json({f});
  for (char c : out) CHECK_MESSAGE((static_cast<unsigned char>(c) >= 0x20 || c == '\n'), int(c));
  CHECK(out.find("first\\nsecond\\tthird") != std::string::npos);
  CHECK(out.find("bad\\u001b[31m thing") != std::string::npos);
  auto j = nlohmann::json::parse(out);
  CHECK(j[0]["fix"] == "first\nsecond\tthird");
  CHECK(j[0]["match"] == "m?");
}

TEST_CASE("SARIF rule names: one Pascal-case word, never the id") {
  CHECK(rg::report::rule_name("secrets/aws-access-key-id") == "AwsAccessKeyId");
  CHECK(rg::report::rule_name("ready/tech.qa-signoff") == "TechQaSignoff");
  CHECK(rg::report::rule_name("release/missing_trailer") == "MissingTrailer");
  CHECK(rg::report::rule_name("secrets/1password-token") == "Rule1passwordToken");
  CHECK(rg::report::rule_name("my-rule") == "MyRule");
  CHECK(rg::report::rule_name("x/--") == "");
  CHECK(rg::report::rule_name("x/caf\xc3\xa9") == "Caf");
  const auto log = nlohmann::json::parse(rg::report::to_sarif({}, {{"Pascal", "as is"}, {"a/b-c", "d"}, {"x/-", "e"}}));
  const auto& rules = log["runs"][0]["tool"]["driver"]["rules"];
  CHECK_FALSE(rules[0].contains("name"));  // identical to the id: left out
  CHECK(rules[1]["name"] == "BC");
  CHECK_FALSE(rules[2].contains("name"));
}
}
