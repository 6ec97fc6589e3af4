#pragma once
// `release-gate smoke`: run the team's smoke test against a release (SOP section 4: a 5-minute
// check of the primary user paths) and keep PASS/FAIL, duration and the tail of its output.

#include <chrono>
#include <ostream>
#include <string>
#include <vector>

namespace rg::golive {

struct SmokeResult {
  bool passed = false;
  int exit_code = 0;          ///< the command's exit status; 124 timed out; 127 not started
  bool timed_out = false;
  long long duration_ms = 0;
  std::string output_tail;    ///< last lines of stdout+stderr (at most ~4 KiB)
};

/// Run `argv` (no shell) in its own process group with stdin from /dev/null; its stdout and
/// stderr are copied to `echo` as they arrive and their tail kept. After `timeout` the whole
/// group gets SIGTERM, then SIGKILL 5 s later, and the result is a timed-out FAIL.
SmokeResult run_smoke(const std::vector<std::string>& argv, std::chrono::seconds timeout, std::ostream& echo);

/// The last `max_lines` lines of `text`, at most `max_bytes` (cut at a line start when it can).
std::string tail_of(const std::string& text, size_t max_lines = 20, size_t max_bytes = 4096);

} // namespace rg::golive
