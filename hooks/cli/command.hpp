#pragma once
// The umbrella CLI's subcommands register themselves: each hooks/cli/<name>.cpp defines a
// setup function and RG_CLI_COMMAND(setup). A setup adds one subcommand to the app and, in its
// callback, stores the exit code (0 ok, 1 findings, 2 usage/config error).

#include <CLI/CLI.hpp>

#include <vector>

namespace rg::cli {

using Setup = void (*)(CLI::App& app, int& exit_code);

std::vector<Setup>& registry();

struct Registrar {
  explicit Registrar(Setup s) { registry().push_back(s); }
};

} // namespace rg::cli

#define RG_CLI_COMMAND(fn) static const ::rg::cli::Registrar rg_cli_registrar_##fn{fn}
