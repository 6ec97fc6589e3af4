#include "lib/core/content.hpp"

#include <cstdint>

namespace rg::core {

namespace {

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += char(cp);
  } else if (cp < 0x800) {
    out += char(0xc0 | (cp >> 6));
    out += char(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += char(0xe0 | (cp >> 12));
    out += char(0x80 | ((cp >> 6) & 0x3f));
    out += char(0x80 | (cp & 0x3f));
  } else {
    out += char(0xf0 | (cp >> 18));
    out += char(0x80 | ((cp >> 12) & 0x3f));
    out += char(0x80 | ((cp >> 6) & 0x3f));
    out += char(0x80 | (cp & 0x3f));
  }
}

constexpr uint32_t kReplacement = 0xfffd;

std::string decode_utf16(std::string_view s, bool big_endian) {
  std::string out;
  out.reserve(s.size() / 2);
  auto unit = [&](size_t i) -> uint32_t {
    const auto a = static_cast<unsigned char>(s[i]), b = static_cast<unsigned char>(s[i + 1]);
    return big_endian ? (uint32_t(a) << 8 | b) : (uint32_t(b) << 8 | a);
  };
  size_t i = 0;
  for (; i + 1 < s.size(); i += 2) {
    const uint32_t u = unit(i);
    if (u >= 0xd800 && u < 0xdc00 && i + 3 < s.size()) {
      const uint32_t lo = unit(i + 2);
      if (lo >= 0xdc00 && lo < 0xe000) {
        append_utf8(out, 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00));
        i += 2;
        continue;
      }
    }
    append_utf8(out, u >= 0xd800 && u < 0xe000 ? kReplacement : u);
  }
  if (i < s.size()) append_utf8(out, kReplacement);  // an odd trailing byte
  return out;
}

std::string decode_utf32(std::string_view s, bool big_endian) {
  std::string out;
  out.reserve(s.size() / 4);
  size_t i = 0;
  for (; i + 3 < s.size(); i += 4) {
    uint32_t cp = 0;
    for (size_t k = 0; k < 4; ++k) {
      const auto b = static_cast<unsigned char>(s[i + (big_endian ? k : 3 - k)]);
      cp = cp << 8 | b;
    }
    append_utf8(out, cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000) ? kReplacement : cp);
  }
  if (i < s.size()) append_utf8(out, kReplacement);
  return out;
}

// BOM-less UTF-16 of mostly ASCII text: one byte of every code unit NUL, the other never.
// (Real binaries rarely alternate like that for 8,000 bytes; text hiding as "binary" would.)
int bomless_utf16(std::string_view probe) {
  if (probe.size() < 4 || probe.size() % 2) return 0;
  bool le = true, be = true;
  for (size_t i = 0; i + 1 < probe.size() && (le || be); i += 2) {
    const bool z0 = probe[i] == '\0', z1 = probe[i + 1] == '\0';
    le = le && !z0 && z1;
    be = be && z0 && !z1;
  }
  return le ? 1 : be ? 2 : 0;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

} // namespace

bool looks_binary(std::string_view content) {
  return content.substr(0, binary_probe_bytes).find('\0') != std::string_view::npos;
}

TextContent TextContent::from(std::string_view raw) {
  using namespace std::string_view_literals;
  TextContent t;
  auto decoded = [&](std::string text, std::string_view encoding) {
    t.storage_ = std::move(text);
    t.decoded_ = true;
    t.encoding_ = encoding;
    return std::move(t);
  };
  // The BOMs come first: UTF-16 and UTF-32 carry NULs, UTF-32LE's BOM starts like UTF-16LE's.
  if (starts_with(raw, "\xff\xfe\0\0"sv)) return decoded(decode_utf32(raw.substr(4), false), "UTF-32LE");
  if (starts_with(raw, "\0\0\xfe\xff"sv)) return decoded(decode_utf32(raw.substr(4), true), "UTF-32BE");
  if (starts_with(raw, "\xff\xfe"sv)) return decoded(decode_utf16(raw.substr(2), false), "UTF-16LE");
  if (starts_with(raw, "\xfe\xff"sv)) return decoded(decode_utf16(raw.substr(2), true), "UTF-16BE");
  if (starts_with(raw, "\xef\xbb\xbf"sv)) raw.remove_prefix(3);
  if (looks_binary(raw)) {
    const std::string_view probe = raw.substr(0, binary_probe_bytes);
    if (const int kind = bomless_utf16(probe.substr(0, probe.size() & ~size_t(1))))
      return decoded(decode_utf16(raw, kind == 2), kind == 2 ? "UTF-16BE" : "UTF-16LE");
    t.binary_ = true;
    return t;
  }
  t.view_ = raw;
  return t;
}

} // namespace rg::core
