#pragma once
// The pre-receive decision for one push: gathers the facts (lib/push/facts), runs the rules
// over them (lib/rules: access, secrets, protected refs, rollbacks, release records,
// signatures, dangling branches) and decides accept / reject / break-glass.
// Reads only: never writes refs or objects.

#include "lib/audit/audit.hpp"
#include "lib/core/finding.hpp"
#include "lib/git/handles.hpp"
#include "lib/policy/policy.hpp"
#include "lib/push/context.hpp"
#include "lib/push/deadline.hpp"
#include "lib/push/update.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace rg::push {

/// Everything the host told the hook.
struct Request {
  std::vector<RefUpdate> updates;
  Identity pusher;
  std::vector<std::string> options;  ///< push options, in order
  std::filesystem::path repo_dir;    ///< the bare repository: base of the server's relative paths
};

enum class Verdict {
  accepted, ///< no error finding
  rejected, ///< error findings and no honoured break-glass
  bypassed, ///< error findings, accepted by an honoured `-o release-gate.bypass=<reason>`
};

/// "accepted" / "rejected" / "bypassed".
std::string_view to_string(Verdict v);

struct Outcome {
  Verdict verdict = Verdict::accepted;
  std::vector<core::Finding> findings;       ///< every problem found, in report order
  std::vector<std::string> notices;          ///< skipped files and the like
  std::optional<std::string> bypass_reason;  ///< when the option was given (honoured or not)
  bool bypass_honoured = false;
  std::string pusher_person;                 ///< who the host's identity is by the policy ("" = no one)
  size_t new_commits = 0;                    ///< commits scanned: every commit a ref gains not checked before
  size_t mainline_commits = 0;               ///< commits entering protected first-parent chains
  /// The releases entering protected refs (ref, commit, type, authorizers, QA ids), for the
  /// audit record.
  std::vector<audit::Release> releases;
  /// Milliseconds since the deadline started, at the end of each phase ("new-commits", ...).
  std::vector<std::pair<std::string, int64_t>> timings;
};

/// The server's policy: the embedded defaults, then `<repo_dir>/release-gate.yml` if it exists,
/// else the file named by `git config release-gate.policy` (relative to `repo_dir`). Never the
/// pushed content. Throws core::ConfigError for an unreadable or invalid file.
policy::Policy load_server_policy(git_repository* repo, const std::filesystem::path& repo_dir);

/// The name of the server's policy file in the bare repository.
inline constexpr std::string_view server_policy_file = "release-gate.yml";

/// Evaluate a push. Throws (core::Error, git::GitError, BudgetExceeded) on internal failure:
/// the caller fails closed.
Outcome evaluate(git_repository* repo, const policy::Policy& policy, const Request& request,
                 const Deadline& deadline);

} // namespace rg::push
