#pragma once
// The readiness section of a policy: what `release-gate ready` evaluates beyond the release
// record (SOP-DEV-release-readiness-v1.0 section 2): the documentation rules ("when these paths
// change, these docs must change in the same release"), the external sources of facts (open
// bugs, tracker items) and the server's attestation switch. Schema: docs/release-policy.md.
//
//   readiness:
//     required: [tech.qa-signoff, ...]        # items that must pass (default: all of them)
//     documentation:
//       - surface: public-api
//         when: ["src/api/**"]
//         require: ["docs/**", "README.md"]
//     enforce_documentation: true             # pre-receive refuses releases without their docs
//     docs_signoff_role: cdo                  # who may write `Docs-Signoff:`
//     sources:
//       open_sev: {provider: command, command: ["scripts/open-sev.sh"]}
//       tracker:  {provider: monday, token_env: MONDAY_TOKEN, board: "123"}
//     attestation:
//       required: false                       # pre-receive requires a passing `ready --attest`
//       pushers: [release-manager]            # roles that may push attestation refs
//       users: []                             # logins / e-mails that may, in addition

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rg::policy {

/// "When these paths change, one of these must change too."
struct DocRule {
  std::string surface;               ///< the name reports use ("public-api")
  std::vector<std::string> when;     ///< globs over repository paths (core::glob_match)
  std::vector<std::string> require;  ///< globs: at least one changed path must match one
};

enum class ProviderKind { command, monday, github, gitlab, jira };

/// "command", "monday", ...
std::string_view to_string(ProviderKind k);

/// One external source of facts, as configured. Tokens are never here: only the name of the
/// environment variable or file that holds one.
struct Source {
  std::string name;                  ///< the key under `sources:` ("open_sev", "tracker")
  std::string where;                 ///< "<file>:<line>:<col>" of its definition
  ProviderKind provider = ProviderKind::command;
  std::vector<std::string> command;  ///< command: argv (exit 0 pass, 1 fail, else unknown)
  std::string api_url;               ///< base URL (each provider has a default but jira)
  std::string token_env;             ///< environment variable holding the token
  std::string token_file;            ///< or a file whose first line is the token
  std::string user_env;              ///< jira: e-mail / user for basic authentication
  std::string board;                 ///< monday: board id
  std::string group;                 ///< monday: group id ("" = the whole board)
  std::string status_column = "status";       ///< monday: the status column's id
  std::vector<std::string> done{"Done"};      ///< monday: status texts that count as done
  std::string repo;                  ///< github: owner/name; gitlab: project path or id
  std::vector<std::string> labels{"SEV1", "SEV2"}; ///< github/gitlab: any open issue with one fails
  std::string jql;                   ///< jira: any issue the query returns fails
  uint32_t timeout_ms = 10000;       ///< per request (and for the command)
  uint32_t max_pages = 20;           ///< pages read before giving up (unknown)
};

struct AttestationPolicy {
  bool required = false;             ///< pre-receive: releases entering protected refs need one
  std::string ref_prefix = "refs/release-gate/attestations/"; ///< + the attested commit's id
  std::vector<std::string> pushers{"release-manager"};        ///< roles that may push them
  std::vector<std::string> users;    ///< logins / e-mails that may, in addition
};

struct ReadinessPolicy {
  std::vector<std::string> required; ///< item ids that must pass; empty = every item
  std::vector<DocRule> documentation;
  bool enforce_documentation = true; ///< the server refuses releases that miss their docs
  std::string docs_signoff_role = "cdo";
  std::vector<Source> sources;       ///< in the order they are listed
  AttestationPolicy attestation;

  /// The source named `name`, or nullptr.
  const Source* find_source(std::string_view name) const;
  /// True when item `id` must pass for `ready` to exit 0.
  bool is_required(std::string_view id) const;
};

/// The stable ids of `release-gate ready`'s items, in report order.
const std::vector<std::string>& readiness_item_ids();

/// Apply a `readiness` mapping onto `into`: `documentation` entries merge by surface (same name
/// replaces; an empty `when` removes it), `sources` by name, scalars replace. Item ids in
/// `required` are checked ("did you mean"). Throws core::ConfigError naming file:line:col.
void parse_readiness_section(const YAML::Node& node, const std::string& file, ReadinessPolicy& into);

} // namespace rg::policy
