// The HTTP client against a local server: requests as sent, answers, timeouts, refusals,
// oversized answers, and credentials from the environment or a file.

#include "lib/core/error.hpp"
#include "lib/net/http.hpp"
#include "tests/support/http_server.hpp"
#include "tests/support/testutil.hpp"

#include <doctest/doctest.h>

#include <cstdlib>

using namespace rg;

TEST_SUITE("http") {

TEST_CASE("requests reach the server as sent; answers come back with their status") {
  test::HttpServer srv([](const test::HttpRequest& r) {
    if (r.target == "/missing") return test::HttpReply{404, "application/json", R"({"error":"no"})", 0};
    return test::HttpReply{200, "application/json", R"({"ok":true})", 0};
  });
  net::Request req;
  req.method = "POST";
  req.url = srv.url("/v2");
  req.headers = {{"Authorization", "tok"}, {"Content-Type", "application/json"}};
  req.body = R"({"query":"{ me { id } }"})";
  auto res = net::send(req);
  CHECK(res.ok());
  CHECK(res.status == 200);
  CHECK(res.body == R"({"ok":true})");
  auto seen = srv.requests();
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].method == "POST");
  CHECK(seen[0].target == "/v2");
  CHECK(seen[0].headers["authorization"] == "tok");
  CHECK(seen[0].body == req.body);

  req.url = srv.url("/missing");
  res = net::send(req);
  CHECK_FALSE(res.ok());
  CHECK(res.status == 404);
  CHECK(res.describe() == "HTTP 404");
}

TEST_CASE("failures are values: timeouts, refused connections, other schemes, huge answers") {
  test::HttpServer slow([](const test::HttpRequest&) { return test::HttpReply{200, "text/plain", "late", 1500}; });
  net::Request req;
  req.url = slow.url("/");
  req.timeout = std::chrono::milliseconds(200);
  auto res = net::send(req);
  CHECK_FALSE(res.ok());
  CHECK(res.describe() == "timed out after 200 ms");

  req.url = "http://127.0.0.1:1/";
  req.timeout = std::chrono::milliseconds(2000);
  res = net::send(req);
  CHECK_FALSE(res.ok());
  CHECK_FALSE(res.error.empty());

  req.url = "file:///etc/passwd";
  CHECK(net::send(req).error == "not an http(s) URL");

  test::HttpServer big([](const test::HttpRequest&) { return test::HttpReply{200, "text/plain", std::string(5000, 'x'), 0}; });
  req.url = big.url("/");
  req.max_response_bytes = 1000;
  CHECK(net::send(req).error == "the answer is larger than 1000 bytes");
}

TEST_CASE("credentials come from the environment or a file, never from a policy") {
  test::TempDir dir;
  ::unsetenv("RG_TEST_TOKEN");
  CHECK_FALSE(net::read_secret("RG_TEST_TOKEN", "").has_value());
  test::write_file(dir / "tok", "  s3cr3t-token \nsecond line\n");
  CHECK(net::read_secret("RG_TEST_TOKEN", (dir / "tok").string()) == std::optional<std::string>("s3cr3t-token"));
  ::setenv("RG_TEST_TOKEN", "from-env", 1);
  CHECK(net::read_secret("RG_TEST_TOKEN", (dir / "tok").string()) == std::optional<std::string>("from-env"));
  ::unsetenv("RG_TEST_TOKEN");
  CHECK_THROWS_AS(net::read_secret("", (dir / "absent").string()), core::ConfigError);
  test::write_file(dir / "empty", "\n");
  CHECK_THROWS_AS(net::read_secret("", (dir / "empty").string()), core::ConfigError);
  CHECK_THROWS_AS(net::read_secret("", dir.path().string()), core::ConfigError);
}

}
