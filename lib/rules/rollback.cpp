#include "lib/rules/rollback.hpp"

#include "lib/core/text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace rg::rules {

using core::Finding;

namespace {

Finding make(std::string rule, const change::PushedRef& r, const change::ChainCommit& c, std::string message,
             std::string fix) {
  return core::ref_error(std::move(rule), r.update.ref, c.id, std::move(message), std::move(fix));
}

} // namespace

std::vector<Finding> check_rollbacks(const change::PushFacts& facts) {
  std::vector<Finding> out;
  for (const auto& r : facts.refs) {
    if (r.kind != change::RefKind::protected_branch) continue;
    const std::string branch = core::printable(r.short_name());
    for (const auto& c : r.entering) {
      if (!c.rollback) continue;
      const std::string id = c.id.substr(0, 12);
      for (const auto& t : c.rollback_targets) {
        if (t.id.empty()) {
          out.push_back(make("rollback/unknown-commit", r, c,
                             fmt::format("rollback {} names `Rollback-Of: {}`, which is no commit on the server", id,
                                         core::printable(t.named)),
                             "name the release commit being reverted: Rollback-Of: <id> (git rev-parse <release>)"));
        } else if (!t.on_branch) {
          out.push_back(make("rollback/not-on-branch", r, c,
                             fmt::format("rollback {} reverts {}, which was never part of {}: a rollback may only "
                                         "take out what the branch already had",
                                         id, t.id.substr(0, 12), branch),
                             fmt::format("revert a release that is on {0} (git log --first-parent {0}); to change "
                                         "{0} otherwise, make a release through a feature branch",
                                         branch)));
        }
      }
      if (!c.rollback_verified) {
        Finding f = make("rollback/unverified", r, c,
                         fmt::format("commit {} claims to be a rollback but is not the revert it names", id),
                         "create it with `release-rollback <release> --push origin` (or plain `git revert`)\n"
                         "and do not edit the revert's changes");
        if (!c.rollback_problem.empty()) f.match = c.rollback_problem;
        else if (!c.rollback_differing.empty()) {
          std::string paths;
          for (size_t i = 0; i < c.rollback_differing.size() && i < 8; ++i)
            paths += (paths.empty() ? "" : ", ") + core::printable(c.rollback_differing[i]);
          f.match = "differing paths: " + paths;
        }
        out.push_back(std::move(f));
      }
    }
  }
  return out;
}

std::vector<Finding> check_plain_reverts(const change::PushFacts& facts, const std::vector<std::string>& rollback_roles) {
  std::vector<Finding> out;
  const bool pusher_may = std::any_of(facts.pusher.roles.begin(), facts.pusher.roles.end(), [&](const std::string& r) {
    return std::find(rollback_roles.begin(), rollback_roles.end(), r) != rollback_roles.end();
  });
  if (pusher_may) return out;
  for (const auto& r : facts.refs) {
    if (r.kind != change::RefKind::protected_branch) continue;
    for (const auto& c : r.entering) {
      if (!c.plain_revert) continue;
      const std::string target = c.rollback_targets.empty() ? std::string("<release>") : c.rollback_targets.front().named;
      out.push_back(make(
          "rollback/no-record", r, c,
          fmt::format("commit {} is a `git revert` with no rollback record, and the pusher ({}) is not known to "
                      "hold a rollback role ({})",
                      c.id.substr(0, 12), facts.pusher.known() ? facts.pusher.login + facts.pusher.email : "unknown",
                      fmt::join(rollback_roles, ", ")),
          fmt::format("add the rollback lines and push again:\n"
                      "git commit --amend --trailer 'Release-Type: rollback' --trailer 'Rollback-Of: {}' \\\n"
                      "  --trailer 'Incident: <id>' --trailer 'Authorized-By: <your name> <your e-mail>'\n"
                      "(or let release-rollback write it: release-rollback {} --incident <id> --push origin)",
                      target, target)));
    }
  }
  return out;
}

} // namespace rg::rules
