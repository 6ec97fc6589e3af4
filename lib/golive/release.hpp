#pragma once
// Facts about a release commit that the go-live commands need, read once with libgit2: its
// release record (type, monitoring window, Monday.com items), the lines of work it merged, the
// paths it changed, and whether it is customer-facing or changes agent contracts.

#include "lib/git/handles.hpp"
#include "lib/policy/policy.hpp"

#include <ctime>
#include <optional>
#include <string>
#include <vector>

namespace rg::golive {

struct ReleaseFacts {
  std::string id;                  ///< full hex id
  std::string subject;
  std::string message;
  std::time_t committed = 0;       ///< committer time
  std::string type;                ///< Release-Type value ("" when none)
  int window_minutes = 0;          ///< the monitoring window (see monitoring_minutes())
  std::string window_owner;        ///< from "Monitoring-Window: 24h; owner X", else ""
  std::vector<std::string> features;      ///< merged branch names, or subjects, oldest first
  std::vector<std::string> changed_paths; ///< against the first parent (old and new names)
  std::vector<std::string> monday_items;  ///< Monday-Item: values (item ids), in order
  std::vector<std::string> authorizers;   ///< Authorized-By values
  bool customer_facing = false;
  /// agent -> its contract paths this release changes (agents from policy.golive.agents).
  std::vector<std::pair<std::string, std::vector<std::string>>> agents;
};

/// The monitoring window of a release: its Monitoring-Window duration when given, else the
/// type's policy minimum, else SOP section 5 (hotfix 4 h, architecture 48 h, otherwise 24 h).
int monitoring_minutes(const std::string& type, const std::string& window_trailer,
                       const policy::ReleasePolicy& policy);

/// The branch a merge subject names ("Merge branch 'x' into main", "Merge pull request #3
/// from org/x", "Merge remote-tracking branch 'origin/x'"); nullopt for other subjects.
std::optional<std::string> merged_branch_name(std::string_view subject);

/// The release `spec` names; with `spec` empty, the newest commit on HEAD's first-parent chain
/// carrying a Release-Type other than rollback. Throws core::UsageError when there is none.
git_oid find_release(git_repository* repo, const std::string& spec);

/// Read the facts of release commit `id`. Throws git::GitError.
ReleaseFacts release_facts(git_repository* repo, const git_oid& id, const policy::Policy& policy);

} // namespace rg::golive
