#pragma once
// Times as release-gate records and shows them: instants are stored as UTC ISO-8601
// ("2026-12-02T09:15:00Z"); people see them in the team's time zone (a TZ database name from
// the policy, resolved by the C library), e.g. "2026-12-02 10:15 CET".

#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace rg::core {

/// "YYYY-MM-DDTHH:MM:SSZ" for `t`.
std::string iso_utc(std::time_t t);

/// Parse "YYYY-MM-DDTHH:MM:SSZ" (also "YYYY-MM-DD HH:MM:SS" taken as UTC, or "@<epoch
/// seconds>"); nullopt when it is none of these.
std::optional<std::time_t> parse_iso_utc(std::string_view text);

/// `t` in time zone `tz` (a TZ database name such as "Europe/Berlin"; "" or "UTC" for UTC) as
/// "YYYY-MM-DD HH:MM <abbreviation>". Thread-safe (serialises the C library's TZ switch).
/// Throws core::ConfigError when `tz` is not in the TZ database.
std::string format_in_zone(std::time_t t, const std::string& tz);

/// True when `tz` names a zone of the system's TZ database (or is "" / "UTC").
bool known_time_zone(const std::string& tz);

/// "23h 59m", "4h", "12m", "48h" for a number of seconds, rounded up to the minute (negative
/// reads as 0).
std::string format_span(long long seconds);

} // namespace rg::core
