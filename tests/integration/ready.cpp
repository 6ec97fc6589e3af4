// `release-gate ready` end to end (issue 10's "Done when"): a real repository with the hooks
// installed, a real bare server with pre-receive, a local GitHub-issues server with an open
// SEV2 and a local monday.com board with an unfinished item. The report lists exactly the four
// problems with evidence and next steps (exit 1); once fixed it passes (exit 0), and the record
// it prints, pasted into `git merge --no-ff`, is accepted by commit-msg and pre-receive.

#include "tests/support/http_server.hpp"
#include "tests/support/push_harness.hpp"
#include "tests/support/testutil.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdlib>

using namespace rg::test;
using nlohmann::json;

namespace {

using harness::contains;
using harness::q;
using harness::Server;

std::string policy_text(const std::string& github_url, const std::string& monday_url) {
  return R"(version: 1
release:
  roles:
    cdo: ["Dana Cruz <dana@example.com>"]
    ceo: ["Chris Ode <chris@example.com>"]
    cmo: ["Mo Reyes <mo@example.com>"]
    release-manager: ["Rita Manning <rita@example.com>"]
    on-call: ["Oscar Call <oscar@example.com>"]
readiness:
  documentation:
    - surface: public-api
      when: ["src/api/**"]
      require: ["docs/**", "README.md"]
  sources:
    open_sev: {provider: github, api_url: ")" + github_url + R"(", repo: acme/app, labels: [SEV1, SEV2]}
    tracker:  {provider: monday, api_url: ")" + monday_url + R"(", token_env: RG_IT_MONDAY_TOKEN, board: "4242", timeout_ms: 3000}
)";
}

struct Client : TempRepo {
  explicit Client(const Server& s, const std::string& policy) {
    harness::install_client_hooks(*this);
    git("remote add origin " + q(s.bare));
    // The team's policy, untracked here (a tracked one would make every release an
    // architecture release: branch/policy-change-needs-architecture).
    write(".release-gate.yml", policy);
    write(".git/info/exclude", ".release-gate.yml\n");
    write("README.md", "# app\n");
    write("docs/api.md", "# API\n");
    write("src/api/users.cpp", "int users() { return 1; }\n");
    git("add -A");
    git("commit -q --no-verify -m 'Initial import'");  // an import, not a release
    auto r = run("git push -q origin main", path());
    REQUIRE_MESSAGE(r.exit_code == 0, r.all());
  }
  RunResult ready(const std::string& args) const {
    return run("RG_IT_MONDAY_TOKEN=mon-secret " + sh_quote(bin("release-gate")) + " ready " + args, path());
  }
};

// monday.com's documented answer to a board's items_page query.
std::string monday_board(bool finished) {
  json items = json::array();
  items.push_back({{"id", "901"}, {"name", "Users API"}, {"group", {{"id", "topics"}, {"title", "Release"}}},
                   {"column_values", json::array({{{"id", "status"}, {"text", "Done"}}})}});
  items.push_back({{"id", "902"}, {"name", "Users API docs"}, {"group", {{"id", "topics"}, {"title", "Release"}}},
                   {"column_values", json::array({{{"id", "status"}, {"text", finished ? "Done" : "Working on it"}}})}});
  return json{{"data", {{"boards", json::array({{{"items_page", {{"cursor", nullptr}, {"items", items}}}}})}}},
              {"account_id", 7}}
      .dump();
}

// GitHub's documented answer to GET /repos/acme/app/issues?state=open&labels=...
std::string github_issues(const std::string& target, bool sev2_open) {
  if (!sev2_open || !contains(target, "labels=SEV2")) return "[]";
  return json::array({{{"number", 57}, {"title", "Users list times out"}, {"state", "open"},
                       {"html_url", "https://github.com/acme/app/issues/57"},
                       {"labels", json::array({{{"name", "SEV2"}}})}}})
      .dump();
}

const std::string kFeatureRecord =
    "Rollback-Plan: git revert -m 1 HEAD; eta 15m; executor code.platform\n"
    "Monitoring-Window: 24h; owner code.platform\n"
    "Docs-Signoff: Dana Cruz <dana@example.com>\n";

json item(const json& report, const std::string& id) {
  for (const auto& i : report["items"])
    if (i["id"] == id) return i;
  FAIL("no item " << id);
  return {};
}

} // namespace

TEST_SUITE("ready") {

TEST_CASE("done when: four problems listed with evidence and next steps; fixed, the record is accepted") {
  std::atomic<bool> sev2_open{true}, tracker_done{false};
  HttpServer github([&](const HttpRequest& r) { return HttpReply{200, "application/json", github_issues(r.target, sev2_open), 0}; });
  HttpServer monday([&](const HttpRequest& r) {
    if (r.headers.count("authorization") == 0 || r.headers.at("authorization") != "mon-secret")
      return HttpReply{401, "application/json", R"({"errors":[{"message":"Not Authenticated"}]})", 0};
    return HttpReply{200, "application/json", monday_board(tracker_done), 0};
  });
  const std::string policy = policy_text(github.url(), monday.url("/v2"));
  Server s(policy);
  Client c(s, policy);

  c.git("checkout -q -b feature/users");
  c.write("src/api/users.cpp", "int users() { return 2; }\n");
  c.git("add -A");
  c.git("commit -q -m 'Users endpoint pages its results' -m " + sh_quote("QA-Signoff: QA-12 FAIL\n" + kFeatureRecord));

  // Before: exactly the four problems, each with evidence and the next step.
  auto r = c.ready("--format json");
  CHECK_MESSAGE(r.exit_code == 1, r.all());
  const json before = json::parse(r.out);
  std::vector<std::string> failing;
  for (const auto& i : before["items"])
    if (i["status"] != "pass") failing.push_back(i["id"].get<std::string>() + ":" + i["status"].get<std::string>());
  CHECK(failing == std::vector<std::string>{"tech.qa-signoff:fail", "tech.no-open-sev:fail", "doc.changes:fail",
                                            "ops.tracker-done:fail"});
  CHECK(before["ready"] == false);
  CHECK(item(before, "tech.qa-signoff")["evidence"][0].get<std::string>().rfind("QA-Signoff: QA-12 FAIL (commit ", 0) == 0);
  CHECK(contains(item(before, "tech.qa-signoff")["next"], "QA-Signoff: QA-12 PASS"));
  CHECK(item(before, "tech.no-open-sev")["evidence"][1] == "#57 Users list times out [SEV2] https://github.com/acme/app/issues/57");
  CHECK(item(before, "doc.changes")["evidence"][0] == "public-api: src/api/users.cpp changed; none of docs/**, README.md did");
  CHECK(contains(item(before, "doc.changes")["next"], "update the docs on feature/users"));
  CHECK(item(before, "ops.tracker-done")["evidence"][0] == "1 of 2 items of monday.com board 4242 are not Done");
  CHECK(item(before, "ops.tracker-done")["evidence"][1] == "item 902 \"Users API docs\": Working on it");
  for (const auto& i : before["items"]) {
    CHECK_MESSAGE(!i["evidence"].empty(), i["id"]);
    if (i["status"] != "pass") CHECK_MESSAGE(!i["next"].get<std::string>().empty(), i["id"]);
  }
  CHECK_FALSE(contains(r.all(), "mon-secret"));

  // The text report says the same for people.
  r = c.ready("");
  CHECK(r.exit_code == 1);
  CHECK(contains(r.out, "FAIL     tech.qa-signoff"));
  CHECK(contains(r.out, "NOT READY: 4 of 11 required items do not pass: tech.qa-signoff (fail), tech.no-open-sev (fail), "
                        "doc.changes (fail), ops.tracker-done (fail)"));

  // Markdown for the CDO to read and sign; SARIF for code-scanning UIs.
  r = c.ready("--format markdown");
  CHECK(r.exit_code == 1);
  CHECK(contains(r.out, "# Release readiness: feature/users → main"));
  CHECK(contains(r.out, "| [ ] | All QA sign-offs complete, no open FAIL criteria `tech.qa-signoff` | ✗ fail |"));
  CHECK(contains(r.out, "CDO (or delegate): ______"));
  r = c.ready("--format sarif");
  const json sarif = json::parse(r.out);
  CHECK(sarif["version"] == "2.1.0");
  std::vector<std::string> rule_ids;
  for (const auto& res : sarif["runs"][0]["results"]) rule_ids.push_back(res["ruleId"]);
  CHECK(rule_ids == std::vector<std::string>{"ready/tech.qa-signoff", "ready/tech.no-open-sev", "ready/doc.changes",
                                             "ready/ops.tracker-done"});

  // Fix all four.
  c.write("docs/api.md", "# API\n\nusers() pages its results.\n");
  c.git("add -A");
  c.git("commit -q -m 'Document paging' -m 'QA-Signoff: QA-12 PASS'");
  sev2_open = false;
  tracker_done = true;

  r = c.ready("--format json");
  CHECK_MESSAGE(r.exit_code == 0, r.all());
  const json after = json::parse(r.out);
  CHECK(after["ready"] == true);
  const std::string record = after["record"];
  CHECK(record ==
        "Release-Type: routine\nAuthorized-By: Dana Cruz <dana@example.com>\nQA-Signoff: QA-12 PASS\n"
        "Rollback-Plan: git revert -m 1 HEAD; eta 15m; executor code.platform\n"
        "Monitoring-Window: 24h; owner code.platform\nDocs-Signoff: Dana Cruz <dana@example.com>\n");

  // The pasted record passes commit-msg (installed by install.sh) and pre-receive.
  c.git("checkout -q main");
  auto m = c.try_git("merge --no-ff -m " + sh_quote("Release: users API paging\n\n" + record) + " feature/users");
  CHECK_MESSAGE(m.exit_code == 0, m.all());
  // check-push treats local branches as the server's: a merged one must go, as the SOP says.
  auto kept = run(sh_quote(bin("release-gate")) + " check-push origin/main main refs/heads/main", c.path());
  CHECK(kept.exit_code == 1);
  CHECK(contains(kept.out, "[branch/dangling-feature-branch]"));
  c.git("branch -q -d feature/users");
  auto check = run(sh_quote(bin("release-gate")) + " check-push origin/main main refs/heads/main", c.path());
  CHECK_MESSAGE(check.exit_code == 0, check.all());
  auto p = run("git push origin main", c.path());
  CHECK_MESSAGE(p.exit_code == 0, p.all());
  CHECK(contains(p.err, "remote: release-gate: ok"));

  // After the merge, `ready` on main reads the release merge itself.
  r = c.ready("--format json --no-external");
  const json merged = json::parse(r.out);
  CHECK(item(merged, "tech.merged")["status"] == "pass");
  CHECK(contains(item(merged, "tech.merged")["evidence"][0], "release merge"));
}

TEST_CASE("pre-receive refuses a release entering main that changes the API without its docs") {
  const std::string policy = policy_text("http://127.0.0.1:1", "http://127.0.0.1:1/v2");
  Server s(policy);
  Client c(s, policy);
  c.git("checkout -q -b feature/api");
  c.write("src/api/users.cpp", "int users() { return 3; }\n");
  c.git("add -A");
  c.git("commit -q -m 'change the API'");
  c.git("checkout -q main");
  c.git("merge -q --no-ff -m " +
        sh_quote("Release: api\n\nRelease-Type: routine\nAuthorized-By: Dana Cruz <dana@example.com>\n"
                 "QA-Signoff: QA-1 PASS\nRollback-Plan: git revert -m 1 HEAD; eta 15m; executor code.platform\n"
                 "Monitoring-Window: 24h; owner code.platform\n") +
        " feature/api");
  auto check = run(sh_quote(bin("release-gate")) + " check-push origin/main main refs/heads/main", c.path());
  CHECK(check.exit_code == 1);
  CHECK(contains(check.out, "[doc/missing-docs]"));
  auto p = run("git push origin main", c.path());
  CHECK(p.exit_code != 0);
  CHECK(contains(p.err, "changes the public-api surface without its docs: public-api: src/api/users.cpp changed; "
                        "none of docs/**, README.md did [doc/missing-docs]"));

  // Unreachable sources are `unknown`, never a hang; --attest records the result for the tip.
  c.git("checkout -q feature/api");
  auto r = c.ready("--format json --attest");
  CHECK(r.exit_code == 1);
  const json j = json::parse(r.out);
  CHECK(item(j, "tech.no-open-sev")["status"] == "unknown");
  CHECK(contains(item(j, "tech.no-open-sev")["evidence"][0], "could not be reached"));
  const std::string tip = c.head();
  CHECK(contains(r.err, "attestation (NOT passed) written to refs/release-gate/attestations/" + tip));
  const json att = json::parse(c.git("cat-file -p refs/release-gate/attestations/" + tip).out);
  CHECK(att["format"] == "release-gate-attestation/1");
  CHECK(att["commit"] == tip);
  CHECK(att["passed"] == false);
}

}

TEST_SUITE("ready") {

TEST_CASE("day one: a sync merge from `git pull`, a fast-forward, and a clone without the team's roles") {
  const std::string policy = policy_text("http://127.0.0.1:1", "http://127.0.0.1:1/v2");
  Server s(policy);
  Client c(s, policy);

  // Someone else releases to main meanwhile.
  TempDir other;
  run_ok("git clone -q " + q(s.bare) + " " + q(other / "o"));
  const fs::path o = other / "o";
  run_ok("git checkout -q -b feature/notes && echo notes > notes.txt && git add notes.txt && git commit -q -m notes", o);
  run_ok("git checkout -q main && git merge -q --no-ff -m " +
             sh_quote("Release: notes\n\nRelease-Type: routine\nAuthorized-By: Dana Cruz <dana@example.com>\n"
                      "QA-Signoff: QA-2 PASS\nRollback-Plan: git revert -m 1 HEAD; eta 15m; executor code.platform\n"
                      "Monitoring-Window: 24h; owner code.platform\n") +
             " feature/notes && git push -q origin main",
         o);

  // Here, a local commit on main, then `git pull`: the merge it makes is a sync, not a release.
  c.write("local.txt", "x\n");
  c.git("add local.txt");
  c.git("commit -q --no-verify -m 'local work'");
  auto pull = c.try_git("-c pull.rebase=false pull --no-edit origin main");
  CHECK(pull.exit_code != 0);
  CHECK(contains(pull.all(), "commit-msg: this is a sync merge (`git pull` merging the upstream's `main` into your `main`), not a release"));
  CHECK(contains(pull.all(), "git merge --abort && git pull --rebase=merges"));
  c.git("merge --abort");
  c.git("reset -q --hard origin/main");

  // A fast-forward merge is recognised: merge with --no-ff.
  c.git("checkout -q -b feature/ff");
  c.commit_file("ff.txt", "ff\n", "ff work");
  c.git("checkout -q main");
  c.git("merge -q --ff-only feature/ff");
  auto r = c.ready("feature/ff --format json --no-external");
  const json j = json::parse(r.out);
  CHECK(item(j, "tech.merged")["status"] == "fail");
  CHECK(contains(item(j, "tech.merged")["evidence"][0], "without a merge commit: git fast-forwarded it"));
  CHECK(contains(item(j, "tech.merged")["next"], "git merge --no-ff feature/ff"));

  // A clone without .release-gate.yml: say the roles are not configured, not "paste the placeholder".
  TempRepo bare_clone;
  harness::install_client_hooks(bare_clone);
  bare_clone.write("a.txt", "a\n");
  bare_clone.git("add a.txt");
  auto commit = bare_clone.try_git("commit -q -m " + sh_quote("Release: a\n\nRelease-Type: routine\nQA-Signoff: QA-3 PASS\n"
                                                               "Rollback-Plan: git revert HEAD; eta 15m; executor code.platform\n"
                                                               "Monitoring-Window: 24h; owner code.platform\n"));
  CHECK(commit.exit_code == 1);
  CHECK(contains(commit.err, "`routine` releases need an `Authorized-By:` line from a holder of role `cdo`, but release roles "
                             "are not configured here (only the shipped placeholders)"));
  CHECK(contains(commit.err, "get the team's policy: copy the server's release-gate.yml to .release-gate.yml"));
  CHECK_FALSE(contains(commit.err, "Authorized-By: PLACEHOLDER"));
}

}

TEST_SUITE("ready") {

TEST_CASE("checklist: every item of SOP sections 2-6 and what enforces it") {
  auto r = run_ok(sh_quote(bin("release-gate")) + " checklist");
  for (const std::string section : {"[2 Technical]", "[2 Documentation]", "[2 Operational]", "[3 Authorization]",
                                    "[4 Communication]", "[5 Monitoring]", "[6 Rollback]"})
    CHECK_MESSAGE(contains(r.out, section), section);
  CHECK(contains(r.out, "[2 Technical] No open SEV1 or SEV2 bugs in the affected codebase\n    -> ready: tech.no-open-sev"));
  CHECK(contains(r.out, "[2 Documentation] Agent contracts updated if agent capabilities changed\n    -> readiness.documentation"));
  CHECK(contains(r.out, "[6 Rollback] Root cause analysis before re-release\n    -> RCA trailer"));
  size_t items = 0;
  for (size_t pos = r.out.find("\n    -> "); pos != std::string::npos; pos = r.out.find("\n    -> ", pos + 1)) ++items;
  CHECK(items == 26);
}

}
