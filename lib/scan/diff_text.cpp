// Added lines from `git diff -U0` text (scan.hpp parse_diff_u0).
#include "lib/scan/scan.hpp"

#include <charconv>

namespace rg::scan {

namespace {

// A path as git prints it after "+++ b/" or "--- a/": C-quoted ("\"a\\tb\"", octal escapes for
// bytes outside ASCII under core.quotePath) or bare.
std::string unquote(std::string_view s) {
  if (s.size() < 2 || s.front() != '"' || s.back() != '"') return std::string(s);
  s = s.substr(1, s.size() - 2);
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 == s.size()) {
      out += s[i];
      continue;
    }
    char c = s[++i];
    switch (c) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case 'a': out += '\a'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'v': out += '\v'; break;
      default:
        if (c >= '0' && c <= '7' && i + 2 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '7' &&
            s[i + 2] >= '0' && s[i + 2] <= '7') {
          out += char(((c - '0') << 6) | ((s[i + 1] - '0') << 3) | (s[i + 2] - '0'));
          i += 2;
        } else {
          out += c;  // \" and \\ and anything else
        }
    }
  }
  return out;
}

// The new side's first line from "@@ -a[,b] +c[,d] @@...".
uint32_t new_start(std::string_view header) {
  auto plus = header.find(" +");
  if (plus == std::string_view::npos) return 1;
  uint32_t n = 1;
  const char* b = header.data() + plus + 2;
  std::from_chars(b, header.data() + header.size(), n);
  return n;
}

bool starts(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

} // namespace

std::vector<change::FileChange> parse_diff_u0(std::string_view diff) {
  std::vector<change::FileChange> files;
  change::FileChange* cur = nullptr;
  bool in_hunk = false;
  uint32_t next_line = 1;         // new-file number of the next '+' line
  change::Hunk* hunk = nullptr;   // the run of '+' lines being read
  while (!diff.empty()) {
    auto nl = diff.find('\n');
    std::string_view line = diff.substr(0, nl);
    diff = nl == std::string_view::npos ? std::string_view{} : diff.substr(nl + 1);

    if (starts(line, "diff --git ")) {
      files.emplace_back();
      cur = &files.back();
      in_hunk = false;
      hunk = nullptr;
      continue;
    }
    if (!cur) continue;
    if (in_hunk) {
      if (!line.empty() && line[0] == '+') {
        if (hunk) {
          hunk->text += '\n';
          hunk->text += line.substr(1);
        } else {
          cur->added.push_back({next_line, std::string(line.substr(1))});
          hunk = &cur->added.back();
        }
        ++next_line;
        continue;
      }
      if (!line.empty() && (line[0] == '-' || line[0] == ' ' || line[0] == '\\')) {
        if (line[0] == ' ') {  // context (only with -U > 0) ends a run of added lines
          ++next_line;
          hunk = nullptr;
        }
        continue;
      }
      in_hunk = false;  // a header line: handled below
    }
    if (starts(line, "@@")) {
      in_hunk = true;
      next_line = new_start(line);
      hunk = nullptr;
    } else if (starts(line, "+++ ")) {
      std::string_view p = line.substr(4);
      if (p != "/dev/null") {
        std::string path = unquote(p);
        if (starts(path, "b/")) path.erase(0, 2);
        cur->path = path;
      }
    } else if (starts(line, "--- ")) {
      std::string_view p = line.substr(4);
      if (p != "/dev/null") {
        std::string path = unquote(p);
        if (starts(path, "a/")) path.erase(0, 2);
        cur->old_path = path;
      }
    } else if (starts(line, "rename to ") || starts(line, "copy to ")) {
      cur->path = unquote(line.substr(line.find(" to ") + 4));
    } else if (starts(line, "deleted file mode")) {
      cur->deleted = true;
    } else if (starts(line, "Binary files ") || starts(line, "GIT binary patch")) {
      cur->binary = true;
      // "Binary files a/x and b/y differ": the path, for the note.
      auto and_b = line.rfind(" and ");
      if (cur->path.empty() && and_b != std::string_view::npos && line.size() > and_b + 5 + 7) {
        std::string p = unquote(line.substr(and_b + 5, line.size() - (and_b + 5) - 7));  // drop " differ"
        if (starts(p, "b/")) p.erase(0, 2);
        if (p != "/dev/null") cur->path = p;
      }
    }
  }
  return files;
}

} // namespace rg::scan
