// commit-msg through the real `git commit`, installed by install.sh into real repositories.

#include "tests/support/testutil.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <string>

using namespace rg::test;

namespace {

const char* kPolicy =
    "release:\n"
    "  roles:\n"
    "    cdo: ['Dana Cruz <dana@example.com>']\n"
    "    ceo: ['Carl Eng <carl@example.com>']\n"
    "    cmo: ['Mia Lopez <mia@example.com>']\n";

const std::string kRecord = "Release-Type: routine\n"
                            "Authorized-By: Dana Cruz <dana@example.com>\n"
                            "QA-Signoff: QA-12 PASS\n"
                            "Rollback-Plan: git revert HEAD; eta 15m; executor code.platform\n"
                            "Monitoring-Window: 24h; owner code.platform\n";

// A repository with one commit on main, the team's policy, and the commit-msg hook installed by
// install.sh from a directory holding only the built commit-msg (so no other hook interferes).
struct HookedRepo {
  TempDir bins;
  TempRepo repo;
  TempDir msgs;
  std::string base;

  HookedRepo() {
    std::filesystem::create_symlink(bin("commit-msg"), bins / "commit-msg");
    run_ok("bash " + sh_quote(std::string(RG_SOURCE_DIR) + "/install.sh") + " --repo " + sh_quote(repo.str()) +
           " --bin-dir " + sh_quote(bins.str()));
    REQUIRE(read_file(repo.path() / ".git/hooks/commit-msg").find("release-gate hook shim") != std::string::npos);
    repo.write(".release-gate.yml", kPolicy);
    base = repo.commit_file("README.md", "hello\n", "initial import");
  }

  // git commit --allow-empty -F <message> (extra args before); the message is written to a file
  // outside the work tree.
  RunResult commit(const std::string& message, const std::string& extra = "") {
    static int n = 0;
    auto file = msgs / ("msg" + std::to_string(++n));
    write_file(file, message);
    return repo.try_git("commit --allow-empty " + extra + " -F " + sh_quote(file.string()));
  }
};

std::string release(const std::string& record) { return "Release 2.0\n\nShips the login page.\n\n" + record; }

} // namespace

TEST_SUITE("commit_msg") {

TEST_CASE("a release commit on main without authorization is refused and does not exist") {
  HookedRepo h;
  std::string no_auth = release(kRecord);
  no_auth.erase(no_auth.find("Authorized-By"), no_auth.find("QA-Signoff") - no_auth.find("Authorized-By"));
  auto r = h.commit(no_auth);
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("commit-msg: this commit goes to `main`, a protected branch: its message must carry the "
                   "release record.\n\n"
                   "commit message: error: `routine` releases need an `Authorized-By:` line from a holder of "
                   "role `cdo` [auth/missing-authorization]\n"
                   "    fix: add to the trailer block: Authorized-By: Dana Cruz <dana@example.com>\n"
                   "         (role `cdo`: Dana Cruz <dana@example.com>)\n"
                   "commit-msg: 1 problem (1 error, 0 warnings)\n\n"
                   "Release lines for a `routine` release (paste them as the last paragraph of the message):\n\n"
                   "    Release-Type: routine\n"
                   "    Authorized-By: Dana Cruz <dana@example.com>\n") != std::string::npos);
  CHECK(h.repo.head() == h.base);
  CHECK(h.repo.git("log --format=%s").out == "initial import\n");
}

TEST_CASE("the same release with a correct record is created") {
  HookedRepo h;
  auto r = h.commit(release(kRecord));
  REQUIRE_MESSAGE(r.exit_code == 0, r.all());
  CHECK(r.err.empty());
  CHECK(h.repo.head() != h.base);
  CHECK(h.repo.git("log -1 --format=%B").out == release(kRecord) + "\n");
  // What the server will read back is exactly the record.
  CHECK(run_ok(sh_quote(bin("release-gate")) + " trailers", {}, h.repo.git("log -1 --format=%B").out).out == kRecord);
}

TEST_CASE("feature and release branches are not checked, as on the server; protected branches are") {
  HookedRepo h;
  h.repo.git("checkout -q -b feature/login");
  auto r = h.commit("wip: half a login page\n");
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
  h.repo.git("checkout -q -b release/2.0 main");
  r = h.commit("wip on the release branch\n");
  CHECK(r.exit_code == 0);
  h.repo.git("checkout -q main");
  r = h.commit("wip straight on main\n");
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("commit-msg: this commit goes to `main`, a protected branch") != std::string::npos);
  CHECK(r.err.find("[release/missing-type]") != std::string::npos);
  // Detached HEAD (a rebase in progress, a bisect): not a branch, not checked.
  h.repo.git("checkout -q --detach main");
  CHECK(h.commit("detached\n").exit_code == 0);
}

TEST_CASE("what the commit changes decides the type: customer-facing paths and merged features") {
  HookedRepo h;
  h.repo.write("web/pricing/index.html", "<p>9 EUR</p>\n");
  h.repo.git("add web/pricing/index.html");
  auto r = h.commit(release(kRecord));
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("error: this release changes customer-facing paths (web/pricing/index.html) but is declared "
                   "`routine` [release/mislabeled-type]") != std::string::npos);
  h.repo.git("reset -q --hard");

  h.repo.git("checkout -q -b feature/a");
  h.repo.commit_file("a.txt", "a\n", "a");
  h.repo.git("checkout -q -b feature/b main");
  h.repo.commit_file("b.txt", "b\n", "b");
  h.repo.git("checkout -q main");
  auto file = h.msgs / "merge";
  write_file(file, release(kRecord));
  r = h.repo.try_git("merge --no-ff -F " + sh_quote(file.string()) + " feature/a feature/b");
  CHECK(r.exit_code != 0);
  CHECK(r.err.find("error: this release merges 2 feature branches but is declared `routine` "
                   "[release/mislabeled-type]") != std::string::npos);
  CHECK(h.repo.head() == h.base);
}

TEST_CASE("bad input: clear messages, never a crash") {
  HookedRepo h;
  SUBCASE("empty message") {
    auto r = h.repo.try_git("commit --allow-empty --allow-empty-message -m ''");
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("commit message: error: the commit message is empty [release/empty-message]") != std::string::npos);
  }
  SUBCASE("only comments") {
    auto r = h.commit("# Please enter the commit message\n# nothing else\n", "--cleanup=strip --allow-empty-message");
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("[release/empty-message]") != std::string::npos);
  }
  SUBCASE("comments around a good record are stripped first, as git does") {
    auto r = h.commit("# a comment\n" + release(kRecord) + "\n# Please enter the commit message\n", "--cleanup=strip");
    CHECK_MESSAGE(r.exit_code == 0, r.all());
  }
  SUBCASE("CRLF line ends") {
    std::string crlf;
    for (char c : release(kRecord)) {
      if (c == '\n') crlf += '\r';
      crlf += c;
    }
    auto r = h.commit(crlf);
    CHECK_MESSAGE(r.exit_code == 0, r.all());
  }
  SUBCASE("non-UTF-8 bytes") {
    std::string m = release(kRecord);
    m.replace(m.find("QA-12 PASS"), 10, "QA-\xff\xfe FAIL");
    auto r = h.commit(m);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("commit message:7: error: QA sign-off `QA-??` is FAIL: a release with an open FAIL criterion "
                     "cannot ship [release/qa-failed]") != std::string::npos);
  }
  SUBCASE("a 1 MB message") {
    std::string body = "Release 2.0\n\n";
    while (body.size() < (1u << 20)) body += "A long body line that says nothing in particular, again and again.\n";
    auto r = h.commit(body + "\n" + kRecord);
    CHECK_MESSAGE(r.exit_code == 0, r.all());
    r = h.commit(body);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("[release/missing-type]") != std::string::npos);
  }
  SUBCASE("duplicate and conflicting trailers") {
    auto r = h.commit(release(kRecord + "Release-Type: hotfix\n"));
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("commit message:10: error: `Release-Type` appears 2 times with different values: `routine` "
                     "(line 5), `hotfix` (line 10) [release/conflicting-trailer]") != std::string::npos);
    r = h.commit(release(kRecord + "Release-Type: routine\n"));
    CHECK(r.exit_code == 0);
    CHECK(r.err.find("warning: `Release-Type` appears 2 times [release/duplicate-trailer]") != std::string::npos);
  }
  SUBCASE("unknown type lists the valid ones") {
    std::string m = release(kRecord);
    m.replace(m.find("routine"), 7, "weekly");
    auto r = h.commit(m);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("commit message:5: error: unknown release type `weekly`; valid types: routine, multi-feature, "
                     "architecture, hotfix, customer-facing, rollback [release/unknown-type]") != std::string::npos);
  }
  SUBCASE("a misspelled key gets did-you-mean") {
    std::string m = release(kRecord);
    m.replace(m.find("Authorized-By"), 13, "Authorised-By");
    auto r = h.commit(m);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("error: unknown trailer `Authorised-By`; did you mean `Authorized-By`? "
                     "[release/misspelled-trailer]") != std::string::npos);
  }
  // Whatever happened, the hook never crashed (a crash would show as a signal, not 0/1).
  CHECK(h.repo.git("fsck --no-progress").exit_code == 0);
}

TEST_CASE("internal errors exit 2 with `commit-msg: error:` and refuse the commit") {
  HookedRepo h;
  h.repo.write(".release-gate.yml", "release:\n  sepration_of_duties: false\n");
  auto r = h.commit(release(kRecord));
  CHECK(r.exit_code != 0);
  CHECK(r.err.find("commit-msg: error: " + h.repo.str() + "/.release-gate.yml:2:3: unknown key "
                   "`sepration_of_duties` in `release`; did you mean `separation_of_duties`?") != std::string::npos);
  CHECK(h.repo.head() == h.base);
  h.repo.write(".release-gate.yml", kPolicy);
  auto direct = run(sh_quote(bin("commit-msg")) + " /nonexistent/COMMIT_EDITMSG", h.repo.path());
  CHECK(direct.exit_code == 2);
  CHECK(direct.err == "commit-msg: error: cannot read the message file /nonexistent/COMMIT_EDITMSG\n");
}

TEST_CASE("release-gate template / check-message / trailers") {
  HookedRepo h;
  const std::string rg = sh_quote(bin("release-gate"));
  auto t = run_ok(rg + " template hotfix", h.repo.path());
  CHECK(t.out.find("Release-Type: hotfix\nAuthorized-By: Dana Cruz <dana@example.com>\nCEO-Notified: ") !=
        std::string::npos);
  auto bad = run(rg + " template weekly", h.repo.path());
  CHECK(bad.exit_code == 2);
  CHECK(bad.err == "release-gate: error: unknown release type `weekly`; valid types: routine, multi-feature, "
                   "architecture, hotfix, customer-facing, rollback\n");

  write_file(h.msgs / "good", release(kRecord));
  write_file(h.msgs / "bad", release("Release-Type: routine\n"));
  CHECK(run(rg + " check-message " + sh_quote((h.msgs / "good").string()), h.repo.path()).exit_code == 0);
  auto text = run(rg + " check-message " + sh_quote((h.msgs / "bad").string()), h.repo.path());
  CHECK(text.exit_code == 1);
  CHECK(text.out.find("auth/missing-authorization") != std::string::npos);
  CHECK(text.out.find("Release lines for a `routine` release") != std::string::npos);
  auto json = run(rg + " check-message --format json -", h.repo.path(), release("Release-Type: routine\n"));
  CHECK(json.exit_code == 1);
  CHECK(json.out.find("\"rule\": \"release/missing-trailer\"") != std::string::npos);
  CHECK(json.out.find("\"line\": 0") != std::string::npos);
  CHECK(run(rg + " check-message --format sarif -", h.repo.path(), "x").exit_code == 2);

  const std::string m = "s\n\nKey :value\n  continued\nSigned-off-by: A <a@example.com>\n";
  CHECK(run_ok(rg + " trailers -", {}, m).out == run_ok("git interpret-trailers --parse", {}, m).out);
  write_file(h.msgs / "m", m);
  CHECK(run_ok(rg + " trailers " + sh_quote((h.msgs / "m").string())).out == "Key: value continued\nSigned-off-by: A <a@example.com>\n");
}
}
