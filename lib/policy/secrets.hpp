#pragma once
// The secrets section of a policy: the rule pack (rules/secrets.yml) plus a repository's or
// server's additions (`secrets:` in .release-gate.yml).

namespace YAML {
class Node;
} // namespace YAML

#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace rg::policy {

/// One credential rule, as written in YAML. Compiled by rules::secrets::Scanner.
struct SecretRule {
  std::string id;           ///< kebab-case, unique
  std::string description;  ///< one line, shown in findings
  std::string regex;        ///< RE2 syntax
  int secret_group = -1;    ///< capture group holding the secret; -1 = 1 if any group, else 0
  std::vector<std::string> keywords; ///< lower-case literals; a line must contain one (prefilter)
  double min_entropy = 0;   ///< Shannon bits/byte the secret must reach; 0 = no gate
  std::string path;         ///< RE2 over the file path: the rule applies only to these files
  bool skip_placeholders = true; ///< apply stop-words / placeholder filters to this rule
  std::vector<std::string> match;    ///< examples that must produce this rule's finding
  std::vector<std::string> no_match; ///< examples that must not
  std::string example_path; ///< path under which the examples are scanned (path rules)
  bool live = false;        ///< a provider's prefixed live format: an error even in test paths
  bool pem_body = false;    ///< the match is a PEM header: report it only before a base64 body
  bool paranoid = false;    ///< keyword-free detector: runs only when ScanOptions::paranoid
  bool ini_content = false; ///< `path` also matches any text that looks like an INI file
  std::string origin;       ///< "<file>:<line>" where the rule was defined
  bool prevalidated = false; ///< part of the embedded pack (proven by the tests): compiled lazily
};

struct SecretsAllowlist {
  std::vector<std::string> paths;     ///< RE2 over the path: files never scanned
  size_t pack_paths = 0;              ///< how many of `paths` (in front) are the embedded pack's
  std::vector<std::string> secrets;   ///< RE2 over the secret: values never reported
  std::vector<std::string> stopwords; ///< case-insensitive substrings that mark placeholders
  /// True while `secrets` holds only the embedded pack's patterns (proven by the tests): the
  /// scanner then compiles them on the first match instead of at start-up.
  bool secrets_prevalidated = false;
};

struct SecretsLimits {
  uint64_t max_file_bytes = 8u << 20; ///< larger files are skipped with a notice
  uint32_t max_line_bytes = 64u << 10; ///< longer lines are scanned in windows of this size
};

/// How findings of non-live rules in test, fixture, example and docs paths are reported.
enum class TestCredentials { warning, error, ignore };

struct SecretsPolicy {
  std::vector<SecretRule> rules;
  std::set<std::string> disabled;      ///< rule ids switched off
  SecretsAllowlist allow;
  SecretsLimits limits;
  std::string ignore_file = ".release-gate-ignore"; ///< fingerprints of accepted findings
  /// `test_credentials:` -- severity of a non-live rule's finding under a test-like path.
  TestCredentials test_credentials = TestCredentials::warning;
};

/// Apply a `secrets` mapping (or a whole rule pack file, which has the same keys) onto `into`:
/// new rules are put in front of the existing ones (they win where matches overlap), an id that
/// exists is replaced in place, allowlists are extended, limits overridden.
/// Throws core::ConfigError naming file:line:col and the key.
void parse_secrets_section(const YAML::Node& node, const std::string& file, SecretsPolicy& into);

} // namespace rg::policy
