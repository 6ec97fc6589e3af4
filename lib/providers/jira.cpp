// The `jira` provider: any issue a JQL query returns fails (write the query for what must not
// exist: open SEV1/SEV2 bugs, release items not Done). `api_url` is the site
// (https://acme.atlassian.net: GET /rest/api/2/search, `startAt` / `maxResults` / `total`) or a
// search endpoint itself (…/rest/api/3/search/jql: `nextPageToken` / `isLast`). Authentication:
// basic (`user_env` holds the e-mail, the token is the API token) or a bearer token.
// Errors: {"errorMessages": [...], "errors": {...}} with HTTP 4xx; 429 when rate limited.

#include "lib/core/text.hpp"
#include "lib/providers/http_util.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdlib>

namespace rg::providers {

namespace {
using nlohmann::json;
constexpr int kPageSize = 50;

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
} // namespace

Result check_jira(const policy::Source& s) {
  std::string token;
  if (auto err = detail::token_error(s, token)) return detail::unknown(s, *err);
  std::string endpoint = s.api_url;
  while (!endpoint.empty() && endpoint.back() == '/') endpoint.pop_back();
  if (!ends_with(endpoint, "/search") && !ends_with(endpoint, "/search/jql")) endpoint += "/rest/api/2/search";
  std::string auth;
  if (!token.empty()) {
    const char* user = s.user_env.empty() ? nullptr : std::getenv(s.user_env.c_str());
    if (!s.user_env.empty() && !(user && *user))
      return detail::unknown(s, fmt::format("no user: set the environment variable {}", s.user_env));
    auth = user ? "Basic " + detail::base64(std::string(user) + ":" + token) : "Bearer " + token;
  }

  std::vector<std::string> found;
  long long start = 0;
  std::string next_token;
  for (uint32_t page = 0;; ++page) {
    if (page >= s.max_pages) return detail::unknown(s, fmt::format("more than {} pages of results (max_pages)", s.max_pages));
    std::string url = fmt::format("{}?jql={}&maxResults={}&fields=summary,status", endpoint, detail::url_encode(s.jql), kPageSize);
    if (!next_token.empty()) url += "&nextPageToken=" + detail::url_encode(next_token);
    else url += fmt::format("&startAt={}", start);
    net::Request req = detail::request(s, "GET", url);
    req.headers = {{"Accept", "application/json"}};
    if (!auth.empty()) req.headers.emplace_back("Authorization", auth);
    const net::Response resp = net::send(req);
    const json j = json::parse(resp.body, nullptr, false);
    if (!resp.ok()) {
      std::string msg;
      if (!j.is_discarded() && j.is_object() && j.contains("errorMessages") && j["errorMessages"].is_array() &&
          !j["errorMessages"].empty() && j["errorMessages"][0].is_string())
        msg = j["errorMessages"][0].get<std::string>();
      return detail::failed(s, resp, msg);
    }
    if (j.is_discarded() || !j.is_object() || !j["issues"].is_array()) return detail::unknown(s, "the answer has no `issues` list");
    for (const auto& issue : j["issues"]) {
      if (!issue.is_object()) continue;
      const json& fields = issue.value("fields", json::object());
      std::string status;
      if (fields.is_object() && fields.contains("status") && fields["status"].is_object())
        status = fields["status"].value("name", std::string());
      found.push_back(fmt::format("{} {} [{}]", core::printable(issue.value("key", std::string("?"))),
                                  core::printable(fields.is_object() ? fields.value("summary", std::string()) : std::string()),
                                  core::printable(status)));
    }
    const size_t n = j["issues"].size();
    if (j.contains("nextPageToken") && j["nextPageToken"].is_string() && !j.value("isLast", false)) {
      next_token = j["nextPageToken"].get<std::string>();
      continue;
    }
    if (j.contains("total") && j["total"].is_number()) {
      start = j.value("startAt", start) + (long long)n;
      if (n == 0 || start >= j["total"].get<long long>()) break;
      continue;
    }
    break;
  }
  Result r;
  if (found.empty()) {
    r.status = Status::pass;
    r.summary = fmt::format("Jira: no issues match `{}`", core::printable(s.jql));
  } else {
    r.status = Status::fail;
    r.summary = fmt::format("Jira: {} issue{} match `{}`", found.size(), found.size() == 1 ? "" : "s", core::printable(s.jql));
    r.details = std::move(found);
  }
  return r;
}

} // namespace rg::providers
