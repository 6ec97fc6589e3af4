#pragma once
// Writing back to Monday.com (SOP section 3: the authorization as a completion note on the
// release's item; section 5: monitoring results as a Status Report update): the GraphQL
// `create_update` mutation, built and sent here. Reads of tracker items live in lib/providers.

#include "lib/net/http.hpp"

#include <string>

namespace rg::golive {

/// The JSON body of `mutation ($item: ID!, $body: String!) { create_update(item_id: $item,
/// body: $body) { id } }` with its variables (values are JSON-escaped, never spliced in).
std::string monday_create_update_body(const std::string& item_id, const std::string& body);

/// The request for it: POST to `api_url` with the token in `Authorization`, JSON, API-Version.
net::Request monday_create_update_request(const std::string& api_url, const std::string& token,
                                          const std::string& item_id, const std::string& body);

/// Whether Monday.com accepted it: "" when the answer is 2xx JSON with
/// data.create_update.id, else one line saying why ("HTTP 401", "GraphQL error: ...", ...).
std::string monday_failure(const net::Response& response);

} // namespace rg::golive
