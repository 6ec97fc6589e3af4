#pragma once
// A raw push-protocol client for pushes the `git` client will not make: forged old values,
// packs carrying objects no command names, a command list of our choosing. It runs
// `git receive-pack <bare>` as a subprocess (so the server's hooks run exactly as they do for a
// local or SSH push), speaks pkt-lines over its stdin/stdout and reads report-status.

#include "tests/support/testutil.hpp"

#include <map>
#include <string>
#include <vector>

namespace rg::test::raw {

inline const std::string kZeroId(40, '0');

/// One `<old> <new> <ref>` command, sent as given (nothing is checked or corrected).
struct Command {
  std::string old_id;
  std::string new_id;
  std::string ref;
};

struct Options {
  bool atomic = false;
  std::vector<std::string> push_options;  // sent only when non-empty (needs the capability)
};

/// What the server said.
struct Report {
  std::map<std::string, std::string> advertised;  // ref -> id, as receive-pack advertised them
  std::string capabilities;                       // of the first advertised line
  std::string unpack;                             // "ok" or the unpack error
  std::map<std::string, std::string> status;      // ref -> "ok" or "ng <reason>"
  std::string err;                                // receive-pack's and the hooks' stderr
  int exit_code = -1;                             // of receive-pack

  /// True when the server reported `ok` for at least one ref.
  bool any_ok() const;
  /// True when every command was answered and none with `ok`.
  bool all_rejected(size_t commands) const;
  /// Everything, for failure messages.
  std::string dump() const;
};

/// A packfile of `git pack-objects --revs` over `revs` (lines such as "<id>", "^<id>") in `repo`.
std::string build_pack(const fs::path& repo, const std::vector<std::string>& revs);
/// A packfile of exactly `objects` (ids of any type) in `repo`.
std::string build_pack_of(const fs::path& repo, const std::vector<std::string>& objects);
/// A valid packfile with no objects.
std::string empty_pack();

/// Runs `git receive-pack bare`, sends `commands` (+ capabilities report-status and, per
/// `options`, atomic / push-options), the push options, then `pack` (unless every command is a
/// delete), and reads the report.
Report push(const fs::path& bare, const std::vector<Command>& commands, const std::string& pack,
            const Options& options = {});

} // namespace rg::test::raw
