// Every SARIF output the CLI writes, checked by Microsoft's SARIF validator (npm
// @microsoft/sarif-multitool, pinned in tests/sarif/package-lock.json and installed by
// ./install.sh --deps-only): no error and no warning. ctest passes the validator's path in
// RG_SARIF_MULTITOOL (CMake cache variable of the same name); a missing validator fails the test.

#include "tests/support/testutil.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <set>

using namespace rg::test;
using nlohmann::json;

namespace {

const std::string kAwsKey = "AKIAQ3EGRK7VXYZ2WBCD";
std::string rg_bin() { return sh_quote(bin("release-gate")); }

// The validator's errors and warnings about `sarif_file` (its own SARIF log, read back), one line
// each as it printed them; "" when there are none. Notes (advice such as "provide a help URI")
// are not asked for.
std::string validate(const fs::path& sarif_file) {
  const char* tool = std::getenv("RG_SARIF_MULTITOOL");
  REQUIRE_MESSAGE(tool != nullptr, "RG_SARIF_MULTITOOL is not set (ctest sets it; see tests/CMakeLists.txt)");
  REQUIRE_MESSAGE(fs::exists(tool), (std::string(tool) + ": no such file; run ./install.sh --deps-only"));
  const fs::path log = sarif_file.string() + ".validation.sarif";
  // Invariant globalization: the .NET tool then needs no libicu.
  const RunResult r = run("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 " + sh_quote(tool) + " validate " +
                          sh_quote(sarif_file.string()) + " --level " + sh_quote("Error;Warning") + " --output " +
                          sh_quote(log.string()) + " --log ForceOverwrite");
  REQUIRE_MESSAGE(r.exit_code == 0, r.all());
  const json out = json::parse(read_file(log));
  std::string problems;
  for (const auto& run : out["runs"]) {
    for (const auto& inv : run.value("invocations", json::array()))
      CHECK_MESSAGE(inv.value("executionSuccessful", false), r.all());
    for (const auto& res : run.value("results", json::array())) {
      const json region = res["locations"][0]["physicalLocation"].value("region", json::object());
      problems += fmt::format("{} {} at {}:{}\n", res.value("level", "warning"), res.value("ruleId", "?"),
                              region.value("startLine", 0), region.value("startColumn", 0));
    }
  }
  if (!problems.empty()) problems += "validator output:\n" + r.all();
  return problems;
}

// Writes `text` as <dir>/<name> and validates it.
std::string validate_text(const TempDir& dir, const std::string& name, const std::string& text) {
  const fs::path file = dir / name;
  write_file(file, text);
  return validate(file);
}

} // namespace

TEST_SUITE("sarif") {
TEST_CASE("the validator runs and reports warnings") {
  // A rule whose name is its id: SARIF1001, a warning. Proves the check below can fail.
  TempDir out;
  const std::string log = R"({"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
    "runs": [{"tool": {"driver": {"name": "t", "rules": [{"id": "a/b", "name": "a/b"}]}}, "results": []}]})";
  const std::string problems = validate_text(out, "name-is-id.sarif", log);
  CHECK_MESSAGE(problems.starts_with("warning SARIF1001 at 2:"), problems);
}

TEST_CASE("scan --format sarif passes the validator, with findings and without") {
  TempDir out;
  TempRepo repo;
  // Names that need percent-encoding in a uri: a space, '%', '#', '?', non-ASCII; a subdirectory.
  repo.write("src/sub dir/my file%20.py", "aws_key = \"" + kAwsKey + "\"\n");
  repo.write("\xc3\xbcn\xc3\xaf/na\xc3\xafve #1?.txt", "aws_key = \"" + kAwsKey + "\"\n");
  repo.write("tests/fixtures/config.ini", "[db]\npassword = Zq8rT2vLx9mK4pW7\n");  // a warning
  repo.write("README.md", "# app\n");

  const RunResult dir = run(rg_bin() + " scan --format sarif .", repo.path());
  CHECK(dir.exit_code == 1);
  const json log = json::parse(dir.out);
  std::set<std::string> uris, levels;
  for (const auto& res : log["runs"][0]["results"]) {
    uris.insert(res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].get<std::string>());
    levels.insert(res["level"].get<std::string>());
  }
  CHECK(uris == std::set<std::string>{"src/sub%20dir/my%20file%2520.py", "%C3%BCn%C3%AF/na%C3%AFve%20%231%3F.txt",
                                      "tests/fixtures/config.ini"});
  CHECK(levels == std::set<std::string>{"error", "warning"});
  for (const auto& rule : log["runs"][0]["tool"]["driver"]["rules"]) {
    if (rule["id"] == "secrets/aws-access-key-id") CHECK(rule["name"] == "AwsAccessKeyId");
    CHECK(rule["name"] != rule["id"]);
  }
  CHECK(dir.out.find(kAwsKey) == std::string::npos);
  CHECK(validate_text(out, "dir.sarif", dir.out) == "");

  // The same findings from history: results carry their commit.
  repo.git("add -A");
  repo.git("commit -q -m leak");
  const RunResult range = run(rg_bin() + " scan --format sarif --range HEAD", repo.path());
  CHECK(range.exit_code == 1);
  CHECK(json::parse(range.out)["runs"][0]["results"][0]["properties"].contains("commit"));
  CHECK(validate_text(out, "range.sarif", range.out) == "");

  // Stdin, and a name with a control byte (a tab): still a relative reference.
  const RunResult in = run(rg_bin() + " scan --format sarif -", repo.path(), "aws_key = \"" + kAwsKey + "\"\n");
  CHECK(in.exit_code == 1);
  CHECK(validate_text(out, "stdin.sarif", in.out) == "");
  repo.write("tab\there.txt", "aws_key = \"" + kAwsKey + "\"\n");
  const RunResult tab = run(rg_bin() + " scan --format sarif " + sh_quote("tab\there.txt"), repo.path());
  CHECK(json::parse(tab.out)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] ==
        "tab%09here.txt");
  CHECK(validate_text(out, "tab.sarif", tab.out) == "");

  // Nothing found: an empty results array, every rule still listed.
  const RunResult clean = run(rg_bin() + " scan --format sarif README.md", repo.path());
  CHECK(clean.exit_code == 0);
  CHECK(json::parse(clean.out)["runs"][0]["results"].empty());
  CHECK(validate_text(out, "clean.sarif", clean.out) == "");
}

TEST_CASE("ready --format sarif passes the validator") {
  TempDir out;
  TempRepo repo;
  repo.commit_file("README.md", "# app\n", "Initial import");
  repo.git("checkout -q -b feature/users");
  repo.commit_file("src/users.cpp", "int users() { return 1; }\n", "Add users");
  const RunResult r = run(rg_bin() + " ready --format sarif", repo.path());
  CHECK(r.exit_code == 1);  // not ready: no QA sign-off, among others
  const json log = json::parse(r.out);
  CHECK_FALSE(log["runs"][0]["results"].empty());
  for (const auto& rule : log["runs"][0]["tool"]["driver"]["rules"]) CHECK(rule["name"] != rule["id"]);
  CHECK(validate_text(out, "ready.sarif", r.out) == "");
}
} // TEST_SUITE
