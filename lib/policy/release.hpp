#pragma once
// The release section of a policy: the SOP's authorization table (release types and the roles
// that authorize them), who holds each role, the trailers each type must carry, monitoring
// minimums, customer-facing paths, separation of duties, and the protected / release / feature
// branches. Defaults: rules/release-policy.yml; schema: docs/release-policy.md.

#include "lib/core/names.hpp"

namespace YAML {
class Node;
} // namespace YAML

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rg::policy {

/// The release-record trailer keys this policy knows, in their canonical spelling.
namespace trailer = names::trailer;

/// Every trailer key a `require:` list may name (the RCA trailer is added by the policy).
std::vector<std::string> known_trailer_keys();

/// A person as written in the policy and in trailers: "Name <email>".
struct Person {
  std::string name;
  std::string email; ///< as written; compare with lower-case
  std::string id;    ///< the `people:` entry this came from ("" for the `Name <email>` form)
};

/// Host kinds whose pusher variable names a login (lib/push/context: GL_USERNAME -> gitlab, ...).
inline constexpr std::string_view host_kinds[] = {"gitlab", "github", "gitea", "gitolite", "http"};

/// Someone named once with every identity they use (`release.people`).
struct PersonRecord {
  std::string id;                                 ///< the key under `people:` ("dana")
  std::string name;                               ///< display name
  std::vector<std::string> emails;                ///< lower-case
  std::map<std::string, std::string> logins;      ///< host kind -> login (exact)
};

/// Parse "Name <email>" (name may be empty; the email must contain '@' and no blanks);
/// nullopt otherwise.
std::optional<Person> parse_person(std::string_view text);

/// One row of the SOP's authorization table.
struct ReleaseType {
  std::string name;                     ///< "routine", "hotfix", ... (the Release-Type value)
  std::string description;              ///< one line, shown by `template` and in errors
  std::vector<std::string> authorize;   ///< roles that must each appear in an Authorized-By line
  std::vector<std::string> confirm;     ///< roles that must each appear in a Confirmed-By line
  /// Roles of which at least one must appear in an Authorized-By line (the rollback authority:
  /// who executes it, SOP section 6).
  std::vector<std::string> authorize_any;
  std::vector<std::string> require;     ///< trailer keys that must be present (canonical case)
  int monitoring_min_minutes = 0;       ///< minimum Monitoring-Window; 0 = no minimum
  bool direct_commit = false;           ///< may be a non-merge commit directly on a protected branch
  bool qa_gate = true;                  ///< QA-Signoff lines are checked (FAIL blocks)
};

struct ReleasePolicy {
  std::vector<std::string> protected_branches{"refs/heads/main"};
  std::vector<std::string> release_branches{"refs/heads/release/*"};
  /// Work branches: must not be left behind fully merged into a protected branch. Default:
  /// every branch; protected, release and long-lived branches are never work branches.
  std::vector<std::string> feature_branches{"refs/heads/**"};
  /// Branches exempt from the dangling-branch rule (opt-outs from feature_branches).
  std::vector<std::string> long_lived_branches{"refs/heads/develop"};

  /// People with all their identities; roles may name them by id.
  std::vector<PersonRecord> people;
  /// Host kinds whose account e-mails the host verifies (an e-mail from those hosts identifies a
  /// person); by default none: a user can set an account e-mail to anything.
  std::vector<std::string> verified_email_hosts;
  /// role -> people holding it ("cdo" -> [Dana Cruz <dana@example.com>]); a person listed by
  /// id appears once per e-mail address, all with that id.
  std::map<std::string, std::vector<Person>> roles;
  /// The role whose holders record QA verdicts (approvals in verified mode); "" = none.
  std::string qa_role = "qa";
  /// Release types in the order they are listed (the valid Release-Type values).
  std::vector<ReleaseType> types;
  /// Roles whose holders may push to protected branches; empty = anyone.
  std::vector<std::string> push_roles;
  /// The author of a release cannot be its only authorizer / confirmer.
  bool separation_of_duties = true;
  /// Globs over repository paths (core::glob_match): a release touching one must be `customer_facing_type`.
  std::vector<std::string> customer_facing_paths;
  std::string customer_facing_type = "customer-facing";
  /// A release merging at least this many feature branches must be one of `multi_feature_types`.
  size_t multi_feature_min_branches = 2;
  std::vector<std::string> multi_feature_types{"multi-feature", "architecture", "customer-facing"};
  /// The root-cause-analysis trailer a re-release (and any release naming an `Incident:`) must carry.
  std::string rca_trailer = "RCA";
  /// Whether a re-release (a release after a rollback) needs the RCA trailer.
  bool rca_required_for_re_release = true;

  /// True if `ref` (full name, "refs/heads/main") matches protected_branches.
  bool is_protected(std::string_view ref) const;
  /// True if `ref` matches release_branches.
  bool is_release_branch(std::string_view ref) const;
  /// True if `ref` is a work branch: matches feature_branches and is not protected, a release
  /// branch or long-lived.
  bool is_feature_branch(std::string_view ref) const;
  /// The type named `name` (case-insensitive), or nullptr.
  const ReleaseType* find_type(std::string_view name) const;
  /// Names of all types, in order.
  std::vector<std::string> type_names() const;
  /// Roles held by `email` (case-insensitive), sorted.
  std::vector<std::string> roles_of(std::string_view email) const;
  /// True if `email` holds `role`.
  bool holds_role(std::string_view email, std::string_view role) const;
  /// The person with this id, or nullptr.
  const PersonRecord* person(std::string_view id) const;
  /// The person one of whose e-mails this is (case-insensitive), or nullptr.
  const PersonRecord* person_by_email(std::string_view email) const;
  /// Roles held by the person `id` (sorted).
  std::vector<std::string> roles_of_person(std::string_view id) const;
  /// True if `email` may push to a protected branch (push_roles empty, or holds one of them).
  bool may_push(std::string_view email) const;
  /// Release types that may be non-merge commits directly on a protected branch.
  std::vector<std::string> direct_commit_types() const;
};

/// Minutes in a duration such as "24h", "4 h", "90m", "1h30m", "2d", "48 hours"; nullopt if
/// it is not one (or is zero / over a year).
std::optional<int> parse_duration_minutes(std::string_view text);

/// "24h", "90m" -> "1h30m", "2d" for 2880 minutes.
std::string format_minutes(int minutes);

/// Apply a `release` mapping onto `into` (present keys replace; `roles` and `types` merge per
/// entry). Validates role and trailer names. Throws core::ConfigError naming file:line:col.
void parse_release_section(const YAML::Node& node, const std::string& file, ReleasePolicy& into);

} // namespace rg::policy
