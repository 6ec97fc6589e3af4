#include "lib/message/message.hpp"

namespace rg::message {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// wt_status_truncate_message_at_cut_line: the scissors line and everything below it go. As in
// git, the line must end in '\n' (not "\r\n", not the end of the message) to count.
std::string_view cut_at_scissors(std::string_view s) {
  constexpr std::string_view pattern = "\n# ------------------------ >8 ------------------------\n";
  if (s.substr(0, pattern.size() - 1) == pattern.substr(1)) return {};
  size_t p = s.find(pattern);
  return p == std::string_view::npos ? s : s.substr(0, p + 1);
}

} // namespace

std::string cleanup_strip(std::string_view raw) {
  std::string_view s = cut_at_scissors(raw.substr(0, raw.find('\0')));
  // strbuf_stripspace(sb, comment_line_char)
  std::string out;
  out.reserve(s.size());
  size_t empties = 0;
  for (size_t i = 0; i < s.size();) {
    size_t nl = s.find('\n', i);
    size_t len = nl == std::string_view::npos ? s.size() - i : nl - i + 1;
    std::string_view line = s.substr(i, len);
    i += len;
    if (!line.empty() && line[0] == '#') continue;
    while (!line.empty() && is_space(line.back())) line.remove_suffix(1);
    if (line.empty()) {
      ++empties;
      continue;
    }
    if (empties > 0 && !out.empty()) out += '\n';
    empties = 0;
    out += line;
    out += '\n';
  }
  return out;
}

std::string_view subject(std::string_view message) {
  std::string_view first = message.substr(0, message.find('\n'));
  if (!first.empty() && first.back() == '\r') first.remove_suffix(1);
  return first;
}

} // namespace rg::message
