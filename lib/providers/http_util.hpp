#pragma once
// Helpers the HTTP providers share: tokens, percent-encoding, and one wording for failures
// (transport errors, HTTP errors, rate limits) so every provider reports them alike.

#include "lib/net/http.hpp"
#include "lib/policy/readiness.hpp"
#include "lib/providers/provider.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace rg::providers::detail {

/// The source's token, or an error text for an `unknown` result when it is configured but
/// absent or unreadable. `token` stays empty when no token is configured at all.
std::optional<std::string> token_error(const policy::Source& s, std::string& token);

/// RFC 3986 percent-encoding of everything but unreserved characters.
std::string url_encode(std::string_view s);

/// Standard base64 (for HTTP basic authentication).
std::string base64(std::string_view s);

/// An `unknown` result for a failed exchange: "<provider> at <url>: timed out after 100 ms",
/// "...: rate limited (HTTP 429); try again later", "...: HTTP 401 (check the token in $X)".
/// `api_message` is the service's own error text, if it gave one.
Result failed(const policy::Source& s, const net::Response& r, std::string_view api_message = {});

/// An `unknown` result with `what` as its reason, prefixed like failed().
Result unknown(const policy::Source& s, std::string what);

/// A request with the source's timeout.
net::Request request(const policy::Source& s, std::string method, std::string url);

} // namespace rg::providers::detail
