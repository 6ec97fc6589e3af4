// The external-fact providers against a local HTTP server answering in each service's
// documented format: answers, pagination, errors, rate limits and timeouts (always `unknown`
// with a reason, never a hang), and the command provider's exit statuses.

#include "lib/policy/readiness.hpp"
#include "lib/providers/provider.hpp"
#include "tests/support/http_server.hpp"
#include "tests/support/testutil.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>

using namespace rg;
using nlohmann::json;
using providers::Status;

namespace {

policy::Source source(policy::ProviderKind k, const std::string& url) {
  policy::Source s;
  s.name = "src";
  s.provider = k;
  s.api_url = url;
  s.timeout_ms = 2000;
  return s;
}

std::string monday_page(const std::string& cursor, const std::vector<std::pair<std::string, std::string>>& items, bool first) {
  json arr = json::array();
  int id = first ? 100 : 200;
  for (const auto& [name, status] : items)
    arr.push_back({{"id", std::to_string(id++)}, {"name", name}, {"group", {{"id", "topics"}, {"title", "Release 2.0"}}},
                   {"column_values", json::array({{{"id", "status"}, {"text", status}}})}});
  json page{{"cursor", cursor.empty() ? json(nullptr) : json(cursor)}, {"items", arr}};
  json data = first ? json{{"boards", json::array({{{"items_page", page}}})}} : json{{"next_items_page", page}};
  return json{{"data", data}, {"account_id", 1}}.dump();
}

} // namespace

TEST_SUITE("providers") {

TEST_CASE("monday: every item of the board, page by page, must be Done") {
  setenv("RG_TEST_MONDAY", "mon-token", 1);
  test::HttpServer srv([](const test::HttpRequest& r) {
    const json q = json::parse(r.body);
    if (q["query"].get<std::string>().find("next_items_page") != std::string::npos) {
      CHECK(q["variables"]["cursor"] == "CUR1");
      return test::HttpReply{200, "application/json", monday_page("", {{"Docs page", "Working on it"}}, false), 0};
    }
    CHECK(q["variables"]["board"] == json::array({"123"}));
    return test::HttpReply{200, "application/json", monday_page("CUR1", {{"Login", "Done"}, {"Signup", "Done"}}, true), 0};
  });
  auto s = source(policy::ProviderKind::monday, srv.url("/v2"));
  s.board = "123";
  s.token_env = "RG_TEST_MONDAY";
  auto r = providers::check(s, {});
  CHECK(r.status == Status::fail);
  CHECK(r.summary == "1 of 3 items of monday.com board 123 are not Done");
  REQUIRE(r.details.size() == 1);
  CHECK(r.details[0] == "item 200 \"Docs page\": Working on it");
  auto seen = srv.requests();
  REQUIRE(seen.size() == 2);
  CHECK(seen[0].headers["authorization"] == "mon-token");
  CHECK(seen[0].method == "POST");

  SUBCASE("a group filter and all done") {
    test::HttpServer done([](const test::HttpRequest&) {
      return test::HttpReply{200, "application/json", monday_page("", {{"Login", "Done"}}, true), 0};
    });
    auto d = source(policy::ProviderKind::monday, done.url("/v2"));
    d.board = "123";
    d.group = "topics";
    d.token_env = "RG_TEST_MONDAY";
    auto ok = providers::check(d, {});
    CHECK(ok.status == Status::pass);
    CHECK(ok.summary == "all 1 items of monday.com group topics of board 123 are Done");
  }
}

TEST_CASE("monday: complexity errors, 429, bad tokens and timeouts are unknown with the reason") {
  setenv("RG_TEST_MONDAY", "mon-token", 1);
  int mode = 0;
  test::HttpServer srv([&](const test::HttpRequest&) {
    switch (mode) {
      case 0:
        return test::HttpReply{200, "application/json",
                               R"({"errors":[{"message":"Complexity budget exhausted","extensions":{"code":"COMPLEXITY_BUDGET_EXHAUSTED","retry_in_seconds":23}}],"account_id":1})", 0};
      case 1: return test::HttpReply{429, "application/json", R"({"error_message":"Rate Limit Exceeded","status_code":429})", 0};
      case 2: return test::HttpReply{401, "application/json", R"({"errors":[{"message":"Not Authenticated"}]})", 0};
      case 3: return test::HttpReply{200, "application/json", R"({"error_code":"ComplexityException","error_message":"Complexity budget exhausted, query cost 30001 budget remaining 10000 out of 1000000 reset in 40 seconds","status_code":429})", 0};
      default: return test::HttpReply{200, "application/json", "{}", 1500};
    }
  });
  auto s = source(policy::ProviderKind::monday, srv.url("/v2"));
  s.board = "123";
  s.token_env = "RG_TEST_MONDAY";
  const std::string at = "monday at " + srv.url("/v2") + ": ";
  mode = 0;
  auto r = providers::check(s, {});
  CHECK(r.status == Status::unknown);
  CHECK(r.summary == at + "rate limited: COMPLEXITY_BUDGET_EXHAUSTED: Complexity budget exhausted (retry in 23 s); try again later");
  mode = 1;
  r = providers::check(s, {});
  CHECK(r.summary == at + "rate limited (HTTP 429): Rate Limit Exceeded; try again later");
  mode = 2;
  r = providers::check(s, {});
  CHECK(r.summary == at + "HTTP 401: Not Authenticated; check the token in $RG_TEST_MONDAY");
  mode = 3;
  r = providers::check(s, {});
  CHECK(r.status == Status::unknown);
  CHECK(r.summary.find("rate limited: ComplexityException: Complexity budget exhausted") != std::string::npos);
  mode = 4;
  s.timeout_ms = 200;
  const auto t0 = std::chrono::steady_clock::now();
  r = providers::check(s, {});
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::milliseconds(1400));
  CHECK(r.summary == at + "could not be reached: timed out after 200 ms");

  unsetenv("RG_TEST_MONDAY");
  r = providers::check(s, {});
  CHECK(r.status == Status::unknown);
  CHECK(r.summary == at + "no token: set the environment variable RG_TEST_MONDAY");
}

TEST_CASE("github: open issues per label, pull requests skipped, pages until a short one") {
  test::HttpServer srv([](const test::HttpRequest& r) {
    json arr = json::array();
    if (r.target.find("labels=SEV1") != std::string::npos) {
      if (r.target.ends_with("&page=1"))
        for (int i = 0; i < 100; ++i)
          arr.push_back({{"number", 1000 + i}, {"title", "pr"}, {"pull_request", {{"url", "x"}}}, {"labels", json::array()}});
      return test::HttpReply{200, "application/json", arr.dump(), 0};
    }
    arr.push_back({{"number", 42}, {"title", "Checkout crashes"}, {"state", "open"},
                   {"html_url", "https://github.com/acme/app/issues/42"},
                   {"labels", json::array({{{"name", "bug"}}, {{"name", "SEV2"}}})}});
    return test::HttpReply{200, "application/json", arr.dump(), 0};
  });
  auto s = source(policy::ProviderKind::github, srv.url());
  s.repo = "acme/app";
  auto r = providers::check(s, {});
  CHECK(r.status == Status::fail);
  CHECK(r.summary == "1 open issue in GitHub acme/app labelled SEV1 or SEV2");
  REQUIRE(r.details.size() == 1);
  CHECK(r.details[0] == "#42 Checkout crashes [bug, SEV2] https://github.com/acme/app/issues/42");
  auto seen = srv.requests();
  REQUIRE(seen.size() == 3);
  CHECK(seen[0].target == "/repos/acme/app/issues?state=open&labels=SEV1&per_page=100&page=1");
  CHECK(seen[1].target == "/repos/acme/app/issues?state=open&labels=SEV1&per_page=100&page=2");
  CHECK(seen[2].target == "/repos/acme/app/issues?state=open&labels=SEV2&per_page=100&page=1");
  CHECK(seen[0].headers["accept"] == "application/vnd.github+json");

  SUBCASE("rate limited (403 with the documented message) and 429") {
    test::HttpServer limited([](const test::HttpRequest& req) {
      if (req.target.find("SEV1") != std::string::npos)
        return test::HttpReply{403, "application/json",
                               R"({"message":"API rate limit exceeded for 127.0.0.1.","documentation_url":"https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting"})", 0};
      return test::HttpReply{429, "application/json", R"({"message":"slow down"})", 0};
    });
    auto l = source(policy::ProviderKind::github, limited.url());
    l.repo = "acme/app";
    auto x = providers::check(l, {});
    CHECK(x.status == Status::unknown);
    CHECK(x.summary == "github at " + limited.url() + ": rate limited (HTTP 403: API rate limit exceeded for 127.0.0.1.); try again later");
    l.labels = {"SEV2"};
    x = providers::check(l, {});
    CHECK(x.summary == "github at " + limited.url() + ": rate limited (HTTP 429): slow down; try again later");
  }
}

TEST_CASE("gitlab: opened issues of a project path, labels as strings") {
  setenv("RG_TEST_GITLAB", "glpat-test", 1);
  test::HttpServer srv([](const test::HttpRequest& r) {
    if (r.target.find("labels=SEV2") != std::string::npos)
      return test::HttpReply{200, "application/json",
                             R"([{"iid":7,"title":"Data loss on save","state":"opened","labels":["SEV2","backend"],"web_url":"https://gitlab.com/acme/app/-/issues/7"}])", 0};
    return test::HttpReply{200, "application/json", "[]", 0};
  });
  auto s = source(policy::ProviderKind::gitlab, srv.url());
  s.repo = "acme/app";
  s.token_env = "RG_TEST_GITLAB";
  auto r = providers::check(s, {});
  CHECK(r.status == Status::fail);
  REQUIRE(r.details.size() == 1);
  CHECK(r.details[0] == "#7 Data loss on save [SEV2, backend] https://gitlab.com/acme/app/-/issues/7");
  auto seen = srv.requests();
  REQUIRE(seen.size() == 2);
  CHECK(seen[0].target == "/api/v4/projects/acme%2Fapp/issues?state=opened&labels=SEV1&per_page=100&page=1");
  CHECK(seen[0].headers["private-token"] == "glpat-test");

  test::HttpServer missing([](const test::HttpRequest&) {
    return test::HttpReply{404, "application/json", R"({"message":"404 Project Not Found"})", 0};
  });
  auto m = source(policy::ProviderKind::gitlab, missing.url());
  m.repo = "acme/nope";
  auto x = providers::check(m, {});
  CHECK(x.status == Status::unknown);
  CHECK(x.summary == "gitlab at " + missing.url() + ": HTTP 404: 404 Project Not Found");
  unsetenv("RG_TEST_GITLAB");
}

TEST_CASE("jira: JQL results page by startAt; errorMessages reported; nextPageToken followed") {
  test::HttpServer srv([](const test::HttpRequest& r) {
    if (r.target.find("startAt=0") != std::string::npos)
      return test::HttpReply{200, "application/json",
                             R"({"startAt":0,"maxResults":1,"total":2,"issues":[{"key":"REL-1","fields":{"summary":"Ship notes","status":{"name":"In Progress"}}}]})", 0};
    return test::HttpReply{200, "application/json",
                           R"({"startAt":1,"maxResults":1,"total":2,"issues":[{"key":"REL-2","fields":{"summary":"Update pricing","status":{"name":"To Do"}}}]})", 0};
  });
  auto s = source(policy::ProviderKind::jira, srv.url());
  s.jql = "fixVersion = 2.0 AND statusCategory != Done";
  setenv("RG_TEST_JIRA", "jira-token", 1);
  setenv("RG_TEST_JIRA_USER", "rm@example.com", 1);
  s.token_env = "RG_TEST_JIRA";
  s.user_env = "RG_TEST_JIRA_USER";
  auto r = providers::check(s, {});
  CHECK(r.status == Status::fail);
  CHECK(r.summary == "Jira: 2 issues match `fixVersion = 2.0 AND statusCategory != Done`");
  CHECK(r.details == std::vector<std::string>{"REL-1 Ship notes [In Progress]", "REL-2 Update pricing [To Do]"});
  auto seen = srv.requests();
  REQUIRE(seen.size() == 2);
  CHECK(seen[0].target.rfind("/rest/api/2/search?jql=fixVersion%20%3D%202.0%20AND%20statusCategory%20%21%3D%20Done&", 0) == 0);
  CHECK(seen[0].headers["authorization"] == "Basic cm1AZXhhbXBsZS5jb206amlyYS10b2tlbg==");

  test::HttpServer bad([](const test::HttpRequest& req) {
    if (req.target.find("/rest/api/3/search/jql") == 0) {
      if (req.target.find("nextPageToken=T2") != std::string::npos)
        return test::HttpReply{200, "application/json", R"({"issues":[],"isLast":true})", 0};
      return test::HttpReply{200, "application/json", R"({"issues":[],"nextPageToken":"T2","isLast":false})", 0};
    }
    return test::HttpReply{400, "application/json", R"({"errorMessages":["Field 'fixVersio' does not exist."],"errors":{}})", 0};
  });
  auto b = source(policy::ProviderKind::jira, bad.url());
  b.jql = "fixVersio = 2.0";
  auto x = providers::check(b, {});
  CHECK(x.status == Status::unknown);
  CHECK(x.summary == "jira at " + bad.url() + ": HTTP 400: Field 'fixVersio' does not exist.");
  b.api_url = bad.url("/rest/api/3/search/jql");
  x = providers::check(b, {});
  CHECK(x.status == Status::pass);
  CHECK(bad.requests().size() == 3);
  unsetenv("RG_TEST_JIRA");
  unsetenv("RG_TEST_JIRA_USER");
}

TEST_CASE("command: exit 0 pass, 1 fail, anything else or a timeout unknown; output is evidence") {
  test::TempDir dir;
  test::write_file(dir / "ok.sh", "#!/bin/sh\necho \"no open SEV bugs ($RELEASE_GATE_TIP)\"\n");
  test::write_file(dir / "bad.sh", "#!/bin/sh\necho 'BUG-9 SEV2 login broken'\nexit 1\n");
  test::write_file(dir / "odd.sh", "#!/bin/sh\necho 'tracker down' >&2\nexit 3\n");
  test::write_file(dir / "hang.sh", "#!/bin/sh\nsleep 30\n");
  test::run_ok("chmod +x ok.sh bad.sh odd.sh hang.sh", dir.path());
  providers::Context ctx{dir.path(), {{"RELEASE_GATE_TIP", "abc"}}};
  policy::Source s;
  s.provider = policy::ProviderKind::command;
  s.command = {"./ok.sh"};
  auto r = providers::check(s, ctx);
  CHECK(r.status == Status::pass);
  CHECK(r.details == std::vector<std::string>{"no open SEV bugs (abc)"});
  s.command = {"./bad.sh"};
  r = providers::check(s, ctx);
  CHECK(r.status == Status::fail);
  CHECK(r.summary == "`./bad.sh` exited 1");
  CHECK(r.details == std::vector<std::string>{"BUG-9 SEV2 login broken"});
  s.command = {"./odd.sh"};
  r = providers::check(s, ctx);
  CHECK(r.status == Status::unknown);
  CHECK(r.summary == "`./odd.sh` exited 3 (0 = pass, 1 = fail, anything else = unknown)");
  CHECK(r.details == std::vector<std::string>{"tracker down"});
  s.command = {"./hang.sh"};
  s.timeout_ms = 300;
  const auto t0 = std::chrono::steady_clock::now();
  r = providers::check(s, ctx);
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(5));
  CHECK(r.status == Status::unknown);
  CHECK(r.summary == "`./hang.sh` timed out after 300 ms (killed)");
  s.command = {"./no-such-program"};
  r = providers::check(s, ctx);
  CHECK(r.status == Status::unknown);
  CHECK(r.summary.rfind("`./no-such-program` could not be started", 0) == 0);
}

}
