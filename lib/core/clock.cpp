#include "lib/core/clock.hpp"

#include "lib/core/error.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>

namespace rg::core {
namespace {

// The C library reads the zone from TZ; switching it is process-wide, so one lock around
// every switch and the previous value restored afterwards.
std::mutex tz_mutex;

struct TzSwitch {
  std::optional<std::string> old;
  explicit TzSwitch(const std::string& tz) {
    if (const char* v = std::getenv("TZ")) old = v;
    setenv("TZ", tz.c_str(), 1);
    tzset();
  }
  ~TzSwitch() {
    if (old) setenv("TZ", old->c_str(), 1);
    else unsetenv("TZ");
    tzset();
  }
};

} // namespace

std::string iso_utc(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::optional<std::time_t> parse_iso_utc(std::string_view text) {
  if (!text.empty() && text[0] == '@') {
    std::string digits(text.substr(1));
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    return static_cast<std::time_t>(std::stoll(digits));
  }
  std::tm tm{};
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  char sep = 0;
  std::string buf(text);
  int n = std::sscanf(buf.c_str(), "%4d-%2d-%2d%c%2d:%2d:%2d", &y, &mo, &d, &sep, &h, &mi, &s);
  if (n != 7 || (sep != 'T' && sep != ' ')) return std::nullopt;
  const size_t len = buf.size();
  if (!(len == 19 || (len == 20 && buf[19] == 'Z'))) return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return std::nullopt;
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  return timegm(&tm);
}

bool known_time_zone(const std::string& tz) {
  if (tz.empty() || tz == "UTC") return true;
  if (tz.find("..") != std::string::npos || tz[0] == '/' || tz[0] == ':') return false;
  // The C library silently falls back to UTC for an unknown name; check the database itself.
  const char* dir = std::getenv("TZDIR");
  std::error_code ec;
  return std::filesystem::is_regular_file(std::filesystem::path(dir ? dir : "/usr/share/zoneinfo") / tz, ec);
}

std::string format_in_zone(std::time_t t, const std::string& tz) {
  if (!known_time_zone(tz))
    throw ConfigError("time zone `" + tz + "` is not in the TZ database (e.g. Europe/Berlin, America/New_York)");
  std::tm tm{};
  char buf[64];
  std::lock_guard lock(tz_mutex);
  TzSwitch sw(tz.empty() ? std::string("UTC") : tz);
  localtime_r(&t, &tm);
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M %Z", &tm);
  return buf;
}

std::string format_span(long long seconds) {
  if (seconds < 0) seconds = 0;
  const long long minutes = (seconds + 59) / 60;  // "ends in" rounds up: 30 s left is 1m
  const long long h = minutes / 60, m = minutes % 60;
  // Hours, never days: the SOP speaks of 4-, 24- and 48-hour windows.
  if (h && m) return std::to_string(h) + "h " + std::to_string(m) + "m";
  if (h) return std::to_string(h) + "h";
  return std::to_string(m) + "m";
}

} // namespace rg::core
