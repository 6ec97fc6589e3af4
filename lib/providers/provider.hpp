#pragma once
// External facts behind one small interface: an open-bug tracker, a work tracker or any
// program answers "pass", "fail" or "unknown" (it could not be asked), with the evidence.
// Providers: command (exit status), monday (GraphQL items and their status column), github and
// gitlab (open issues with labels), jira (JQL). Every network call has a timeout; every failure
// is an `unknown` with a reason, never an exception and never a hang. Tokens come from the
// environment or a file (net::read_secret) and never appear in a result.

#include "lib/policy/readiness.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace rg::providers {

enum class Status { pass, fail, unknown };

/// "pass" / "fail" / "unknown".
std::string_view to_string(Status s);

struct Result {
  Status status = Status::unknown;
  std::string summary;               ///< one line: what was asked and the answer
  std::vector<std::string> details;  ///< the offending items ("#12 Login broken [SEV2] <url>"), or output lines
};

/// What a provider may know about the release being checked.
struct Context {
  std::filesystem::path workdir;                 ///< the command provider's working directory
  std::map<std::string, std::string> env;        ///< extra environment for the command provider
};

/// Ask `source`. Never throws.
Result check(const policy::Source& source, const Context& ctx);

// One function per provider (lib/providers/<name>.cpp); check() picks one.
Result check_command(const policy::Source& source, const Context& ctx);
Result check_monday(const policy::Source& source);
Result check_github(const policy::Source& source);
Result check_gitlab(const policy::Source& source);
Result check_jira(const policy::Source& source);

} // namespace rg::providers
