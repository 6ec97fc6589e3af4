#include "lib/core/finding.hpp"

#include <algorithm>

namespace rg::core {

std::string_view to_string(Severity s) {
  switch (s) {
  case Severity::info: return "info";
  case Severity::warning: return "warning";
  case Severity::error: return "error";
  }
  return "error";
}

Finding ref_error(std::string rule, std::string ref, std::string commit, std::string message, std::string fix) {
  Finding f;
  f.rule = std::move(rule);
  f.severity = Severity::error;
  f.where.ref = std::move(ref);
  f.where.commit = std::move(commit);
  f.message = std::move(message);
  f.fix = std::move(fix);
  return f;
}

bool has_errors(const std::vector<Finding>& findings) {
  return std::any_of(findings.begin(), findings.end(),
                     [](const Finding& f) { return f.severity == Severity::error; });
}

} // namespace rg::core
