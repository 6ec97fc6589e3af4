#include "lib/audit/audit.hpp"

#include "lib/core/error.hpp"
#include "lib/core/text.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
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
  j["hook"] = r.hook;
  if (!r.push.empty()) j["push"] = r.push;
  j["time"] = r.time;
  j["pusher"] = p(r.pusher);
  if (!r.pusher_email.empty()) j["pusher_email"] = p(r.pusher_email);
  j["pusher_source"] = r.pusher_source;
  j["pusher_person"] = r.pusher_person.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.pusher_person);
  json refs = json::array();
  for (const auto& e : r.refs) refs.push_back({{"ref", p(e.ref)}, {"old", e.old_id}, {"new", e.new_id}});
  j["refs"] = refs;
  j["verdict"] = r.verdict;
  json releases = json::array();
  for (const auto& x : r.releases) {
    json a = json::array(), q = json::array();
    for (const auto& v : x.authorizers) a.push_back(p(v));
    for (const auto& v : x.qa) q.push_back(p(v));
    releases.push_back({{"ref", p(x.ref)}, {"commit", x.commit}, {"type", p(x.type)}, {"authorizers", a}, {"qa", q}});
  }
  j["releases"] = releases;
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

RawResult append_line_raw(const char* file, const char* data, size_t size, int wait_lock_ms) noexcept {
  // Read access only to look at the last byte (below); a write-only log still works.
  int fd = ::open(file, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0644);
  if (fd < 0 && errno == EACCES) fd = ::open(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0644);
  if (fd < 0) return {errno, "open"};
  const auto done = [fd](int err, const char* step) {
    ::close(fd);  // also releases the lock
    return RawResult{err, step};
  };
  // A blocking flock when the caller may wait (another push holds it briefly); otherwise poll,
  // so a signal handler cannot hang on a lock.
  for (int waited = 0;;) {
    if (::flock(fd, wait_lock_ms < 0 ? LOCK_EX : LOCK_EX | LOCK_NB) == 0) break;
    if (errno == EINTR) continue;
    if (errno != EWOULDBLOCK || waited >= wait_lock_ms) return done(errno, "lock");
    const timespec ms{0, 1000 * 1000};
    ::nanosleep(&ms, nullptr);
    ++waited;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) return done(errno, "stat");
  const bool regular = S_ISREG(st.st_mode);
  // A record cut short by an older writer (or one killed mid-write) must not swallow ours: start
  // on a fresh line.
  if (regular && st.st_size > 0) {
    char last = '\n';
    if (::pread(fd, &last, 1, st.st_size - 1) == 1 && last != '\n') {
      ssize_t n;
      do n = ::write(fd, "\n", 1);
      while (n < 0 && errno == EINTR);
      if (n != 1) return done(n < 0 ? errno : ENOSPC, "write");
      ++st.st_size;
    }
  }
  ssize_t n;
  do n = ::write(fd, data, size);
  while (n < 0 && errno == EINTR);
  if (n == ssize_t(size)) return done(0, "");
  const int err = n < 0 ? errno : EFBIG;
  // Whole or absent: cut back whatever part of the line reached the file.
  if (n > 0 && regular && ::ftruncate(fd, st.st_size) != 0) return done(errno, "truncate");
  return done(err, n < 0 ? "write" : "short write");
}

void append_line(const std::filesystem::path& file, std::string_view line) {
  // SIGXFSZ would kill the process on a write past RLIMIT_FSIZE before we could clean up; with
  // it ignored the write comes back short and is undone.
  struct sigaction ignore {}, old {};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGXFSZ, &ignore, &old);
  const RawResult r = append_line_raw(file.c_str(), line.data(), line.size(), -1);
  ::sigaction(SIGXFSZ, &old, nullptr);
  if (r.error == 0) return;
  const std::string_view step = r.step;
  if (step == "truncate")
    throw WriteError(fmt::format("cannot append to audit log {}: the write was short and the partial record "
                                 "could not be removed ({}); repair the last line by hand",
                                 file.string(), std::strerror(r.error)));
  if (step == "short write")
    throw WriteError(fmt::format("cannot append to audit log {}: short write (disk full or file size limit); "
                                 "nothing was recorded",
                                 file.string()));
  throw WriteError(fmt::format("cannot {} audit log {}: {}", step == "open" ? "open" : step == "lock" ? "lock" : "append to",
                               file.string(), std::strerror(r.error)));
}

} // namespace rg::audit
