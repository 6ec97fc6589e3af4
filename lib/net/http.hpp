#pragma once
// One small HTTP client over libcurl for the providers that talk to other services (trackers,
// chat webhooks). Every call has a timeout; a transport failure is a value, not an exception,
// so callers can say "unknown: <service> could not be reached" and never hang a hook.
// Secrets (tokens) come from an environment variable or a file, never from a policy or a log.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rg::net {

struct Request {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers; ///< name, value
  std::string body;
  std::chrono::milliseconds timeout{10000};                 ///< whole request, connect included
  size_t max_response_bytes = 8u << 20;                     ///< larger answers are an error
};

struct Response {
  long status = 0;          ///< HTTP status; 0 when no answer arrived
  std::string body;
  std::string content_type;
  std::string error;        ///< transport error ("" when an HTTP answer arrived)

  /// An answer arrived and its status is 2xx.
  bool ok() const { return error.empty() && status >= 200 && status < 300; }
  /// One line for people: "HTTP 401", "timed out after 10000 ms", ... (never the body).
  std::string describe() const;
};

/// Send `req`. Never throws for network or HTTP failures (they are in the Response); only
/// http(s) URLs are allowed (anything else is an error value). Thread-safe.
Response send(const Request& req);

/// A credential: the value of environment variable `env` if set and not empty, else the
/// first line of `file` (a regular file of at most 64 KiB, read without following FIFOs);
/// nullopt when neither is configured. Throws core::ConfigError when `file` is named but
/// cannot be read, naming it and what to do.
std::optional<std::string> read_secret(std::string_view env, std::string_view file);

} // namespace rg::net
