#include "lib/rules/branches.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace rg::rules {

using core::Finding;
using core::Severity;

namespace {

std::string short12(const std::string& id) { return id.substr(0, 12); }

Finding make(std::string rule, const push::RefUpdate& u, std::string commit, std::string message,
             std::string fix) {
  Finding f;
  f.rule = std::move(rule);
  f.severity = Severity::error;
  f.where.ref = u.ref;
  f.where.commit = std::move(commit);
  f.message = std::move(message);
  f.fix = std::move(fix);
  return f;
}

} // namespace

std::vector<Finding> check_protected_updates(const std::vector<ProtectedUpdate>& updates,
                                             const DirectCommitRule& rule) {
  std::vector<Finding> out;
  for (const auto& pu : updates) {
    const auto& u = pu.update;
    const std::string name = u.short_name();
    if (u.is_delete()) {
      out.push_back(make("branch/protected-delete", u, {},
                         fmt::format("{} is protected and cannot be deleted", name),
                         fmt::format("do not delete it; to undo a release, revert it:\n"
                                     "release-rollback <commit> --push {}",
                                     rule.remote)));
      continue;
    }
    if (!u.is_create() && !pu.fast_forward) {
      out.push_back(make(
          "branch/non-fast-forward", u, u.new_id,
          fmt::format("{} {}..{} is not a fast-forward (history would be rewritten)", name,
                      short12(u.old_id), short12(u.new_id)),
          fmt::format("never force-push {}: git fetch {} && git rebase {}/{}\n"
                      "then push again without --force (to undo a release: release-rollback)",
                      name, rule.remote, rule.remote, name)));
      continue;  // the chain of a rewritten history is not meaningful
    }
    for (const auto& c : pu.entering) {
      if (c.touches_policy && c.release_type != "architecture") {
        out.push_back(make(
            "branch/policy-change-needs-architecture", u, c.id,
            fmt::format("commit {} changes the release-gate policy file; that is an architecture release",
                        short12(c.id)),
            "add `Release-Type: architecture` with its authorization (CDO + CEO-Aware)\n"
            "to the release commit: git commit --amend (or the merge commit's message)"));
      }
      if (!rule.enabled || u.is_create() || c.merge) continue;
      const bool allowed_type =
          std::find(rule.allowed_types.begin(), rule.allowed_types.end(), c.release_type) !=
          rule.allowed_types.end();
      if (allowed_type || (c.rollback && c.rollback_verified)) continue;
      std::string why = c.rollback ? "a rollback whose revert is not verified"
                                   : "a direct (non-merge) commit";
      out.push_back(make(
          "branch/direct-commit", u, c.id,
          fmt::format("commit {} \"{}\" is {} on {}", short12(c.id),
                      c.subject.substr(0, 60), why, name),
          fmt::format("land it through a feature branch merged into {0}:\n"
                      "git branch feature/<name> {1} && git reset --keep {0}@{{u}}\n"
                      "git merge --no-ff feature/<name>  (a hotfix: add `Release-Type: hotfix`)",
                      name, short12(c.id))));
    }
  }
  return out;
}

std::vector<Finding> check_dangling(const std::vector<DanglingBranch>& dangling,
                                    const std::vector<std::string>& protected_refs_pushed,
                                    const std::string& remote) {
  std::vector<Finding> out;
  if (dangling.empty()) return out;
  auto short_ref = [](const std::string& r) {
    return r.rfind("refs/heads/", 0) == 0 ? r.substr(11) : r;
  };
  std::string command = fmt::format("git push --atomic {}", remote);  // (GCC 12 -Wrestrict false positive on "lit" + string)
  for (const auto& p : protected_refs_pushed) command += " " + short_ref(p);
  for (const auto& d : dangling) command += " :" + short_ref(d.ref);
  for (const auto& d : dangling) {
    Finding f;
    f.rule = "branch/dangling-feature-branch";
    f.severity = Severity::error;
    f.where.ref = d.ref;
    f.where.commit = d.tip;
    f.message = fmt::format("{} ({}) is fully merged into {} and would be left behind",
                            short_ref(d.ref), short12(d.tip), short_ref(d.merged_into));
    f.fix = "delete merged branches in the same push:\n" + command;
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<Finding> check_signatures(const std::vector<SignatureCheck>& checks) {
  using State = SignatureCheck::State;
  std::vector<Finding> out;
  for (const auto& c : checks) {
    if (c.state == State::good) continue;
    Finding f;
    f.severity = Severity::error;
    f.where.ref = c.ref;
    f.where.commit = c.commit;
    std::string who;
    for (const auto& p : c.principals) who += (who.empty() ? "" : ", ") + p;
    const std::string sign_fix =
        "the authorizer signs the release commit with their SSH key:\n"
        "git -c gpg.format=ssh -c user.signingkey=<key> commit --amend -S --no-edit";
    switch (c.state) {
      case State::unsigned_commit:
        f.rule = "sig/unsigned";
        f.message = fmt::format("release commit {} is not signed (strict signatures)", short12(c.commit));
        f.fix = sign_fix;
        break;
      case State::not_ssh:
        f.rule = "sig/not-ssh";
        f.message = fmt::format("release commit {} is signed, but not with an SSH key", short12(c.commit));
        f.fix = sign_fix;
        break;
      case State::no_authorizer:
        f.rule = "sig/no-authorizer";
        f.message = fmt::format("release commit {} names no authorizer e-mail to verify", short12(c.commit));
        f.fix = "add `Authorized-By: Name <email>` and have that person sign the commit";
        break;
      case State::bad:
        f.rule = "sig/bad-signature";
        f.message = fmt::format("release commit {} is not signed by its authorizer ({})",
                                short12(c.commit), who);
        f.match = c.detail;
        f.fix = sign_fix + "\n(the key must be listed for that e-mail in the server's allowed_signers)";
        break;
      case State::no_signers_file:
        f.rule = "sig/no-allowed-signers";
        f.message = "strict signatures are on but the server has no allowed-signers file";
        f.match = c.detail;
        f.fix = "server admin: create it (ssh-keygen -Y verify format) or set server.allowed_signers";
        break;
      case State::good:
        break;
    }
    out.push_back(std::move(f));
  }
  return out;
}

} // namespace rg::rules
