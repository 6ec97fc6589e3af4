// The `command` provider: any program decides. Exit 0 = pass, 1 = fail, anything else (or a
// timeout, or a program that cannot be started) = unknown; what it prints is the evidence.

#include "lib/core/text.hpp"
#include "lib/providers/process.hpp"
#include "lib/providers/provider.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace rg::providers {

Result check_command(const policy::Source& s, const Context& ctx) {
  Result r;
  const std::string shown = fmt::format("{}", fmt::join(s.command, " "));
  const ProcessResult p = run_process(s.command, ctx.workdir, ctx.env, std::chrono::milliseconds(s.timeout_ms));
  // Evidence: the program's own lines, made safe for terminals and JSON.
  size_t pos = 0;
  while (pos < p.output.size() && r.details.size() < 20) {
    size_t nl = p.output.find('\n', pos);
    if (nl == std::string::npos) nl = p.output.size();
    const std::string line = core::printable(core::trim(std::string_view(p.output).substr(pos, nl - pos)));
    if (!line.empty()) r.details.push_back(line);
    pos = nl + 1;
  }
  if (!p.started) {
    r.status = Status::unknown;
    r.summary = fmt::format("`{}` could not be started: {}", shown, p.error);
  } else if (p.timed_out) {
    r.status = Status::unknown;
    r.summary = fmt::format("`{}` timed out after {} ms (killed)", shown, s.timeout_ms);
  } else if (p.exit_code == 0) {
    r.status = Status::pass;
    r.summary = fmt::format("`{}` exited 0", shown);
  } else if (p.exit_code == 1) {
    r.status = Status::fail;
    r.summary = fmt::format("`{}` exited 1", shown);
  } else {
    r.status = Status::unknown;
    r.summary = p.exit_code < 0 ? fmt::format("`{}` was killed by a signal", shown)
                                : fmt::format("`{}` exited {} (0 = pass, 1 = fail, anything else = unknown)", shown,
                                              p.exit_code);
  }
  return r;
}

} // namespace rg::providers
