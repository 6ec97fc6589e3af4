#include "lib/audit/audit.hpp"

#include "lib/core/error.hpp"
#include "lib/core/text.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>

namespace rg::audit {

std::string utc_now() {
  using namespace std::chrono;
  const auto now = system_clock::now();
  const auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  const std::time_t t = system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return fmt::format("{}.{:03}Z", buf, ms);
}

std::string to_json_line(const Record& r) {
  using nlohmann::json;
  const auto p = [](const std::string& s) { return core::printable(s); };
  json j;
  j["time"] = r.time;
  j["pusher"] = p(r.pusher);
  if (!r.pusher_email.empty()) j["pusher_email"] = p(r.pusher_email);
  j["pusher_source"] = r.pusher_source;
  json refs = json::array();
  for (const auto& e : r.refs) refs.push_back({{"ref", p(e.ref)}, {"old", e.old_id}, {"new", e.new_id}});
  j["refs"] = refs;
  j["verdict"] = r.verdict;
  j["rules"] = r.rules;
  j["bypass_reason"] = r.bypass_reason ? json(p(*r.bypass_reason)) : json(nullptr);
  j["bypass_honoured"] = r.bypass_honoured;
  if (!r.error.empty()) j["error"] = p(r.error);
  j["new_commits"] = r.new_commits;
  j["duration_ms"] = r.duration_ms;
  j["version"] = r.tool_version;
  // dump() escapes control characters, so the line holds no raw newline.
  return j.dump() + "\n";
}

void append_line(const std::filesystem::path& file, std::string_view line) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) throw core::Error(fmt::format("cannot open audit log {}: {}", file.string(), std::strerror(errno)));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  while (::flock(fd, LOCK_EX) < 0) {
    if (errno != EINTR)
      throw core::Error(fmt::format("cannot lock audit log {}: {}", file.string(), std::strerror(errno)));
  }
  // One write() of the whole line; a short write (disk full) is an error, never a partial retry
  // that could be split by another writer (we hold the lock, but fail loudly anyway).
  ssize_t n;
  do {
    n = ::write(fd, line.data(), line.size());
  } while (n < 0 && errno == EINTR);
  if (n != ssize_t(line.size()))
    throw core::Error(fmt::format("cannot append to audit log {}: {}", file.string(),
                                  n < 0 ? std::strerror(errno) : "short write"));
  ::flock(fd, LOCK_UN);
}

} // namespace rg::audit
