#include "lib/rules/protected_refs.hpp"

#include "lib/core/text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace rg::rules {

using change::PushedRef;
using change::RefKind;
using core::Finding;

namespace {

std::string short12(const std::string& id) { return id.substr(0, 12); }

Finding make(std::string rule, const PushedRef& r, std::string commit, std::string message, std::string fix) {
  return core::ref_error(std::move(rule), r.update.ref, std::move(commit), std::move(message), std::move(fix));
}

// Rules every command is held to, whatever the ref.
void check_command(const PushedRef& r, std::vector<Finding>& out) {
  const std::string name = core::printable(r.update.ref);
  if (r.kind == RefKind::replace)
    out.push_back(make("ref/replace", r, {},
                       fmt::format("{} is a replace ref: it would make every clone show another commit in "
                                   "place of {}",
                                   name, short12(r.update.ref.substr(std::string_view("refs/replace/").size()))),
                       "replace refs are not accepted on this server; change history with a new commit instead"));
  if (r.update.ref == "refs/heads/HEAD" || r.update.ref == "refs/HEAD" || r.update.ref.rfind("refs/heads/HEAD/", 0) == 0)
    out.push_back(make("ref/reserved-name", r, {},
                       fmt::format("{} is a reserved name: git would read it as the current branch", name),
                       "push to a branch with another name"));
  if (!r.update.is_create() && r.update.old_id != r.current_id)
    out.push_back(make("ref/stale-old-value", r, {},
                       fmt::format("{} is at {} on the server, not at {} as the push says", name,
                                   r.current_id == change::zero_id ? std::string("nothing") : short12(r.current_id),
                                   short12(r.update.old_id)),
                       "git fetch, rebase or merge, and push again"));
  if (!r.git_refuses.empty())
    out.push_back(make("ref/refused-by-git", r, {},
                       fmt::format("git will refuse {}: {}; the rest of the push must not go in without it", name,
                                   r.git_refuses),
                       "leave this command out (and what depends on it), or ask the server admin"));
  if (r.update.is_create() && r.current_id != change::zero_id && !r.via_symref)
    out.push_back(make("ref/stale-old-value", r, {},
                       fmt::format("{} already exists on the server (at {})", name, short12(r.current_id)),
                       "git fetch and push again"));
}

} // namespace

std::vector<Finding> check_refs(const change::PushFacts& facts, const ProtectedRefRule& rule) {
  std::vector<Finding> out;
  for (const auto& r : facts.refs) {
    check_command(r, out);
    if (r.kind != RefKind::protected_branch) continue;
    const std::string name = core::printable(r.ref.rfind("refs/heads/", 0) == 0 ? r.ref.substr(11) : r.ref);
    const std::string alias =
        r.via_symref ? fmt::format(" (pushed as {}, which points to it)", core::printable(r.update.ref)) : "";
    if (r.update.is_delete()) {
      out.push_back(make("branch/protected-delete", r, {},
                         fmt::format("{}{} is protected and cannot be deleted", name, alias),
                         fmt::format("do not delete it; to undo a release, revert it:\n"
                                     "release-rollback <commit> --push {}",
                                     rule.remote)));
      continue;
    }
    if (r.new_kind != change::ObjectKind::commit) {
      out.push_back(make("branch/not-a-commit", r, r.update.new_id,
                         fmt::format("{}{} must point at a commit", name, alias),
                         "push a commit (or an annotated tag of a commit) to it"));
      continue;
    }
    if (!r.update.is_create() && !r.fast_forward) {
      out.push_back(make("branch/non-fast-forward", r, r.update.new_id,
                         fmt::format("{}{} {}..{} is not a fast-forward (history would be rewritten)", name, alias,
                                     short12(r.update.old_id), short12(r.update.new_id)),
                         fmt::format("never force-push {}: git fetch {} && git rebase {}/{}\n"
                                     "then push again without --force (to undo a release: release-rollback)",
                                     name, rule.remote, rule.remote, name)));
      continue;  // the chain of a rewritten history is not meaningful
    }
    for (const auto& c : r.entering) {
      if (c.touches_policy && c.release_type != "architecture" && !facts.empty_repository)
        out.push_back(make("branch/policy-change-needs-architecture", r, c.id,
                           fmt::format("commit {} changes the release-gate policy file; that is an architecture release",
                                       short12(c.id)),
                           "add `Release-Type: architecture` with its authorization (CDO + CEO-Aware)\n"
                           "to the release commit: git commit --amend (or the merge commit's message)"));
      if (!rule.direct_commits_checked || r.update.is_create() || c.merge) continue;
      if (c.rollback) continue;  // lib/rules/rollback decides; a verified rollback is a plain revert
      if (std::find(rule.direct_types.begin(), rule.direct_types.end(), c.release_type) != rule.direct_types.end())
        continue;
      out.push_back(make("branch/direct-commit", r, c.id,
                         fmt::format("commit {} \"{}\" is a direct (non-merge) commit on {}{}", short12(c.id),
                                     c.subject.substr(0, 60), name, alias),
                         fmt::format("land it through a feature branch merged into {0}:\n"
                                     "git branch feature/<name> {1} && git reset --keep {0}@{{u}}\n"
                                     "git merge --no-ff feature/<name>  (a hotfix: add `Release-Type: hotfix`;\n"
                                     "a rollback: `git revert <release>` with the rollback lines)",
                                     name, short12(c.id))));
    }
  }
  return out;
}

} // namespace rg::rules
