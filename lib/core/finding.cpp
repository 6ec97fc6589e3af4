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

bool has_errors(const std::vector<Finding>& findings) {
  return std::any_of(findings.begin(), findings.end(),
                     [](const Finding& f) { return f.severity == Severity::error; });
}

} // namespace rg::core
