// The `monday` provider: every item of a board (or of one group of it) must have a status the
// policy counts as done. monday.com's GraphQL API (POST <api_url>, `Authorization: <token>`):
// `boards(ids:) { items_page(limit:) { cursor items { ... } } }`, then `next_items_page(cursor:)`
// until the cursor is null. Errors arrive as HTTP 200 with an `errors` array (complexity budget,
// permissions), or the older `error_code` / `error_message` pair, or HTTP 429.

#include "lib/core/text.hpp"
#include "lib/providers/http_util.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace rg::providers {

namespace {

using nlohmann::json;
constexpr int kPageSize = 100;

constexpr std::string_view kItemFields =
    "cursor items { id name group { id title } column_values(ids: [$column]) { id text } }";

// The service's own error text, if the answer carries one ("" otherwise).
std::string api_error(const json& j) {
  if (!j.is_object()) return {};
  if (j.contains("errors") && j["errors"].is_array() && !j["errors"].empty()) {
    const json& e = j["errors"][0];
    std::string msg = e.is_object() ? e.value("message", std::string("error")) : std::string("error");
    if (e.is_object() && e.contains("extensions") && e["extensions"].is_object()) {
      const json& x = e["extensions"];
      const std::string code = x.value("code", std::string());
      if (!code.empty()) msg = code + ": " + msg;
      if (x.contains("retry_in_seconds") && x["retry_in_seconds"].is_number())
        msg += fmt::format(" (retry in {} s)", x["retry_in_seconds"].get<long long>());
    }
    return msg;
  }
  const std::string code = j.contains("error_code") && j["error_code"].is_string() ? j["error_code"].get<std::string>() : "";
  const std::string text = j.contains("error_message") && j["error_message"].is_string() ? j["error_message"].get<std::string>() : "";
  if (!code.empty() && !text.empty()) return code + ": " + text;
  if (!code.empty() || !text.empty()) return code + text;
  return {};
}

bool rate_limited(std::string_view msg) {
  const std::string m = core::to_lower(msg);
  return m.find("complexity") != std::string::npos || m.find("rate limit") != std::string::npos ||
         m.find("rate_limit") != std::string::npos || m.find("daily_limit") != std::string::npos ||
         m.find("concurrency") != std::string::npos;
}

} // namespace

Result check_monday(const policy::Source& s) {
  std::string token;
  if (auto err = detail::token_error(s, token)) return detail::unknown(s, *err);
  if (token.empty()) return detail::unknown(s, "no token: set `token_env` (monday.com requires one)");

  std::vector<std::string> not_done;
  size_t seen = 0;
  std::string cursor;
  for (uint32_t page = 0;; ++page) {
    if (page >= s.max_pages)
      return detail::unknown(s, fmt::format("the board has more than {} pages of items (max_pages)", s.max_pages));
    json body;
    if (page == 0) {
      body["query"] = fmt::format("query ($board: [ID!], $column: String!) {{ boards(ids: $board) {{ items_page(limit: {}) {{ {} }} }} }}",
                                  kPageSize, kItemFields);
      body["variables"] = {{"board", json::array({s.board})}, {"column", s.status_column}};
    } else {
      body["query"] = fmt::format("query ($cursor: String!, $column: String!) {{ next_items_page(cursor: $cursor, limit: {}) {{ {} }} }}",
                                  kPageSize, kItemFields);
      body["variables"] = {{"cursor", cursor}, {"column", s.status_column}};
    }
    net::Request req = detail::request(s, "POST", s.api_url);
    req.headers = {{"Content-Type", "application/json"}, {"Authorization", token}, {"API-Version", "2024-10"}};
    req.body = body.dump();
    const net::Response resp = net::send(req);
    const json j = json::parse(resp.body, nullptr, false);
    const std::string err = j.is_discarded() ? std::string() : api_error(j);
    if (!resp.ok()) return detail::failed(s, resp, err);
    if (j.is_discarded() || !j.is_object()) return detail::unknown(s, "the answer is not JSON");
    if (!err.empty()) {
      if (rate_limited(err)) return detail::unknown(s, fmt::format("rate limited: {}; try again later", core::printable(err)));
      return detail::unknown(s, core::printable(err));
    }
    const json* pg = nullptr;
    if (page == 0) {
      const json& boards = j["data"]["boards"];
      if (!boards.is_array() || boards.empty())
        return detail::unknown(s, fmt::format("no board {} (or the token cannot read it)", core::printable(s.board)));
      pg = &boards[0]["items_page"];
    } else {
      pg = &j["data"]["next_items_page"];
    }
    if (!pg->is_object() || !(*pg)["items"].is_array()) return detail::unknown(s, "the answer has no items_page");
    for (const auto& item : (*pg)["items"]) {
      if (!item.is_object()) continue;
      if (!s.group.empty()) {
        const json& g = item.value("group", json::object());
        if (!g.is_object() || (g.value("id", std::string()) != s.group && g.value("title", std::string()) != s.group)) continue;
      }
      ++seen;
      std::string status;
      if (item.contains("column_values") && item["column_values"].is_array())
        for (const auto& cv : item["column_values"])
          if (cv.is_object() && cv.value("id", std::string()) == s.status_column && cv["text"].is_string())
            status = cv["text"].get<std::string>();
      if (std::find(s.done.begin(), s.done.end(), status) == s.done.end())
        not_done.push_back(fmt::format("item {} \"{}\": {}", core::printable(item.value("id", std::string("?"))),
                                       core::printable(item.value("name", std::string())),
                                       status.empty() ? std::string("no status") : core::printable(status)));
    }
    const json& next = (*pg)["cursor"];
    if (!next.is_string() || next.get<std::string>().empty()) break;
    cursor = next.get<std::string>();
  }

  Result r;
  const std::string where = s.group.empty() ? fmt::format("board {}", s.board) : fmt::format("group {} of board {}", s.group, s.board);
  if (not_done.empty()) {
    r.status = Status::pass;
    r.summary = fmt::format("all {} items of monday.com {} are {}", seen, core::printable(where), fmt::join(s.done, "/"));
  } else {
    r.status = Status::fail;
    r.summary = fmt::format("{} of {} items of monday.com {} are not {}", not_done.size(), seen, core::printable(where),
                            fmt::join(s.done, "/"));
    r.details = std::move(not_done);
  }
  return r;
}

} // namespace rg::providers
