#include "lib/providers/provider.hpp"

#include <fmt/format.h>

#include <exception>

namespace rg::providers {

std::string_view to_string(Status s) {
  switch (s) {
    case Status::pass: return "pass";
    case Status::fail: return "fail";
    case Status::unknown: return "unknown";
  }
  return "?";
}

Result check(const policy::Source& source, const Context& ctx) {
  try {
    switch (source.provider) {
      case policy::ProviderKind::command: return check_command(source, ctx);
      case policy::ProviderKind::monday: return check_monday(source);
      case policy::ProviderKind::github: return check_github(source);
      case policy::ProviderKind::gitlab: return check_gitlab(source);
      case policy::ProviderKind::jira: return check_jira(source);
    }
  } catch (const std::exception& e) {
    // An answer the provider did not expect (a JSON type it cannot read) is not a verdict.
    return Result{Status::unknown, fmt::format("{}: {}", policy::to_string(source.provider), e.what()), {}};
  }
  return Result{Status::unknown, "unknown provider", {}};
}

} // namespace rg::providers
