#include "lib/core/redact.hpp"

#include "lib/core/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

namespace rg::core {

std::string redact(std::string_view secret) {
  if (secret.size() < 8) return fmt::format("…({} chars)", secret.size());
  // Show at most a quarter of the value and never more than 4 bytes: enough to recognise a
  // token's kind (AKIA, ghp_, sk-…), not enough to use it.
  size_t shown = std::min<size_t>(4, secret.size() / 4);
  // Do not cut a UTF-8 sequence in half.
  while (shown > 0 && (static_cast<unsigned char>(secret[shown]) & 0xc0) == 0x80) --shown;
  return fmt::format("{}…({} chars)", printable(secret.substr(0, shown)), secret.size());
}

std::string redact_in_line(std::string_view line, size_t pos, size_t len) {
  pos = std::min(pos, line.size());
  len = std::min(len, line.size() - pos);
  std::string_view before = line.substr(0, pos);
  std::string_view after = line.substr(pos + len);
  constexpr size_t ctx = 60;
  std::string out;
  if (before.size() > ctx) {
    out += "…";
    before = before.substr(before.size() - ctx);
  }
  out += printable(before);
  out += redact(line.substr(pos, len));
  if (after.size() > ctx) {
    out += printable(after.substr(0, ctx));
    out += "…";
  } else {
    out += printable(after);
  }
  return std::string(trim(out));
}

static uint64_t mix(std::string_view data, uint64_t seed) {
  uint64_t h = 1469598103934665603ULL ^ seed;
  for (unsigned char c : data) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  // Final avalanche (splitmix64).
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return h;
}

std::string digest_hex(std::string_view data) {
  return fmt::format("{:016x}{:016x}", mix(data, 0x9e3779b97f4a7c15ULL), mix(data, 0x632be59bd9b4e019ULL));
}

} // namespace rg::core
