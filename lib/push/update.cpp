#include "lib/push/update.hpp"

#include "lib/core/error.hpp"
#include "lib/core/text.hpp"

#include <fmt/format.h>

namespace rg::push {

static bool is_hex40(std::string_view s) {
  if (s.size() != 40) return false;
  for (char c : s)
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

std::vector<RefUpdate> parse_updates(std::string_view input) {
  std::vector<RefUpdate> out;
  size_t line_no = 0;
  while (!input.empty()) {
    const auto nl = input.find('\n');
    std::string_view line = input.substr(0, nl);
    input.remove_prefix(nl == std::string_view::npos ? input.size() : nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (core::trim(line).empty()) continue;
    const auto sp1 = line.find(' ');
    const auto sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos)
      throw core::Error(fmt::format("stdin line {}: expected \"<old> <new> <ref>\", got \"{}\"",
                                    line_no, core::printable(line.substr(0, 120))));
    RefUpdate u;
    u.old_id = core::to_lower(line.substr(0, sp1));
    u.new_id = core::to_lower(line.substr(sp1 + 1, sp2 - sp1 - 1));
    u.ref = std::string(line.substr(sp2 + 1));
    for (const std::string* id : {&u.old_id, &u.new_id}) {
      if (id->size() == 64 && is_hex40(std::string_view(*id).substr(0, 40)))
        throw core::Error(fmt::format("stdin line {}: SHA-256 object ids are not supported", line_no));
      if (!is_hex40(*id))
        throw core::Error(fmt::format("stdin line {}: \"{}\" is not a 40-hex object id", line_no,
                                      core::printable(id->substr(0, 80))));
    }
    if (u.ref.rfind("refs/", 0) != 0 || u.ref.find(' ') != std::string::npos)
      throw core::Error(fmt::format("stdin line {}: \"{}\" is not a full ref name", line_no,
                                    core::printable(u.ref.substr(0, 120))));
    out.push_back(std::move(u));
  }
  return out;
}

bool matches_any(std::string_view ref, const std::vector<std::string>& globs) {
  for (const auto& g : globs)
    if (core::glob_match(g, ref)) return true;
  return false;
}

} // namespace rg::push
