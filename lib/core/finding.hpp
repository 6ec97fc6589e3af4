#pragma once
// A finding is what every rule returns: plain data, printed only by lib/report.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rg::core {

enum class Severity { info, warning, error };

/// "error" / "warning" / "info".
std::string_view to_string(Severity s);

/// Where a finding points. Empty fields are unknown / not applicable.
struct Location {
  std::string path;   ///< file path relative to the repository (or scan root)
  uint32_t line = 0;  ///< 1-based line in the new version of the file; 0 = none
  uint32_t column = 0;  ///< 1-based byte column; 0 = none
  std::string commit; ///< full commit id, when the finding comes from history
  std::string ref;    ///< ref name, for push-level findings
};

/// A rule's id and one-line description (rule listings, SARIF's tool.driver.rules).
struct RuleInfo {
  std::string id;
  std::string description;
};

struct Finding {
  std::string rule;      ///< stable id, e.g. "secrets/aws-access-key-id", "auth/missing-trailer"
  Severity severity = Severity::error;
  Location where;
  std::string message;   ///< one line: what is wrong
  std::string fix;       ///< how to fix it (may hold several lines)
  std::string match;     ///< evidence, already redacted (never a full secret)
  std::string fingerprint; ///< stable id for accepting a known false positive; may be empty
};

/// An error finding about a ref and commit (either may be empty): what the push-level rules make.
Finding ref_error(std::string rule, std::string ref, std::string commit, std::string message, std::string fix);

/// True if any finding has Severity::error.
bool has_errors(const std::vector<Finding>& findings);

} // namespace rg::core
