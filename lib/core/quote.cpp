#include "lib/core/quote.hpp"

#include <cstdint>

namespace rg::core {

namespace {

// Length of the valid UTF-8 sequence at s[i] (1..4), or 0 when the byte starts none.
// Overlong forms, surrogates and code points past U+10FFFF are invalid, as in git's utf8.c.
size_t utf8_length(std::string_view s, size_t i, uint32_t& cp) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    cp = c;
    return 1;
  }
  size_t len = 0;
  uint32_t min = 0;
  if ((c & 0xe0) == 0xc0) len = 2, cp = c & 0x1f, min = 0x80;
  else if ((c & 0xf0) == 0xe0) len = 3, cp = c & 0x0f, min = 0x800;
  else if ((c & 0xf8) == 0xf0) len = 4, cp = c & 0x07, min = 0x10000;
  else return 0;
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xc0) != 0x80) return 0;
    cp = cp << 6 | (b & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) return 0;
  return len;
}

bool hidden_code_point(uint32_t cp) {
  return (cp >= 0x80 && cp < 0xa0) || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

const char* short_escape(unsigned char c) {
  switch (c) {
  case '\a': return "\\a";
  case '\b': return "\\b";
  case '\t': return "\\t";
  case '\n': return "\\n";
  case '\v': return "\\v";
  case '\f': return "\\f";
  case '\r': return "\\r";
  case '"': return "\\\"";
  case '\\': return "\\\\";
  default: return nullptr;
  }
}

void octal(std::string& out, unsigned char c) {
  out += '\\';
  out += char('0' + (c >> 6));
  out += char('0' + ((c >> 3) & 7));
  out += char('0' + (c & 7));
}

} // namespace

bool needs_quoting(std::string_view name) {
  if (!name.empty() && (name.front() == ' ' || name.back() == ' ')) return true;
  for (size_t i = 0; i < name.size();) {
    const auto c = static_cast<unsigned char>(name[i]);
    if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') return true;
    uint32_t cp = 0;
    const size_t len = utf8_length(name, i, cp);
    if (len == 0 || hidden_code_point(cp)) return true;
    i += len;
  }
  return false;
}

std::string quote_name(std::string_view name) {
  if (!needs_quoting(name)) return std::string(name);
  std::string out = "\"";
  for (size_t i = 0; i < name.size();) {
    const auto c = static_cast<unsigned char>(name[i]);
    if (const char* e = short_escape(c)) {
      out += e;
      ++i;
      continue;
    }
    if (c < 0x20 || c == 0x7f) {
      octal(out, c);
      ++i;
      continue;
    }
    uint32_t cp = 0;
    const size_t len = utf8_length(name, i, cp);
    if (len == 0) {
      octal(out, c);
      ++i;
    } else if (hidden_code_point(cp)) {
      for (size_t k = 0; k < len; ++k) octal(out, static_cast<unsigned char>(name[i + k]));
      i += len;
    } else {
      out.append(name.substr(i, len));
      i += len;
    }
  }
  out += '"';
  return out;
}

} // namespace rg::core
