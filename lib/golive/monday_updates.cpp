#include "lib/golive/monday_updates.hpp"

#include <nlohmann/json.hpp>

namespace rg::golive {

using nlohmann::json;

std::string monday_create_update_body(const std::string& item_id, const std::string& body) {
  json j;
  j["query"] = "mutation ($item: ID!, $body: String!) { create_update (item_id: $item, body: $body) { id } }";
  j["variables"] = {{"item", item_id}, {"body", body}};
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

net::Request monday_create_update_request(const std::string& api_url, const std::string& token,
                                          const std::string& item_id, const std::string& body) {
  net::Request r;
  r.method = "POST";
  r.url = api_url;
  r.headers = {{"Authorization", token}, {"Content-Type", "application/json"}, {"API-Version", "2024-10"}};
  r.body = monday_create_update_body(item_id, body);
  return r;
}

std::string monday_failure(const net::Response& response) {
  if (!response.ok()) return response.describe();
  json j = json::parse(response.body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return "Monday.com answered with something that is not JSON";
  // GraphQL reports failures with HTTP 200: {"errors": [{"message": ...}]} or {"error_message": ...}.
  if (j.contains("errors") && j["errors"].is_array() && !j["errors"].empty()) {
    const auto& e = j["errors"][0];
    return "GraphQL error: " + (e.is_object() && e.contains("message") && e["message"].is_string()
                                    ? e["message"].get<std::string>()
                                    : e.dump());
  }
  if (j.contains("error_message") && j["error_message"].is_string())
    return "Monday.com error: " + j["error_message"].get<std::string>();
  const json* id = nullptr;
  if (j.contains("data") && j["data"].is_object() && j["data"].contains("create_update") &&
      j["data"]["create_update"].is_object() && j["data"]["create_update"].contains("id"))
    id = &j["data"]["create_update"]["id"];
  if (!id || id->is_null()) return "Monday.com created no update (no data.create_update.id in the answer)";
  return "";
}

} // namespace rg::golive
