#pragma once
// Turning findings into text (terminals and `remote:` lines), JSON and SARIF 2.1.0.
// Findings arrive already redacted; this layer never sees a secret.

#include "lib/core/finding.hpp"

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace rg::report {

enum class Format { text, json, sarif };

/// "text" / "json" / "sarif"; nullopt otherwise.
std::optional<Format> parse_format(std::string_view name);

/// Describes a rule for SARIF's tool.driver.rules.
using RuleInfo = core::RuleInfo;

struct TextOptions {
  std::string tool = "release-gate"; ///< shown in the summary line
  bool color = false;                ///< ANSI colours (terminals only)
};

/// Paths and refs are shown as core::quote_name() quotes them (C-style, like git's quotePath,
/// octal escapes for control bytes and invalid UTF-8) in text and JSON; SARIF uris are
/// percent-encoded. Other strings go through core::printable(). Output is valid UTF-8.
///
/// Human-readable report: one block per finding,
///   <path>:<line>: <severity>: <message> [<rule>]
///       <match>
///       commit <id>            (when known)
///       fix: <fix>
/// then a summary line. Nothing is written for an empty list.
void write_text(std::ostream& out, const std::vector<core::Finding>& findings,
                const TextOptions& opts = {});

/// JSON array of findings: rule, severity, path, line, column, commit, ref, message, fix,
/// match, fingerprint.
std::string to_json(const std::vector<core::Finding>& findings);

/// A rule's friendly name in SARIF (reportingDescriptor.name): the id's last '/'-separated part
/// as one Pascal-case identifier of its ASCII letters and digits ("secrets/aws-access-key-id" ->
/// "AwsAccessKeyId"; "Rule" in front of a leading digit); "" when the id has no letter or digit
/// there.
std::string rule_name(std::string_view id);

/// SARIF 2.1.0 log with one run; `rules` fills tool.driver.rules (ids used by findings must be
/// listed or are added with no description). Each rule has its id, its rule_name() unless that is
/// empty or equal to the id, and a short description; uris are relative references, every byte
/// outside RFC 3986's unreserved set and '/' percent-encoded.
std::string to_sarif(const std::vector<core::Finding>& findings, const std::vector<RuleInfo>& rules);

/// Dispatch on format.
void write(std::ostream& out, Format format, const std::vector<core::Finding>& findings,
           const std::vector<RuleInfo>& rules = {}, const TextOptions& opts = {});

} // namespace rg::report
