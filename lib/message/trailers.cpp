#include "lib/message/trailers.hpp"

// A line-by-line port of git 2.39's trailer.c (find_patch_start, find_trailer_end via
// ignore_non_trailer, find_trailer_start, trailer_info_get, process_input_file with --parse),
// because libgit2's git_message_trailers disagrees with git on several inputs (a `----` line,
// git-generated lines, continuation handling). The differential test in
// tests/unit/trailers_test.cpp holds this file to git's output byte for byte.

namespace rg::message {

namespace {

constexpr char comment_char = '#';
constexpr std::string_view cut_line = "------------------------ >8 ------------------------";
constexpr std::string_view git_generated_prefixes[] = {"Signed-off-by: ",
                                                       "(cherry picked from commit "};

// git's sane_ctype: only ' ', '\t', '\n', '\r' are space; only ASCII letters/digits are alnum.
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// The buffer as git sees it: a C string, so everything after a NUL is invisible.
struct Buf {
  std::string_view s;
  char at(size_t i) const { return i < s.size() ? s[i] : '\0'; }
  bool starts_with(size_t i, std::string_view p) const {
    return i <= s.size() && s.substr(i).substr(0, p.size()) == p;
  }
  size_t next_line(size_t i) const {
    size_t nl = s.find('\n', i);
    return nl == std::string_view::npos ? s.size() : nl + 1;
  }
  bool is_blank_line(size_t i) const {
    while (i < s.size() && s[i] != '\n' && is_space(s[i])) ++i;
    return i >= s.size() || s[i] == '\n';
  }
  // Start of the last line of buf[0, len); -1 when len is 0.
  long last_line(size_t len) const {
    if (len == 0) return -1;
    if (len == 1) return 0;
    for (long i = long(len) - 2; i >= 0; --i)
      if (s[size_t(i)] == '\n') return i + 1;
    return 0;
  }
};

// Offset of the ':' separator from `pos`, or -1 when the text at `pos` is not `key:`.
long find_separator(std::string_view s, size_t pos) {
  bool whitespace_found = false;
  for (size_t i = pos; i < s.size(); ++i) {
    char c = s[i];
    if (c == ':') return long(i - pos);
    if (!whitespace_found && (is_alnum(c) || c == '-')) continue;
    if (i != pos && (c == ' ' || c == '\t')) {
      whitespace_found = true;
      continue;
    }
    break;
  }
  return -1;
}

size_t find_patch_start(const Buf& b) {
  for (size_t i = 0; i < b.s.size(); i = b.next_line(i))
    if (b.starts_with(i, "---") && is_space(b.at(i + 3))) return i;
  return b.s.size();
}

// wt_status_locate_end: the scissors line cuts the message (searched in the whole buffer).
// git's cut_line ends in '\n', so a scissors line ending in "\r\n" or at the end of the buffer
// without a newline does not cut: it is an ordinary comment line.
size_t locate_end(const Buf& b, size_t len) {
  std::string pattern = std::string("\n") + comment_char + " " + std::string(cut_line) + "\n";
  if (b.starts_with(0, std::string_view(pattern).substr(1))) return 0;
  size_t p = b.s.find(pattern);
  if (p != std::string_view::npos) return p + 1;
  return len;
}

// find_trailer_end: len minus ignore_non_trailer (trailing comments, blank lines, an old
// "Conflicts:" block). git computes the scissors cutoff over the whole buffer, so a scissors
// line after a `---` divider moves the end past the divider; we do the same.
size_t find_trailer_end(const Buf& b, size_t len) {
  size_t cutoff = locate_end(b, len);
  if (cutoff > len) len = cutoff;
  size_t boc = 0, bol = 0;
  bool in_old_conflicts_block = false;
  while (bol < cutoff) {
    size_t nl = b.s.find('\n', bol);
    size_t next = (nl == std::string_view::npos || nl >= len) ? len : nl + 1;
    char c = b.at(bol);
    if (c == comment_char || c == '\n') {
      if (!boc) boc = bol;
    } else if (b.starts_with(bol, "Conflicts:\n")) {
      in_old_conflicts_block = true;
      if (!boc) boc = bol;
    } else if (in_old_conflicts_block && c == '\t') {
      // a pathname in the conflicts block
    } else if (boc) {
      boc = 0;
      in_old_conflicts_block = false;
    }
    bol = next;
  }
  return boc ? boc : cutoff;
}

size_t find_trailer_start(const Buf& b, size_t len) {
  // The first paragraph is the title and cannot hold trailers.
  size_t s = 0;
  for (; s < len; s = b.next_line(s)) {
    if (b.at(s) == comment_char) continue;
    if (b.is_blank_line(s)) break;
  }
  const long end_of_title = long(s);

  bool only_spaces = true, recognized_prefix = false;
  int trailer_lines = 0, non_trailer_lines = 0, possible_continuation_lines = 0;
  for (long l = b.last_line(len); l >= end_of_title; l = b.last_line(size_t(l))) {
    const size_t bol = size_t(l);
    if (b.at(bol) == comment_char) {
      non_trailer_lines += possible_continuation_lines;
      possible_continuation_lines = 0;
      continue;
    }
    if (b.is_blank_line(bol)) {
      if (only_spaces) continue;
      non_trailer_lines += possible_continuation_lines;
      if (recognized_prefix && trailer_lines * 3 >= non_trailer_lines) return b.next_line(bol);
      if (trailer_lines && !non_trailer_lines) return b.next_line(bol);
      return len;
    }
    only_spaces = false;

    bool generated = false;
    for (auto p : git_generated_prefixes) generated = generated || b.starts_with(bol, p);
    if (generated) {
      trailer_lines++;
      possible_continuation_lines = 0;
      recognized_prefix = true;
      continue;
    }
    long sep = find_separator(b.s, bol);
    if (sep >= 1 && !is_space(b.at(bol))) {
      trailer_lines++;
      possible_continuation_lines = 0;
      // (configured trailer.<token> keys would set recognized_prefix here; we assume none)
    } else if (is_space(b.at(bol))) {
      possible_continuation_lines++;
    } else {
      non_trailer_lines++;
      non_trailer_lines += possible_continuation_lines;
      possible_continuation_lines = 0;
    }
  }
  return len;
}

std::string_view git_trim(std::string_view v) {
  while (!v.empty() && is_space(v.back())) v.remove_suffix(1);
  while (!v.empty() && is_space(v.front())) v.remove_prefix(1);
  return v;
}

std::string unfold_value(std::string_view val) {
  std::string out;
  out.reserve(val.size());
  size_t i = 0;
  while (i < val.size()) {
    char c = val[i++];
    if (c == '\n') {
      while (i < val.size() && is_space(val[i])) ++i;
      out += ' ';
    } else {
      out += c;
    }
  }
  return std::string(git_trim(out));
}

std::string_view visible(std::string_view message) {
  return message.substr(0, message.find('\0'));
}

} // namespace

TrailerBlock find_trailer_block(std::string_view message) {
  Buf b{visible(message)};
  size_t end = find_trailer_end(b, find_patch_start(b));
  size_t start = find_trailer_start(b, end);
  if (start > end) start = end;
  return {start, end};
}

std::vector<LocatedTrailer> parse_located_trailers(std::string_view message) {
  Buf b{visible(message)};
  TrailerBlock block = find_trailer_block(message);

  // Split the block into lines (keeping '\n') and fold continuation lines onto the previous
  // `key:` line, as trailer_info_get does.
  struct Piece {
    std::string text;
    uint32_t line;
  };
  std::vector<Piece> pieces;
  bool last_is_trailer = false;
  uint32_t line_no = 1;
  for (size_t i = 0; i < block.start; ++i)
    if (b.s[i] == '\n') ++line_no;
  for (size_t i = block.start; i < block.end;) {
    size_t nl = b.s.find('\n', i);
    size_t next = (nl == std::string_view::npos || nl >= block.end) ? block.end : nl + 1;
    std::string_view piece = b.s.substr(i, next - i);
    if (last_is_trailer && is_space(piece[0])) {
      pieces.back().text += piece;
    } else {
      pieces.push_back({std::string(piece), line_no});
      last_is_trailer = find_separator(piece, 0) >= 1;
    }
    i = next;
    ++line_no;
  }

  std::vector<LocatedTrailer> out;
  for (const auto& p : pieces) {
    if (p.text[0] == comment_char) continue;
    long sep = find_separator(p.text, 0);
    if (sep < 1) continue;  // --parse implies --only-trailers: other lines are dropped
    std::string_view text = p.text;
    out.push_back({std::string(git_trim(text.substr(0, size_t(sep)))),
                   unfold_value(git_trim(text.substr(size_t(sep) + 1))), p.line});
  }
  return out;
}

std::vector<Trailer> parse_trailers(std::string_view message) {
  std::vector<Trailer> out;
  for (auto& t : parse_located_trailers(message)) out.push_back({std::move(t.key), std::move(t.value)});
  return out;
}

std::string format_trailers(const std::vector<Trailer>& trailers) {
  std::string out;
  for (const auto& t : trailers) {
    out += t.key;
    // git prints the separator only when the key does not already end with one.
    if (t.key.empty() || t.key.back() != ':') out += ": ";
    out += t.value;
    out += '\n';
  }
  return out;
}

bool looks_like_trailer(std::string_view line, size_t* key_len) {
  if (line.empty() || is_space(line[0])) return false;
  long sep = find_separator(line, 0);
  if (sep < 1) return false;
  if (key_len) *key_len = git_trim(line.substr(0, size_t(sep))).size();
  return true;
}

bool key_equals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = char(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = char(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

} // namespace rg::message
