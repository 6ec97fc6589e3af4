#include "lib/providers/http_util.hpp"

#include "lib/core/error.hpp"
#include "lib/core/text.hpp"

#include <fmt/format.h>

namespace rg::providers::detail {

std::optional<std::string> token_error(const policy::Source& s, std::string& token) {
  token.clear();
  if (s.token_env.empty() && s.token_file.empty()) return std::nullopt;
  try {
    if (auto t = net::read_secret(s.token_env, s.token_file)) {
      token = *t;
      return std::nullopt;
    }
  } catch (const core::Error& e) {
    return std::string(e.what());
  }
  if (!s.token_env.empty()) return fmt::format("no token: set the environment variable {}", s.token_env);
  return fmt::format("no token in {}", s.token_file);
}

std::string url_encode(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += char(c);
    else out += fmt::format("%{:02X}", c);
  }
  return out;
}

std::string base64(std::string_view s) {
  static constexpr char tbl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < s.size(); i += 3) {
    const unsigned v = (unsigned char)s[i] << 16 | (unsigned char)s[i + 1] << 8 | (unsigned char)s[i + 2];
    out += {tbl[v >> 18], tbl[(v >> 12) & 63], tbl[(v >> 6) & 63], tbl[v & 63]};
  }
  if (i + 1 == s.size()) {
    const unsigned v = (unsigned char)s[i] << 16;
    out += {tbl[v >> 18], tbl[(v >> 12) & 63], '=', '='};
  } else if (i + 2 == s.size()) {
    const unsigned v = (unsigned char)s[i] << 16 | (unsigned char)s[i + 1] << 8;
    out += {tbl[v >> 18], tbl[(v >> 12) & 63], tbl[(v >> 6) & 63], '='};
  }
  return out;
}

Result unknown(const policy::Source& s, std::string what) {
  Result r;
  r.status = Status::unknown;
  r.summary = fmt::format("{} at {}: {}", to_string(s.provider), core::printable(s.api_url), what);
  return r;
}

Result failed(const policy::Source& s, const net::Response& r, std::string_view api_message) {
  std::string what = r.describe();
  const std::string said = api_message.empty() ? std::string() : fmt::format(": {}", core::printable(api_message.substr(0, 200)));
  if (r.error.empty()) {
    if (r.status == 429 || (r.status == 403 && api_message.find("rate limit") != std::string_view::npos))
      what = fmt::format("rate limited (HTTP {}){}; try again later", r.status, said);
    else if (r.status == 401 || r.status == 403)
      what = fmt::format("HTTP {}{}; check the token{}", r.status, said,
                         s.token_env.empty() ? std::string() : fmt::format(" in ${}", s.token_env));
    else
      what = fmt::format("HTTP {}{}", r.status, said);
  } else {
    what = "could not be reached: " + what;
  }
  return unknown(s, what);
}

net::Request request(const policy::Source& s, std::string method, std::string url) {
  net::Request req;
  req.method = std::move(method);
  req.url = std::move(url);
  req.timeout = std::chrono::milliseconds(s.timeout_ms);
  return req;
}

} // namespace rg::providers::detail
