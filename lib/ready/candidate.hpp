#pragma once
// What `release-gate ready` reads from the repository about a release candidate, once, with
// libgit2: its commits and messages, the paths it changes against what it merges into, whether
// it merges cleanly, branches merged into the base and left behind, and secrets in what it adds.
// The evaluation (lib/ready/readiness) is pure over this.

#include "lib/change/push.hpp"
#include "lib/core/finding.hpp"
#include "lib/git/handles.hpp"
#include "lib/policy/policy.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace rg::ready {

struct CandidateCommit {
  std::string id;       ///< full hex id
  std::string subject;  ///< printable first line
  std::string message;  ///< whole message
  bool merge = false;
};

struct Candidate {
  std::string label;              ///< "feature/api", "main (release merge 1a2b3c4d5e6f)", "A..B"
  std::string branch_ref;         ///< "refs/heads/feature/api" when the candidate is a branch
  std::string base_label;         ///< "main"
  std::string base_id;            ///< the base's tip (for a release merge: its first parent)
  std::string tip_id;             ///< the candidate's tip
  std::string merged_by;          ///< the candidate is this release merge (already made); "" before the merge
  bool fast_forwarded = false;    ///< the tip is in the base's history without a merge of its own
  std::vector<CandidateCommit> commits;     ///< base..tip, oldest first
  std::vector<std::string> changed_paths;   ///< what the release changes against the base
  std::vector<std::string> conflicts;       ///< paths that conflict when merging into the base
  std::vector<std::string> left_behind;     ///< other work branches fully merged into the base
  size_t lines_of_work = 0;                 ///< branches of work the release brings in
  std::vector<core::Finding> secrets;       ///< in the lines and messages the candidate adds
  std::string merger_name, merger_email;    ///< who would make the merge (git's configured identity)
  /// Approvals of the release commit (the merge when made, else the tip) in this clone's
  /// refs/release-gate/approvals/<commit>/* (git fetch origin 'refs/release-gate/*:refs/release-gate/*').
  std::vector<change::ApprovalFact> approvals;
};

/// Read the candidate named by `spec` ("" = the current branch, or the release merge HEAD is;
/// a branch or commit; "A..B") against `base` (a branch name, e.g. "main"). Throws
/// core::UsageError for a spec that names nothing, git::GitError when the repository cannot be
/// read.
Candidate read_candidate(git_repository* repo, std::string_view spec, std::string_view base,
                         const policy::Policy& policy, const std::filesystem::path& workdir);

} // namespace rg::ready
