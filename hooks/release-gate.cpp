// release-gate: the umbrella CLI. Subcommands live in hooks/cli/*.cpp and register themselves.

#include "hooks/cli/command.hpp"
#include "lib/core/error.hpp"
#include "lib/git/handles.hpp"

#include <iostream>

namespace rg::cli {
std::vector<Setup>& registry() {
  static std::vector<Setup> r;
  return r;
}
} // namespace rg::cli

int main(int argc, char** argv) {
  rg::git::Library lib;
  CLI::App app{"release-gate: release-readiness checks that git enforces", "release-gate"};
  app.require_subcommand(1);
  int exit_code = 0;
  for (auto setup : rg::cli::registry()) setup(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  } catch (const rg::core::UsageError& e) {
    std::cerr << "release-gate: error: " << e.what() << "\n";
    return 2;
  } catch (const rg::core::ConfigError& e) {
    std::cerr << "release-gate: error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "release-gate: error: " << e.what() << "\n";
    return 2;
  }
  return exit_code;
}
