#pragma once
// The secrets rule evaluator: a compiled rule pack that turns added text into findings.
// Compile once per process; scanning is const and thread-safe.

#include "lib/core/finding.hpp"
#include "lib/policy/secrets.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace rg::rules::secrets {

/// Marker that allows a line: `release-gate:allow` anywhere on it (usually in a comment).
inline constexpr std::string_view allow_marker = "release-gate:allow";

/// Every inline marker honoured (when ScanOptions::honour_inline_markers): ours, and the ones
/// teams already wrote for other scanners (gitleaks, detect-secrets).
inline constexpr std::string_view inline_markers[] = {allow_marker, "gitleaks:allow",
                                                      "pragma: allowlist secret"};

/// How a scan treats what the scanned text says about itself.
struct ScanOptions {
  /// Honour `release-gate:allow` on a line. True for local scans (the author's own exception);
  /// the server turns it off unless its policy says `server.honour_inline_allow: true`, since a
  /// pusher could otherwise exempt any line by writing the marker on it.
  bool honour_inline_markers = true;
  /// Run the keyword-free detectors (rules with `paranoid: true`, e.g. high-entropy strings):
  /// `release-gate scan --paranoid`.
  bool paranoid = false;
};

class Scanner {
public:
  /// Compile the enabled rules of `policy`. Throws core::ConfigError naming the rule's origin,
  /// id and RE2's message for an invalid pattern.
  static Scanner compile(const policy::SecretsPolicy& policy);

  Scanner(Scanner&&) noexcept;
  Scanner& operator=(Scanner&&) noexcept;
  ~Scanner();

  /// True when `path` is on the path allowlist (never scanned). Allowlist regexes are searched
  /// anywhere in the path (RE2 partial match): anchor them (`^vendor/`) to mean one place.
  bool path_allowed(std::string_view path) const;

  /// True when a text at `a` is scanned exactly as at `b`: neither is allowlisted and every
  /// path-scoped rule applies to both or to neither. (A rename between such paths adds nothing
  /// new to scan; between others, the moved file must be scanned whole.)
  bool same_scan(std::string_view a, std::string_view b) const;

  /// Scan `text`, whose first line is line `first_line` of `path`, appending findings (rule id
  /// "secrets/<id>", redacted match, fingerprint) to `out`. `commit` is copied into locations.
  /// The fingerprint names the path as core::quote_name() shows it. A finding of a rule that is
  /// not `live` under a test-like path (filters.hpp is_test_path) is a test credential: reported
  /// with the severity `test_credentials` gives (warning by default), or dropped for `ignore`.
  void scan(std::string_view path, std::string_view text, uint32_t first_line,
            std::string_view commit, std::vector<core::Finding>& out, const ScanOptions& opts = {}) const;

  /// Enabled rules, for SARIF and `release-gate rules`.
  std::vector<core::RuleInfo> rules() const;

  const policy::SecretsLimits& limits() const;

private:
  struct Impl;
  explicit Scanner(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// Stable fingerprint of a finding: "<path>:<rule>:<16 hex of the secret's digest>", the path
/// quoted by core::quote_name() (as every output prints it, so it can be pasted into the ignore
/// file). It does not change when the line moves or the commit is rebased, and does not reveal
/// the secret.
std::string fingerprint(std::string_view path, std::string_view rule, std::string_view secret);

/// True if `secret` looks like a placeholder or variable reference rather than a value.
bool looks_like_placeholder(std::string_view secret);

} // namespace rg::rules::secrets
