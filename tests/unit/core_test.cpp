#include "lib/core/redact.hpp"
#include "lib/core/text.hpp"

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
}
}
