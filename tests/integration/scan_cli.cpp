// `release-gate scan` over directories, ranges and stdin, in every output format.
#include "tests/support/testutil.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

using namespace rg::test;
using nlohmann::json;

namespace {
const std::string kAwsKey = "AKIAQ3EGRK7VXYZ2WBCD";
const std::string kGhToken = "ghp_" "R8tK2mQ9vX4bN7cL1pZ6wY3hJ5fD0sA2eG8u";
std::string rg_bin() { return sh_quote(bin("release-gate")); }
} // namespace

TEST_SUITE("scan_cli") {
TEST_CASE("directory scan: exit codes, text, json and sarif") {
  TempDir dir;
  write_file(dir / "clean.txt", "nothing to see\n");
  auto clean = run(rg_bin() + " scan -q .", dir.path());
  CHECK(clean.exit_code == 0);
  CHECK(clean.out.empty());

  write_file(dir / "src/deploy.sh", "#!/bin/sh\nexport GH=" + kGhToken + "\n");
  write_file(dir / "node_modules/pkg/index.js", "k='" + kAwsKey + "'\n");  // vendored: allowlisted
  write_file(dir / "img.dat", std::string("\x89PNG\0\0", 6) + kAwsKey);  // binary content
  auto text = run(rg_bin() + " scan .", dir.path());
  CHECK(text.exit_code == 1);
  CHECK(text.out.find("src/deploy.sh:2: error: ") != std::string::npos);
  CHECK(text.out.find("ghp_…(40 chars)") != std::string::npos);
  CHECK(text.all().find(kGhToken) == std::string::npos);
  CHECK(text.err.find("note: img.dat: skipped: binary file") != std::string::npos);
  CHECK(text.out.find("node_modules") == std::string::npos);

  auto j = run(rg_bin() + " scan --format json .", dir.path());
  CHECK(j.exit_code == 1);
  auto arr = json::parse(j.out);
  REQUIRE(arr.is_array());
  REQUIRE(arr.size() >= 1);
  bool found = false;
  for (auto& f : arr) {
    if (f["path"] == "src/deploy.sh" && f["line"] == 2) {
      found = true;
      CHECK(f["rule"].get<std::string>().rfind("secrets/github", 0) == 0);
      CHECK(f["match"].get<std::string>().find(kGhToken) == std::string::npos);
      CHECK(!f["fingerprint"].get<std::string>().empty());
      // Multi-line text stays multi-line: the newline is JSON's `\n`, not '?'.
      const auto fix = f["fix"].get<std::string>();
      CHECK(fix.find(";\nif it is not a secret") != std::string::npos);
      CHECK(fix.find('?') == std::string::npos);
    }
  }
  CHECK(found);
  CHECK(j.out.find(";\\nif it is not a secret") != std::string::npos);  // escaped in the output

  auto s = run(rg_bin() + " scan --format sarif .", dir.path());
  CHECK(s.exit_code == 1);
  auto sarif = json::parse(s.out);
  CHECK(sarif["version"] == "2.1.0");
  auto& run0 = sarif["runs"][0];
  CHECK(run0["tool"]["driver"]["name"] == "release-gate");
  CHECK(run0["tool"]["driver"]["rules"].size() >= 60);
  REQUIRE(run0["results"].size() >= 1);
  CHECK(run0["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "src/deploy.sh");
  CHECK(run0["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 2);
  CHECK(run0["results"][0]["partialFingerprints"].contains("releaseGate/v1"));
}

TEST_CASE("range scan reports the commit of each finding") {
  TempRepo repo;
  const std::string base = repo.commit_file("a.txt", "hello\n", "base");
  const std::string bad = repo.commit_file("b.txt", "x\nkey=" + kAwsKey + "\n", "leak");
  repo.git("rm -q b.txt");
  repo.git("commit -q -m remove");
  auto r = run(rg_bin() + " scan --format json --range " + base + "..HEAD", repo.path());
  CHECK(r.exit_code == 1);
  auto arr = json::parse(r.out);
  REQUIRE(arr.size() == 1);
  CHECK(arr[0]["commit"] == bad);
  CHECK(arr[0]["path"] == "b.txt");
  CHECK(arr[0]["line"] == 2);
  // The range before the leak is clean.
  CHECK(run(rg_bin() + " scan -q --range " + base, repo.path()).exit_code == 0);
  // A bad range is a usage error.
  auto u = run(rg_bin() + " scan --range nope..HEAD", repo.path());
  CHECK(u.exit_code == 2);
  CHECK(u.err.find("release-gate: error: `nope..HEAD` is not a valid range") != std::string::npos);
}

TEST_CASE("range scan names the commit that authored a line, not the merge that brought it in") {
  TempRepo repo;
  repo.commit_file("a.txt", "hello\n", "base");
  repo.git("checkout -q -b feature");
  const std::string authored = repo.commit_file("cfg/b.txt", "x\nkey=" + kAwsKey + "\n", "leak on a branch");
  repo.commit_file("c.txt", "more\n", "more on the branch");
  repo.git("checkout -q main");
  repo.commit_file("d.txt", "main moves on\n", "main");
  repo.git("merge -q --no-ff -m merge-feature feature");
  const std::string merge = repo.head();

  auto names = [&](const std::string& range) {
    auto r = run(rg_bin() + " scan --format json --range " + range, repo.path());
    CHECK(r.exit_code == 1);
    std::vector<std::string> commits;
    for (auto& f : json::parse(r.out)) commits.push_back(f["commit"].get<std::string>());
    return commits;
  };
  CHECK(names("main") == std::vector<std::string>{authored});
  CHECK(names("main~1..main") == std::vector<std::string>{authored});
  // When the authoring commit is outside the range, the merge is what brings the line in.
  CHECK(names("feature..main") == std::vector<std::string>{merge});

  // A line written in the merge itself (an "evil merge") is the merge's.
  repo.git("checkout -q -b other main~1");
  repo.commit_file("e.txt", "other\n", "other");
  repo.git("checkout -q main");
  repo.git("merge -q --no-ff --no-commit other");
  repo.write("e.txt", "other\ntoken=" + kGhToken + "\n");
  repo.git("add e.txt");
  repo.git("commit -q -m evil-merge");
  const std::string evil = repo.head();
  CHECK(names("main") == std::vector<std::string>{evil, authored});
}

TEST_CASE("range scan: the same findings in the same order on one thread or two") {
  TempRepo repo;
  repo.commit_file("a.txt", "hello\n", "base");
  // Enough commits for several work chunks, merges among them.
  for (int i = 0; i < 60; ++i) {
    if (i % 10 == 3) {
      repo.git(fmt::format("checkout -q -b f{}", i));
      repo.commit_file(fmt::format("f{}.env", i), fmt::format("AWS_ACCESS_KEY_ID=AKIAQ3EGRK7VXYZ2W{}\n", 100 + i));
      repo.git("checkout -q main");
      repo.commit_file(fmt::format("m{}.txt", i), "m\n");
      repo.git(fmt::format("merge -q --no-ff -m m{0} f{0}", i));
    } else {
      repo.commit_file(fmt::format("n{}.txt", i % 7), fmt::format("line {}\n", i));
    }
  }
  auto one = run(rg_bin() + " scan --format json --threads 1 --range main", repo.path());
  auto two = run(rg_bin() + " scan --format json --threads 2 --range main", repo.path());
  CHECK(one.exit_code == 1);
  CHECK(two.exit_code == 1);
  CHECK(json::parse(one.out).size() == 6);
  CHECK(one.out == two.out);
  for (auto& f : json::parse(one.out)) {
    auto log = repo.git("log -1 --format=%P " + f["commit"].get<std::string>());
    CHECK(log.out.find(' ') == std::string::npos);  // one parent: not a merge
  }
}

TEST_CASE("range and directory scans show progress on a terminal only") {
  TempRepo repo;
  for (int i = 0; i < 5; ++i) repo.commit_file(fmt::format("a{}.txt", i), "line\n");
  repo.commit_file("k.txt", "key=" + kAwsKey + "\n", "leak");
  // script(1) gives the command a terminal; its output comes back on our stdout.
  auto tty = run("script -qefc " + sh_quote(rg_bin() + " scan --range main >/dev/null") + " /dev/null", repo.path());
  CHECK(tty.out.find("scanning: 6/6 commits") != std::string::npos);
  CHECK(tty.out.find("MB/s, 1 finding so far") != std::string::npos);
  auto dir = run("script -qefc " + sh_quote(rg_bin() + " scan . >/dev/null") + " /dev/null", repo.path());
  CHECK(dir.out.find("files,") != std::string::npos);
  // Not a terminal: no progress line at all.
  auto piped = run(rg_bin() + " scan --range main", repo.path());
  CHECK(piped.exit_code == 1);
  CHECK(piped.err.find("scanning:") == std::string::npos);
  CHECK(piped.err.find("scanned 6 files in 6 commits") != std::string::npos);
}

TEST_CASE("stdin, usage errors and an invalid custom regex") {
  TempDir dir;
  auto r = run(rg_bin() + " scan -q -", dir.path(), "token " + kGhToken + "\n");
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("<stdin>:1: error: ") != std::string::npos);
  CHECK(run(rg_bin() + " scan -q -", dir.path(), "fine\n").exit_code == 0);
  CHECK(run(rg_bin() + " scan --format xml .", dir.path()).exit_code == 2);
  CHECK(run(rg_bin() + " scan /no/such/dir", dir.path()).exit_code == 2);
  write_file(dir / ".release-gate.yml",
             "secrets:\n  rules:\n    - id: broken\n      regex: 'a(?<x>b)'\n      keywords: [a]\n");
  auto bad = run(rg_bin() + " scan .", dir.path());
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find(".release-gate.yml:3:7: rule broken: invalid regex: ") != std::string::npos);
}
TEST_CASE("baseline: only new findings block") {
  TempDir dir;
  write_file(dir / "src/deploy.sh", "export GH=" + kGhToken + "\n");
  auto w = run(rg_bin() + " scan --write-baseline base.json .", dir.path());
  CHECK(w.exit_code == 0);
  CHECK(w.err.find("wrote 1 finding to the baseline base.json") != std::string::npos);
  const auto base = json::parse(read_file(dir / "base.json"));
  REQUIRE(base["fingerprints"].size() == 1);
  CHECK(base["fingerprints"][0].get<std::string>().rfind("src/deploy.sh:secrets/github-pat:", 0) == 0);
  CHECK(read_file(dir / "base.json").find(kGhToken) == std::string::npos);

  auto known = run(rg_bin() + " scan --baseline base.json .", dir.path());
  CHECK(known.exit_code == 0);
  CHECK(known.err.find("0 findings (1 more in the baseline)") != std::string::npos);

  write_file(dir / "src/more.sh", "export AWS_ACCESS_KEY_ID=" + kAwsKey + "\n");
  auto fresh = run(rg_bin() + " scan --baseline base.json .", dir.path());
  CHECK(fresh.exit_code == 1);
  CHECK(fresh.out.find("src/more.sh:1: error: ") != std::string::npos);
  CHECK(fresh.out.find("src/deploy.sh") == std::string::npos);

  auto missing = run(rg_bin() + " scan --baseline nope.json .", dir.path());
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("nope.json: baseline not found") != std::string::npos);
}

TEST_CASE("test credentials are warnings (exit 0); --paranoid adds the entropy detector") {
  TempDir dir;
  write_file(dir / "tests/test_db.py", "db_password = \"2k0HZMvkeL+3!4\"\n");
  write_file(dir / "src/blob.py", "x = \"Zk3Wq8Lr2VmX9Tp4Nc7Bd1Yh6Fj5Gs0Ae\"\n");
  auto r = run(rg_bin() + " scan .", dir.path());
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("tests/test_db.py:1: warning: ") != std::string::npos);
  CHECK(r.out.find("src/blob.py") == std::string::npos);
  auto p = run(rg_bin() + " scan --paranoid .", dir.path());
  CHECK(p.exit_code == 1);
  CHECK(p.out.find("src/blob.py:1: error: High-entropy string") != std::string::npos);
}
}
