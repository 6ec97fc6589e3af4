// .pre-commit-hooks.yaml must load in the pre-commit framework Debian 12 ships (3.0.4), which
// knows only the stage names from before 3.2. (tests/integration/pre_commit.cpp runs it too, when
// the framework is installed.)
#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include <set>
#include <string>

TEST_SUITE("precommit_manifest") {
TEST_CASE(".pre-commit-hooks.yaml uses only stage names pre-commit 3.0.4 accepts") {
  const std::set<std::string> known_to_3_0 = {"commit",       "merge-commit",       "push",
                                              "prepare-commit-msg", "commit-msg", "post-checkout",
                                              "post-commit",  "post-merge",         "post-rewrite",
                                              "manual"};
  const YAML::Node hooks = YAML::LoadFile(std::string(RG_SOURCE_DIR) + "/.pre-commit-hooks.yaml");
  REQUIRE(hooks.IsSequence());
  std::set<std::string> ids;
  for (const auto& h : hooks) {
    const auto id = h["id"].as<std::string>();
    ids.insert(id);
    CHECK(!h["entry"].as<std::string>().empty());
    if (!h["stages"]) continue;
    REQUIRE(h["stages"].IsSequence());
    for (const auto& s : h["stages"]) CHECK_MESSAGE(known_to_3_0.count(s.as<std::string>()) == 1, id << ": " << s.as<std::string>());
  }
  CHECK(ids == std::set<std::string>{"release-gate-secrets", "release-gate-commit-msg"});
}
}
