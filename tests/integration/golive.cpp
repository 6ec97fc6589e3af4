// After the merge (SOP sections 4-6), end to end: a scripted day on a real repository with the
// hooks installed and a real server (bare repository with pre-receive): a routine release is
// merged, smoke-tested, announced and posted; a hotfix; a SEV1 rolled back by the on-call with
// the notification posted to a local webhook (failing first, retried by the next command); the
// incident awaiting RCA; a re-release written as the tool instructs, accepted first time; the log.

#include "tests/support/http_server.hpp"
#include "tests/support/push_harness.hpp"
#include "tests/support/testutil.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <atomic>

using namespace rg::test;
using nlohmann::json;

namespace {

const std::string kRoles = R"(release:
  roles:
    cdo: ["Dana Cruz <dana@example.com>"]
    ceo: ["Chris Ode <chris@example.com>"]
    cmo: ["Mo Reyes <mo@example.com>"]
    on-call: ["Omar Call <omar@example.com>"]
    release-manager: ["Pat Form <pat@example.com>"]
    cro: ["Rita Cole <rita@example.com>"]
)";

using harness::contains;
using harness::q;
using harness::trimmed;

const std::string kRoutine = harness::kRoutineRecord;
const std::string kHotfix = harness::kHotfixRecord;

std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

// A server (the harness's: hooks installed, the roles as its policy) and a client with the
// hooks installed; the team's policy, drops and reports in the server's temp dir.
struct Day {
  harness::Server server{"version: 1\n" + kRoles};
  const TempDir& dir = server.dir;
  const fs::path& bare = server.bare;
  fs::path policy;
  TempRepo client;
  std::string env;  ///< prefix for every command: policy, webhook, Monday token

  explicit Day(const std::string& webhook, const std::string& monday) {
    policy = dir / "team-policy.yml";
    write_file(policy, "version: 1\n" + kRoles +
                           "golive:\n  timezone: Europe/Berlin\n  monday:\n    api_url: " + monday +
                           "\n  agents:\n    sales.bot: [\"agents/sales/**\"]\n  handoff_dir: " + (dir / "drops").string() + "\n");
    env = "RELEASE_GATE_CONFIG=" + q(policy) + " RELEASE_GATE_WEBHOOK_URL=" + sh_quote(webhook) + " MONDAY_API_TOKEN=tok ";
    client.git("remote add origin " + q(bare));
    harness::install_client_hooks(client);
  }
  RunResult at(const std::string& when, const std::string& command) const {
    return run(env + "RELEASE_GATE_NOW=" + when + " " + command, client.path());
  }
  RunResult gate(const std::string& when, const std::string& args) const {
    return at(when, sh_quote(bin("release-gate")) + " " + args);
  }
  RunResult git(const std::string& args) const { return run(env + "git " + args, client.path()); }
  std::string server_rev(const std::string& ref) const { return server.rev(ref); }
};

} // namespace

TEST_SUITE("golive") {

TEST_CASE("a scripted day: release, smoke, announce, status, hotfix, SEV1 rollback, RCA, re-release, log") {
  std::atomic<int> webhook_status{200};
  HttpServer hooks([&](const HttpRequest& r) {
    if (r.target == "/v2") return HttpReply{200, "application/json", R"({"data":{"create_update":{"id":"991"}}})", 0};
    return HttpReply{webhook_status.load(), "text/plain", webhook_status == 200 ? "ok" : "no", 0};
  });
  Day d(hooks.url("/hook"), hooks.url("/v2"));
  auto& c = d.client;
  c.commit_file("README.md", "hello\n", "Initial import");
  REQUIRE(d.git("push -q origin main").exit_code == 0);

  // 09:00 UTC (10:00 in Berlin): a routine release of feature/login, with its Monday.com item.
  c.git("checkout -q -b feature/login main");
  c.commit_file("app/login.txt", "login v1\n", "Add login");
  c.git("checkout -q main");
  auto m = d.git("merge -q --no-ff -m " + sh_quote("Merge branch 'feature/login'\n\n" + kRoutine + "Monday-Item: 4242\n") + " feature/login");
  REQUIRE_MESSAGE(m.exit_code == 0, m.all());
  c.git("branch -q -d feature/login");
  const std::string release = c.head();
  auto p = d.git("push origin main");
  REQUIRE_MESSAGE(p.exit_code == 0, p.all());

  auto smoke = d.gate("2026-01-02T09:00:00Z", "smoke -- sh -c 'echo primary paths ok'");
  CHECK_MESSAGE(smoke.exit_code == 0, smoke.all());
  CHECK(contains(smoke.out, "primary paths ok\n"));
  CHECK(contains(smoke.out, "smoke test: PASS in "));

  auto ann = d.gate("2026-01-02T09:05:00Z", "announce --post");
  CHECK_MESSAGE(ann.exit_code == 0, ann.all());
  const std::string line = "✅ RELEASE LIVE — feature/login — 2026-01-02 10:00 CET — smoke test: PASS";
  CHECK(first_line(ann.out) == line);
  CHECK(contains(ann.out, "monitoring window: 24h, owner code.platform, until 2026-01-03 10:00 CET\n"));
  CHECK(contains(ann.out, "posted: webhook (announce/webhook)\n"));
  CHECK(contains(ann.out, "posted: Monday.com item 4242 (monday/completion/4242)\n"));
  auto reqs = hooks.requests();
  REQUIRE(reqs.size() == 2);
  CHECK(json::parse(reqs[0].body) == json{{"text", line}});
  CHECK(json::parse(reqs[1].body)["variables"]["item"] == "4242");
  CHECK(contains(json::parse(reqs[1].body)["variables"]["body"].get<std::string>(),
                 "Authorized-By: Dana Cruz <dana@example.com>"));

  // The note of record travels with the repository: pushed to the server like any ref.
  auto note = json::parse(c.git("notes --ref=release-gate show " + release).out);
  CHECK(note["smoke"][0]["result"] == "PASS");
  CHECK(note["live_at"] == "2026-01-02T09:00:00Z");
  CHECK(note["monitoring"]["end"] == "2026-01-03T09:00:00Z");
  p = d.git("push origin refs/notes/release-gate");
  CHECK_MESSAGE(p.exit_code == 0, p.all());
  CHECK(d.server_rev("refs/notes/release-gate") == trimmed(c.git("rev-parse refs/notes/release-gate").out));

  auto st = d.gate("2026-01-02T09:00:00Z", "status");
  CHECK_MESSAGE(st.exit_code == 0, st.all());
  CHECK(contains(st.out, "Monitoring windows open on main: 1\n  " + release.substr(0, 12) +
                             "  routine  24h window, owner code.platform, started 2026-01-02 10:00 CET, ends in 24h "
                             "(2026-01-03 10:00 CET)  feature/login\n"));

  // 11:00 UTC: a hotfix straight on main (4 h window).
  c.write("app/session.txt", "session fix\n");
  c.git("add app/session.txt");
  REQUIRE(d.git("commit -q -m " + sh_quote("Fix login crash\n\n" + kHotfix)).exit_code == 0);
  const std::string hotfix = c.head();
  REQUIRE(d.git("push -q origin main").exit_code == 0);
  CHECK(d.gate("2026-01-02T11:00:00Z", "smoke -- true").exit_code == 0);
  ann = d.gate("2026-01-02T11:00:00Z", "announce");
  CHECK(first_line(ann.out) == "✅ RELEASE LIVE — Fix login crash — 2026-01-02 12:00 CET — smoke test: PASS");
  st = d.gate("2026-01-02T11:00:00Z", "status --format json");
  auto sj = json::parse(st.out);
  REQUIRE(sj["open"].size() == 2);
  CHECK(sj["open"][0]["release"] == hotfix);
  CHECK(sj["open"][0]["window_minutes"] == 240);
  CHECK(sj["open"][0]["ends_in_seconds"] == 4 * 3600);
  CHECK(sj["open"][1]["ends_in_seconds"] == 22 * 3600);

  // 13:00 UTC: a SEV1 from the login release. The on-call rolls it back; the webhook is down.
  webhook_status = 500;
  auto rb = d.at("2026-01-02T13:00:00Z", "GIT_COMMITTER_NAME='Omar Call' GIT_COMMITTER_EMAIL=omar@example.com " +
                                             sh_quote(bin("release-rollback")) + " " + release.substr(0, 10) +
                                             " --incident INC-7 --push origin --post --report " + q(d.dir / "inc-7.md"));
  CHECK_MESSAGE(rb.exit_code == 0, rb.all());
  const std::string rollback = trimmed(c.git("rev-parse HEAD").out);
  CHECK(d.server_rev("refs/heads/main") == rollback);
  CHECK(contains(rb.out, "Reverted: " + release + " Merge branch 'feature/login'\n"));
  CHECK(contains(rb.out, "Rollback commit: " + rollback + "\n"));
  CHECK(contains(rb.out, "Pushed to origin (main): deploy the reverted version now"));
  CHECK(contains(rb.out, "— 2026-01-02 14:00 CET\n"));
  CHECK(contains(rb.out, "SEV2 incident report: skeleton written to " + (d.dir / "inc-7.md").string()));
  CHECK(contains(rb.out, "NOT POSTED: webhook (rollback/webhook/INC-7): HTTP 500 (attempt 1;"));
  CHECK(contains(rb.out, "git switch -c reland/" + release.substr(0, 12) + " main\n"));
  CHECK(d.server_rev("refs/notes/release-gate") == trimmed(c.git("rev-parse refs/notes/release-gate").out));

  // The next command retries the notification; status shows the incident awaiting its RCA.
  webhook_status = 200;
  st = d.gate("2026-01-02T13:10:00Z", "status");
  CHECK(contains(st.err, "posted: webhook (rollback/webhook/INC-7) on attempt 2\n"));
  const auto last = hooks.requests().back();
  CHECK(contains(json::parse(last.body)["text"].get<std::string>(), "@cdo @chief.staff ROLLBACK — INC-7 — " + release));
  CHECK(contains(st.out, "Monitoring windows open on main: 1\n"));
  CHECK(contains(st.out, "  " + release.substr(0, 12) + "  routine  ROLLED BACK  feature/login\n"));
  CHECK(contains(st.out, "Incidents and rollbacks awaiting RCA: 1\n  INC-7  release " + release.substr(0, 12) +
                             " rolled back 2026-01-02 14:00 CET by " + rollback.substr(0, 12) +
                             " (pushed)  awaiting RCA before re-release\n"));

  // The re-release, exactly as release-rollback said: revert the rollback on a branch, fix,
  // merge with the release record plus RCA: — accepted on the first push.
  const std::string sid = release.substr(0, 12);
  c.git("switch -q -c reland/" + sid + " main");
  REQUIRE(d.git("revert --no-edit " + rollback.substr(0, 12)).exit_code == 0);
  c.commit_file("app/login.txt", "login v2 (fixed)\n", "Fix the login regression");
  c.git("switch -q main");
  // Without the RCA line the commit-msg hook already says so, before any push.
  m = d.git("merge -q --no-ff -m " + sh_quote("Re-release login\n\n" + kRoutine) + " reland/" + sid);
  CHECK(m.exit_code != 0);
  CHECK_MESSAGE(contains(m.err, "[release/missing-rca]"), m.err);
  c.git("merge --abort");
  m = d.git("merge -q --no-ff -m " + sh_quote("Re-release login\n\n" + kRoutine + "RCA: docs/rca/INC-7.md\n") +
            " reland/" + sid);
  REQUIRE_MESSAGE(m.exit_code == 0, m.all());
  c.git("branch -q -d reland/" + sid);
  p = d.git("push origin main");
  CHECK_MESSAGE(p.exit_code == 0, p.all());
  CHECK(d.server_rev("refs/heads/main") == c.head());

  st = d.gate("2026-01-02T15:00:00Z", "status");
  CHECK(contains(st.out, "Incidents and rollbacks awaiting RCA: 0\n  INC-7  release " + sid));
  CHECK(contains(st.out, "RCA: docs/rca/INC-7.md\n"));

  auto lg = d.gate("2026-01-02T16:00:00Z", "log --since 1d --audit-log " + q(d.bare / "release-gate-audit.jsonl"));
  CHECK_MESSAGE(lg.exit_code == 0, lg.all());
  CHECK(contains(lg.out, "2026-01-02 10:00 CET  smoke  Test Dev <dev@example.com>  " + sid + "  PASS in "));
  CHECK(contains(lg.out, "2026-01-02 10:05 CET  announced  Test Dev <dev@example.com>  " + sid + "  " + line + "\n"));
  CHECK(contains(lg.out, "2026-01-02 14:00 CET  rollback  Omar Call <omar@example.com>  " + sid + "  INC-7 pushed " + rollback));
  CHECK(contains(lg.out, "  push accepted  "));
  CHECK(contains(lg.out, "authorized  Dana Cruz <dana@example.com>  " + sid));
}

TEST_CASE("announce: failures are reported and recorded; customer-facing and agent contract releases") {
  HttpServer down([](const HttpRequest&) { return HttpReply{503, "text/plain", "maintenance", 0}; });
  Day d(down.url("/hook"), down.url("/v2"));
  auto& c = d.client;
  c.commit_file("README.md", "hello\n", "Initial import");
  c.git("checkout -q -b feature/pricing main");
  c.commit_file("web/pricing/plans.md", "Pro: 10\n", "New plans");
  c.commit_file("agents/sales/CONTRACT.md", "quote the new plans\n", "Sales agent contract");
  c.git("checkout -q main");
  const std::string cf = "Release-Type: customer-facing\nAuthorized-By: Dana Cruz <dana@example.com>\n"
                         "Confirmed-By: Mo Reyes <mo@example.com>\nConfirmed-By: Chris Ode <chris@example.com>\n"
                         "QA-Signoff: QA-9 PASS\nRollback-Plan: git revert HEAD; eta 10m; executor code.platform\n"
                         "Monitoring-Window: 24h; owner code.platform\nMonday-Item: 77\n";
  auto m = d.git("merge -q --no-ff -m " + sh_quote("Release pricing\n\n" + cf) + " feature/pricing");
  REQUIRE_MESSAGE(m.exit_code == 0, m.all());
  const std::string release = c.head();

  auto ann = d.gate("2026-01-02T09:00:00Z", "announce --post");
  CHECK(ann.exit_code == 1);
  CHECK(first_line(ann.out) == "✅ RELEASE LIVE — feature/pricing — 2026-01-02 10:00 CET — smoke test: NOT RUN");
  CHECK(contains(ann.err, "warning: no smoke test recorded"));
  CHECK(contains(ann.out, "----- note for the CRO (cro) -----\n@Rita Cole <rita@example.com> customer-facing release is live"));
  CHECK(contains(ann.out, "NOT POSTED: webhook (announce/webhook): HTTP 503"));
  CHECK(contains(ann.out, "NOT POSTED: Monday.com item 77 (monday/completion/77): HTTP 503"));
  const fs::path drop = d.dir / "drops" / ("202601020900-release-" + release.substr(0, 12) + "-sales.bot.md");
  REQUIRE(fs::exists(drop));
  CHECK(contains(read_file(drop), "- `agents/sales/CONTRACT.md` at commit " + release));
  auto note = json::parse(c.git("notes --ref=release-gate show " + release).out);
  CHECK(note["deliveries"][0]["posted"] == false);
  CHECK(note["deliveries"][0]["last_error"] == "HTTP 503");
  CHECK(contains(note["announcement"]["cro_note"].get<std::string>(), "Rita Cole"));

  // Without a webhook configured, the retry says what to configure and keeps it pending.
  auto again = run("RELEASE_GATE_CONFIG=" + q(d.policy) + " RELEASE_GATE_NOW=2026-01-02T10:00:00Z " +
                       sh_quote(bin("release-gate")) + " deliver",
                   c.path());
  CHECK(again.exit_code == 1);
  CHECK(contains(again.out, "NOT POSTED: webhook (announce/webhook): no webhook URL: set RELEASE_GATE_WEBHOOK_URL"));
  CHECK(contains(again.out, "(attempt 2;"));
}

TEST_CASE("smoke: FAIL, timeout, and the exit status of the command") {
  HttpServer none([](const HttpRequest&) { return HttpReply{}; });
  Day d(none.url("/hook"), none.url("/v2"));
  auto& c = d.client;
  c.commit_file("README.md", "hello\n", "Initial import");
  REQUIRE(d.git("commit -q --allow-empty -m " + sh_quote("Hotfix\n\n" + kHotfix)).exit_code == 0);
  auto r = d.gate("2026-01-02T09:00:00Z", "smoke -- sh -c 'echo checkout broken; exit 4'");
  CHECK(r.exit_code == 4);
  CHECK(contains(r.out, "smoke test: FAIL in "));
  CHECK(contains(r.out, ", exit status 4; recorded on "));
  r = d.gate("2026-01-02T09:01:00Z", "smoke --timeout 1m -- true");
  CHECK(r.exit_code == 0);
  auto note = json::parse(c.git("notes --ref=release-gate show HEAD").out);
  REQUIRE(note["smoke"].size() == 2);
  CHECK(note["smoke"][0]["result"] == "FAIL");
  CHECK(note["smoke"][0]["output_tail"] == "checkout broken\n");
  CHECK(note["smoke"][1]["result"] == "PASS");
  CHECK(note["live_at"] == "2026-01-02T09:00:00Z");
  r = d.gate("2026-01-02T09:02:00Z", "smoke --timeout soon -- true");
  CHECK(r.exit_code == 2);
  CHECK(contains(r.err, "--timeout must be a duration such as 5m"));
}

} // TEST_SUITE
