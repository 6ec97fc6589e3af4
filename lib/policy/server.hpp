#pragma once
// The server section of a policy: what the pre-receive enforcer needs beyond the release rules.
// Only the server's own policy file sets these (a push never changes them).
//
//   server:
//     audit_log: release-gate-audit.jsonl   # relative to the bare repository
//     require_identity: false               # reject pushes whose pusher the host does not name
//     signatures: off                       # off | strict (release commits SSH-signed by an authorizer)
//     authorization: typed                  # typed | verified (approvals by the people holding each role)
//     allowed_signers: allowed_signers      # gpg.ssh.allowedSignersFile format; relative to the bare repo
//     bypass_roles: [cdo]                   # roles whose members may use -o release-gate.bypass=<reason>
//     bypass_users: []                      # logins / e-mails that may, in addition to the roles
//     time_budget_ms: 4000                  # reject (fail closed) when evaluation takes longer
//     fail_closed: true                     # false: internal errors accept the push (still audited)
//     honour_inline_allow: false            # honour `release-gate:allow` written in pushed lines
//     allow_oversized: false                # accept files too large to check for secrets
//     pack_path_allowlist: false            # honour the embedded pack's path allowlist (vendor/, ...)
//     test_paths_block: true                # secrets under tests/, fixtures/, ... block like any other

namespace YAML {
class Node;
} // namespace YAML

#include <cstdint>
#include <string>
#include <vector>

namespace rg::policy {

enum class SignatureMode { off, strict };

/// How the roles a release needs are proven: `typed` trusts well-formed record lines (for hosts
/// that name no pusher); `verified` needs an approval (refs/release-gate/approvals/...) from a
/// distinct person holding each role, pushed under that person's authenticated identity.
enum class AuthorizationMode { typed, verified };

struct ServerPolicy {
  std::string audit_log = "release-gate-audit.jsonl"; ///< relative to the bare repository
  bool require_identity = false;       ///< no identity from the host -> reject
  SignatureMode signatures = SignatureMode::off;
  AuthorizationMode authorization = AuthorizationMode::typed;
  std::string allowed_signers = "allowed_signers"; ///< relative to the bare repository
  std::vector<std::string> bypass_roles{"cdo"};   ///< roles (release policy) allowed to break glass
  std::vector<std::string> bypass_users;          ///< logins or e-mails allowed to break glass
  uint32_t time_budget_ms = 4000;      ///< whole evaluation; exceeded -> reject
  bool fail_closed = true;             ///< internal errors reject (true) or accept loudly (false)
  /// Honour the inline `release-gate:allow` marker in pushed content. Off: only the server's
  /// ignore file can accept a finding (a pusher can write the marker on any line).
  bool honour_inline_allow = false;
  /// Files over secrets.limits.max_file_bytes cannot be checked: refused (false) or let through
  /// with a note (true).
  bool allow_oversized = false;
  /// The embedded pack's path allowlist (vendor/, lock files, ...) on the server: a pusher chooses
  /// paths, so by default only path allowlists the server's own policy file lists are honoured.
  bool pack_path_allowlist = false;
  /// Findings under test / fixture / example paths block on the server like any other (the
  /// pusher chooses paths); false: they follow secrets.test_credentials as on clients.
  bool test_paths_block = true;
};

/// Apply a `server` mapping onto `into` (present keys replace). Throws core::ConfigError.
void parse_server_section(const YAML::Node& node, const std::string& file, ServerPolicy& into);

} // namespace rg::policy
