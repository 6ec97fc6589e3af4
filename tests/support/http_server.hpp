#pragma once
// A tiny HTTP/1.1 server on 127.0.0.1 for testing clients against answers in a real service's
// documented format: one thread, one connection at a time, `Connection: close`. Records every
// request it receives.

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace rg::test {

struct HttpRequest {
  std::string method;
  std::string target;                        ///< path and query, e.g. "/v2"
  std::map<std::string, std::string> headers; ///< names lower-cased
  std::string body;
};

struct HttpReply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  int delay_ms = 0;  ///< wait before answering (timeouts)
};

class HttpServer {
public:
  using Handler = std::function<HttpReply(const HttpRequest&)>;
  explicit HttpServer(Handler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  int port() const { return port_; }
  /// "http://127.0.0.1:<port>" + path.
  std::string url(const std::string& path = "") const;
  /// Requests received so far (a copy).
  std::vector<HttpRequest> requests() const;

private:
  void serve();
  Handler handler_;
  int listen_fd_ = -1;
  int port_ = 0;
  bool stop_ = false;
  mutable std::mutex mu_;
  std::vector<HttpRequest> requests_;
  std::thread thread_;
};

} // namespace rg::test
