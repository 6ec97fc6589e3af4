#include "lib/net/http.hpp"

#include "lib/core/error.hpp"
#include "lib/core/text.hpp"

#include <curl/curl.h>
#include <fmt/format.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <mutex>

namespace rg::net {

namespace {

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Sink {
  std::string* out;
  size_t limit;
  bool overflow = false;
};

size_t on_body(char* data, size_t size, size_t n, void* user) {
  auto* sink = static_cast<Sink*>(user);
  const size_t bytes = size * n;
  if (sink->out->size() + bytes > sink->limit) {
    sink->overflow = true;
    return 0;  // stops the transfer
  }
  sink->out->append(data, bytes);
  return bytes;
}

using Easy = std::unique_ptr<CURL, decltype(&curl_easy_cleanup)>;
using Headers = std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)>;

} // namespace

std::string Response::describe() const {
  if (!error.empty()) return error;
  return fmt::format("HTTP {}", status);
}

Response send(const Request& req) {
  Response out;
  if (req.url.rfind("http://", 0) != 0 && req.url.rfind("https://", 0) != 0) {
    out.error = "not an http(s) URL";
    return out;
  }
  global_init();
  Easy easy(curl_easy_init(), curl_easy_cleanup);
  if (!easy) {
    out.error = "cannot start an HTTP client (curl_easy_init)";
    return out;
  }
  CURL* c = easy.get();
  Headers headers(nullptr, curl_slist_free_all);
  for (const auto& [name, value] : req.headers) {
    const std::string line = name + ": " + value;
    curl_slist* next = curl_slist_append(headers.get(), line.c_str());
    if (!next) {
      out.error = "out of memory building headers";
      return out;
    }
    headers.release();
    headers.reset(next);
  }
  Sink sink{&out.body, req.max_response_bytes};
  char errbuf[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(c, CURLOPT_URL, req.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, long(req.timeout.count()));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, long(req.timeout.count()));
  curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, req.method.c_str());
  if (!req.body.empty() || req.method == "POST" || req.method == "PUT") {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, req.body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(req.body.size()));
  }
  if (headers) curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "release-gate/" RG_VERSION);
  const CURLcode rc = curl_easy_perform(c);
  if (sink.overflow) {
    out.error = fmt::format("the answer is larger than {} bytes", req.max_response_bytes);
    return out;
  }
  if (rc != CURLE_OK) {
    if (rc == CURLE_OPERATION_TIMEDOUT) out.error = fmt::format("timed out after {} ms", req.timeout.count());
    else out.error = core::printable(errbuf[0] ? std::string(errbuf) : std::string(curl_easy_strerror(rc)));
    return out;
  }
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out.status);
  char* type = nullptr;
  if (curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &type) == CURLE_OK && type) out.content_type = type;
  return out;
}

std::optional<std::string> read_secret(std::string_view env, std::string_view file) {
  if (!env.empty())
    if (const char* v = std::getenv(std::string(env).c_str()); v && *v) return std::string(core::trim(v));
  if (file.empty()) return std::nullopt;
  const std::string path(file);
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) throw core::ConfigError(fmt::format("{}: cannot read the token file; create it or fix the path", path));
  struct stat st {};
  std::string data;
  const bool regular = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size <= 64 * 1024;
  if (regular) {
    data.resize(size_t(st.st_size));
    const ssize_t n = ::read(fd, data.data(), data.size());
    data.resize(n > 0 ? size_t(n) : 0);
  }
  ::close(fd);
  if (!regular) throw core::ConfigError(fmt::format("{}: the token file must be a regular file of at most 64 KiB", path));
  const std::string line(core::trim(std::string_view(data).substr(0, data.find('\n'))));
  if (line.empty()) throw core::ConfigError(fmt::format("{}: the token file is empty; write the token in it", path));
  return line;
}

} // namespace rg::net
