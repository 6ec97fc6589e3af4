// Go-live building blocks: the note of record's merge, times in the team's zone, the SOP's texts,
// the Monday.com GraphQL write, the smoke runner, and deliveries that fail, are recorded and are
// retried against a local HTTP server.

#include "lib/core/clock.hpp"
#include "lib/core/error.hpp"
#include "lib/git/repo.hpp"
#include "lib/golive/announce.hpp"
#include "lib/golive/deliver.hpp"
#include "lib/golive/monday_updates.hpp"
#include "lib/golive/notes.hpp"
#include "lib/golive/record.hpp"
#include "lib/golive/release.hpp"
#include "lib/golive/smoke.hpp"
#include "lib/policy/policy.hpp"
#include "tests/support/http_server.hpp"
#include "tests/support/testutil.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <sstream>

using namespace rg;
using golive::json;

TEST_SUITE("golive") {

TEST_CASE("notes merge, never overwrite") {
  json base = json::parse(R"({"type":"routine","smoke":[{"id":"s1","result":"FAIL"}],
                              "deliveries":[{"id":"announce/webhook","posted":false,"attempts":1}],
                              "monitoring":{"start":"a","owner":"x"}})");
  golive::merge_record(base, json::parse(R"({"smoke":[{"id":"s2","result":"PASS"}],
      "deliveries":[{"id":"announce/webhook","posted":true,"attempts":2}],
      "monitoring":{"results":[{"id":"m1"}]}, "live_at":"t"})"));
  CHECK(base["type"] == "routine");
  CHECK(base["smoke"].size() == 2);
  CHECK(base["smoke"][1]["result"] == "PASS");
  CHECK(base["deliveries"].size() == 1);
  CHECK(base["deliveries"][0]["posted"] == true);
  CHECK(base["deliveries"][0]["attempts"] == 2);
  CHECK(base["monitoring"]["owner"] == "x");
  CHECK(base["monitoring"]["results"].size() == 1);
  CHECK(base["live_at"] == "t");
  // Plain values in arrays are not duplicated; a damaged note is kept, not dropped.
  json f = json::parse(R"({"features":["a"]})");
  golive::merge_record(f, json::parse(R"({"features":["a","b"]})"));
  CHECK(f["features"] == json::parse(R"(["a","b"])"));
  CHECK(golive::parse_record("not json")["unparsed"] == "not json");
}

TEST_CASE("times: stored as UTC, shown in the team's zone via the TZ database") {
  auto t = core::parse_iso_utc("2026-12-02T09:15:00Z");
  REQUIRE(t);
  CHECK(core::iso_utc(*t) == "2026-12-02T09:15:00Z");
  CHECK(core::format_in_zone(*t, "Europe/Berlin") == "2026-12-02 10:15 CET");
  CHECK(core::format_in_zone(*t, "America/New_York") == "2026-12-02 04:15 EST");
  CHECK(core::format_in_zone(*t, "UTC") == "2026-12-02 09:15 UTC");
  CHECK(core::format_in_zone(*core::parse_iso_utc("2026-07-01T12:00:00Z"), "Europe/Berlin") == "2026-07-01 14:00 CEST");
  CHECK_THROWS_AS(core::format_in_zone(*t, "Mars/Olympus"), core::ConfigError);
  CHECK(core::parse_iso_utc("@86400") == std::time_t(86400));
  CHECK_FALSE(core::parse_iso_utc("2026-13-01T00:00:00Z"));
  CHECK_FALSE(core::parse_iso_utc("yesterday"));
  CHECK(core::format_span(24 * 3600) == "24h");
  CHECK(core::format_span(48 * 3600) == "48h");
  CHECK(core::format_span(4 * 3600 - 30) == "4h");
  CHECK(core::format_span(23 * 3600 + 59 * 60) == "23h 59m");
  CHECK(core::format_span(-5) == "0m");
}

TEST_CASE("policy: the golive section, with locations and did-you-mean") {
  auto p = policy::default_policy();
  policy::apply_text(p, "version: 1\ngolive:\n  timezone: Europe/Berlin\n  smoke_timeout: 2m\n"
                        "  agents:\n    sales.bot: [\"agents/sales/**\"]\n  handoff_dir: drops\n", "t.yml");
  CHECK(p.golive.timezone == "Europe/Berlin");
  CHECK(p.golive.smoke_timeout_seconds == 120);
  CHECK(p.golive.agents.at("sales.bot") == std::vector<std::string>{"agents/sales/**"});
  auto bad = [](const std::string& text) {
    auto q = policy::default_policy();
    try {
      policy::apply_text(q, text, "t.yml");
    } catch (const core::ConfigError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK(bad("version: 1\ngolive:\n  timezone: Europe/Berlln\n") ==
        "t.yml:3:13: `timezone`: `Europe/Berlln` is not in the TZ database (a name such as Europe/Berlin or America/New_York)");
  CHECK(bad("version: 1\ngolive:\n  webhok: {}\n").find("did you mean `webhook`?") != std::string::npos);
}

TEST_CASE("the SOP's texts") {
  CHECK(golive::live_line({"feature/login", "feature/export"}, "2026-12-02 10:15 CET", "PASS") ==
        "✅ RELEASE LIVE — feature/login, feature/export — 2026-12-02 10:15 CET — smoke test: PASS");
  CHECK(golive::merged_branch_name("Merge branch 'feature/login' into main") == "feature/login");
  CHECK(golive::merged_branch_name("Merge branch 'feature/x'") == "feature/x");
  CHECK(golive::merged_branch_name("Merge pull request #12 from acme/fix/login") == "fix/login");
  CHECK(golive::merged_branch_name("Merge remote-tracking branch 'origin/hotfix/a'") == "hotfix/a");
  CHECK_FALSE(golive::merged_branch_name("Add login"));
  policy::ReleasePolicy rp;
  CHECK(golive::monitoring_minutes("hotfix", "", rp) == 240);
  CHECK(golive::monitoring_minutes("architecture", "", rp) == 2880);
  CHECK(golive::monitoring_minutes("routine", "", rp) == 1440);
  CHECK(golive::monitoring_minutes("routine", "36h; owner code.platform", rp) == 2160);
  golive::ReleaseFacts f;
  f.id = std::string(40, 'a');
  f.subject = "Merge branch 'agent-contract'";
  f.type = "routine";
  f.features = {"agent-contract"};
  CHECK(golive::handoff_file_name("sales/bot", f, "2026-12-02T09:15:00Z") == "202612020915-release-aaaaaaaaaaaa-sales_bot.md");
  CHECK(golive::cro_note(f, {"Rita Cole <rita@example.com>"}, "LINE") ==
        "@Rita Cole <rita@example.com> customer-facing release is live, for prospect and customer conversations:\n"
        "LINE\nWhat changed: agent-contract (release aaaaaaaaaaaa, routine).\n");
}

TEST_CASE("Monday.com create_update: the GraphQL body, and what counts as written") {
  CHECK(golive::monday_create_update_body("123", "Line \"quoted\"\n") ==
        R"({"query":"mutation ($item: ID!, $body: String!) { create_update (item_id: $item, body: $body) { id } }",)"
        R"("variables":{"body":"Line \"quoted\"\n","item":"123"}})");
  auto req = golive::monday_create_update_request("http://x/v2", "tok", "1", "b");
  CHECK(req.method == "POST");
  CHECK(req.headers[0] == std::pair<std::string, std::string>{"Authorization", "tok"});
  net::Response ok{200, R"({"data":{"create_update":{"id":"9"}}})", "application/json", ""};
  CHECK(golive::monday_failure(ok) == "");
  net::Response gql{200, R"({"errors":[{"message":"Item not found"}]})", "application/json", ""};
  CHECK(golive::monday_failure(gql) == "GraphQL error: Item not found");
  net::Response old{200, R"({"error_message":"Not Authenticated","error_code":"x"})", "application/json", ""};
  CHECK(golive::monday_failure(old) == "Monday.com error: Not Authenticated");
  net::Response http{500, "oops", "text/plain", ""};
  CHECK(golive::monday_failure(http) == "HTTP 500");
  net::Response none{200, R"({"data":{"create_update":null}})", "application/json", ""};
  CHECK(golive::monday_failure(none).find("created no update") != std::string::npos);
}

TEST_CASE("smoke runner: exit status, output tail, timeout kills the group") {
  std::ostringstream echo;
  auto r = golive::run_smoke({"sh", "-c", "echo checking; echo broken >&2; exit 3"}, std::chrono::seconds(10), echo);
  CHECK_FALSE(r.passed);
  CHECK(r.exit_code == 3);
  CHECK(r.output_tail == "checking\nbroken\n");
  CHECK(echo.str() == "checking\nbroken\n");
  r = golive::run_smoke({"sh", "-c", "echo ok"}, std::chrono::seconds(10), echo);
  CHECK(r.passed);
  r = golive::run_smoke({"sh", "-c", "sleep 30 & sleep 30"}, std::chrono::seconds(1), echo);
  CHECK(r.timed_out);
  CHECK(r.exit_code == 124);
  CHECK(r.duration_ms < 8000);
  r = golive::run_smoke({"/nonexistent/smoke"}, std::chrono::seconds(1), echo);
  CHECK(r.exit_code == 127);
  std::string many;
  for (int i = 1; i <= 30; ++i) many += "line " + std::to_string(i) + "\n";
  CHECK(golive::tail_of(many, 2) == "line 29\nline 30\n");
}

TEST_CASE("deliveries: a failure is recorded, reported and retried until posted") {
  test::TempRepo r;
  const std::string c = r.commit_file("a.txt", "a\n", "release");
  auto repo = git::open_at(r.str());
  auto id = *git::parse_oid(c);
  git_signature* raw = nullptr;
  REQUIRE(git_signature_now(&raw, "Tess", "tess@example.com") == 0);
  git::Signature who(raw);

  std::atomic<int> status{500};
  test::HttpServer srv([&](const test::HttpRequest& req) {
    if (req.target == "/v2")
      return test::HttpReply{200, "application/json",
                             status == 200 ? R"({"data":{"create_update":{"id":"77"}}})" : R"({"errors":[{"message":"down"}]})", 0};
    return test::HttpReply{status.load(), "text/plain", "x", 0};
  });
  golive::Endpoints ep;
  ep.webhook_url = srv.url("/hook");
  ep.monday_token = "tok";
  ep.monday_api_url = srv.url("/v2");

  auto out = golive::deliver(repo.get(), id, {"announce/webhook", golive::Channel::webhook, "", "hello"}, ep, 1000, who.get());
  CHECK_FALSE(out.posted);
  CHECK(out.error == "HTTP 500");
  auto m = golive::deliver(repo.get(), id, {"monday/completion/5", golive::Channel::monday, "5", "note"}, ep, 1000, who.get());
  CHECK(m.error == "GraphQL error: down");
  auto note = golive::read_note(repo.get(), id);
  REQUIRE(note);
  CHECK((*note)["deliveries"].size() == 2);
  CHECK((*note)["deliveries"][0]["posted"] == false);
  CHECK((*note)["deliveries"][0]["text"] == "hello");
  CHECK((*note)["deliveries"][0]["last_error"] == "HTTP 500");
  // The webhook URL is a secret: never in the note.
  CHECK(golive::dump_record(*note).find(srv.url()) == std::string::npos);
  // The same note is what git sees.
  CHECK(r.git("notes --ref=release-gate show " + c).out.find("\"announce/webhook\"") != std::string::npos);

  status = 200;
  auto retried = golive::retry_pending(repo.get(), ep, 2000, who.get());
  REQUIRE(retried.size() == 2);
  CHECK(retried[0].posted);
  CHECK(retried[0].attempts == 2);
  CHECK(retried[1].posted);
  std::ostringstream rep;
  golive::report_outcomes(retried, rep);
  CHECK(rep.str() == "posted: webhook (announce/webhook) on attempt 2\nposted: Monday.com item 5 (monday/completion/5) on attempt 2\n");
  CHECK(golive::retry_pending(repo.get(), ep, 3000, who.get()).empty());
  auto reqs = srv.requests();
  REQUIRE(reqs.size() == 4);
  CHECK(reqs[2].body == R"({"text":"hello"})");
  CHECK(reqs[3].headers["authorization"] == "tok");
  CHECK(json::parse(reqs[3].body)["variables"]["item"] == "5");

  // Nothing configured: recorded as not posted with how to configure it.
  golive::Endpoints none;
  none.webhook_hint = "no webhook URL: set X";
  auto n = golive::deliver(repo.get(), id, {"rollback/webhook/INC-1", golive::Channel::webhook, "", "t"}, none, 4000, who.get());
  CHECK(n.error == "no webhook URL: set X");
  std::ostringstream rep2;
  golive::report_outcomes({n}, rep2);
  CHECK(rep2.str() == "NOT POSTED: webhook (rollback/webhook/INC-1): no webhook URL: set X (attempt 1; recorded in "
                      "refs/notes/release-gate, the next release-gate command retries it)\n");
}

} // TEST_SUITE

#include "lib/rules/release_message.hpp"

TEST_CASE("the RCA line: one spelling, the others answered with did-you-mean") {
  auto p = policy::default_policy();
  policy::apply_text(p, "version: 1\nrelease:\n  roles:\n    cdo: [\"Dana Cruz <dana@example.com>\"]\n", "t.yml");
  rules::ReleaseContext ctx;
  ctx.re_release = true;
  const std::string base =
      "Re-release\n\nRelease-Type: routine\nAuthorized-By: Dana Cruz <dana@example.com>\nQA-Signoff: QA-7 PASS\n"
      "Rollback-Plan: git revert HEAD; eta 10m; executor code.platform\nMonitoring-Window: 24h; owner code.platform\n";
  auto fs = rules::check_release_message(base + "Root-Cause: docs/rca/INC-7.md\n", ctx, p.release);
  REQUIRE(fs.size() == 1);
  CHECK(fs[0].rule == "release/misspelled-trailer");
  CHECK(fs[0].message == "`Root-Cause:` is not read; the root-cause analysis line is `RCA:` (did you mean `RCA`?)");
  CHECK(fs[0].fix == "rename the line to `RCA: docs/rca/INC-7.md`");
  fs = rules::check_release_message(base, ctx, p.release);
  REQUIRE(fs.size() == 1);
  CHECK(fs[0].rule == "release/missing-rca");
  CHECK(rules::check_release_message(base + "RCA: docs/rca/INC-7.md\n", ctx, p.release).empty());
}

TEST_CASE("a plain git revert of a release is told how it becomes a verified rollback") {
  auto p = policy::default_policy();
  const std::string id = std::string(40, 'c');
  const std::string msg = "Revert \"Release login\"\n\nThis reverts commit " + id + ".\n";
  auto fs = rules::check_release_message(msg, {}, p.release);
  REQUIRE(fs.size() == 1);
  CHECK(fs[0].rule == "release/missing-type");
  CHECK(fs[0].message == "this reverts cccccccccccc but has no `Release-Type:` line: a rollback on this branch must say so");
  CHECK(fs[0].fix == "make it a verified rollback with these lines in the trailer block:\n"
                     "    Release-Type: rollback\n    Rollback-Of: " + id + "\n    Incident: <incident id>\n"
                     "    Authorized-By: <you: a holder of cdo or on-call>\n"
                     "or let `release-rollback cccccccccccc --incident <id> --push origin` write and push it in one command");
  CHECK(rules::release_help(msg, p.release).rfind("Release lines for a `rollback` release", 0) == 0);
}

#include <thread>

TEST_CASE("two writers recording at once keep each other's entries") {
  test::TempRepo r;
  const std::string c = r.commit_file("a.txt", "a\n", "release");
  const auto id = *git::parse_oid(c);
  auto writer = [&](const std::string& who) {
    auto repo = git::open_at(r.str());
    git_signature* raw = nullptr;
    if (git_signature_now(&raw, who.c_str(), "w@example.com") != 0) return;  // no REQUIRE off the main thread
    git::Signature sig(raw);
    for (int i = 0; i < 15; ++i)
      golive::update_note(repo.get(), id, json{{"smoke", json::array({json{{"id", who + std::to_string(i)}}})}}, sig.get());
  };
  std::thread a(writer, "a"), b(writer, "b");
  a.join();
  b.join();
  auto repo = git::open_at(r.str());
  auto note = golive::read_note(repo.get(), id);
  REQUIRE(note);
  CHECK((*note)["smoke"].size() == 30);
}
