#pragma once
// Running a program with a time limit: output captured (bounded), the whole process group
// killed when the time is up, so a hung script cannot hang `release-gate ready`.

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace rg::providers {

struct ProcessResult {
  bool started = false;    ///< false: could not be started (`error` says why)
  bool timed_out = false;  ///< killed after the time limit
  int exit_code = -1;      ///< exit status; -1 when killed by a signal or not started
  std::string output;      ///< stdout and stderr interleaved, at most `max_output` bytes
  std::string error;
};

/// Run `argv` (argv[0] looked up in PATH, relative to `cwd` when it contains a '/') in `cwd`,
/// stdin from /dev/null, with `env` added to the environment. Never throws.
ProcessResult run_process(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
                          const std::map<std::string, std::string>& env, std::chrono::milliseconds timeout,
                          size_t max_output = 64 * 1024);

} // namespace rg::providers
