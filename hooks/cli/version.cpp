#include "hooks/cli/command.hpp"

#include <git2.h>

#include <iostream>

namespace {

void setup_version(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("version", "Print the version of release-gate and its libraries");
  cmd->callback([&exit_code] {
    int major = 0, minor = 0, rev = 0;
    git_libgit2_version(&major, &minor, &rev);
    std::cout << "release-gate " << RG_VERSION << " (libgit2 " << major << "." << minor << "."
              << rev << ")\n";
    exit_code = 0;
  });
}

} // namespace

RG_CLI_COMMAND(setup_version);
