#include "lib/push/evaluate.hpp"

#include "lib/core/text.hpp"
#include "lib/git/check.hpp"
#include "lib/git/diff.hpp"
#include "lib/git/repo.hpp"
#include "lib/message/trailers.hpp"
#include "lib/push/graph.hpp"
#include "lib/push/signature.hpp"
#include "lib/rollback/message.hpp"
#include "lib/rollback/verify.hpp"
#include "lib/rules/branches.hpp"
#include "lib/rules/release_message.hpp"
#include "lib/rules/secrets/scanner.hpp"
#include "lib/scan/scan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

namespace rg::push {

namespace fs = std::filesystem;
using core::Finding;

std::string_view to_string(Verdict v) {
  switch (v) {
    case Verdict::accepted: return "accepted";
    case Verdict::rejected: return "rejected";
    case Verdict::bypassed: return "bypassed";
  }
  return "?";
}

policy::Policy load_server_policy(git_repository* repo, const fs::path& repo_dir) {
  policy::Policy p = policy::default_policy();
  const fs::path local = repo_dir / std::string(server_policy_file);
  if (policy::policy_file_present(local)) {  // a dangling link or a directory is an error, not absence
    policy::apply_file(p, local);
    return p;
  }
  git_config* raw = nullptr;
  git::check(git_repository_config_snapshot(&raw, repo), "git_repository_config_snapshot");
  git::Config cfg(raw);
  const char* value = nullptr;
  const int rc = git_config_get_string(&value, raw, "release-gate.policy");
  if (rc == GIT_ENOTFOUND) {
    git_error_clear();
    return p;
  }
  git::check(rc, "git_config_get_string", "release-gate.policy");
  fs::path file = value;
  if (file.is_relative()) file = repo_dir / file;
  policy::apply_file(p, file);  // named but missing: ConfigError (fail closed)
  return p;
}

namespace {

std::string lower(std::string_view s) { return core::to_lower(core::trim(s)); }

// The e-mail inside "Name <email>", or the whole value when it has no angle brackets and
// looks like an address.
std::string email_of(std::string_view value) {
  auto lt = value.find('<');
  auto gt = value.find('>', lt == std::string_view::npos ? 0 : lt);
  if (lt != std::string_view::npos && gt != std::string_view::npos) return lower(value.substr(lt + 1, gt - lt - 1));
  auto v = core::trim(value);
  return v.find('@') != std::string_view::npos && v.find(' ') == std::string_view::npos ? lower(v) : "";
}

std::string subject_of(std::string_view message) {
  auto nl = message.find('\n');
  return core::printable(message.substr(0, nl));
}

// Roles the pusher holds: the host's login or e-mail matched against the policy's people
// (their e-mail, the e-mail's local part, or their name; case-insensitive).
std::vector<std::string> roles_of_pusher(const policy::ReleasePolicy& rel, const Identity& who) {
  std::vector<std::string> out;
  if (!who.known()) return out;
  const std::string login = lower(who.login), email = lower(who.email);
  for (const auto& [role, people] : rel.roles) {
    for (const auto& p : people) {
      const std::string pe = lower(p.email);
      const std::string local = pe.substr(0, pe.find('@'));
      if ((!email.empty() && email == pe) ||
          (!login.empty() && (login == pe || login == local || login == lower(p.name)))) {
        out.push_back(role);
        break;
      }
    }
  }
  return out;
}

Finding error_finding(std::string rule, std::string ref, std::string commit, std::string message,
                      std::string fix) {
  Finding f;
  f.rule = std::move(rule);
  f.where.ref = std::move(ref);
  f.where.commit = std::move(commit);
  f.message = std::move(message);
  f.fix = std::move(fix);
  return f;
}

// Secrets in every commit new to the server; each unique blob pair read once.
void scan_new_commits(git_repository* repo, const policy::Policy& policy, const std::vector<git_oid>& commits,
                      const fs::path& repo_dir, const Deadline& deadline, Outcome& out) {
  if (commits.empty()) return;
  const auto scanner = rules::secrets::Scanner::compile(policy.secrets);
  scan::Result result = scan::scan_commits(scanner, repo, commits, [&](size_t, size_t, uint64_t) {
    deadline.check("scanning the pushed commits for secrets");
  });
  // Accepted false positives: the server's own list, never one from the push.
  scan::apply_ignore(result, scan::IgnoreList::load(repo_dir / fs::path(policy.secrets.ignore_file).filename()));
  for (auto& f : result.findings) {
    const std::string sha = f.where.commit.substr(0, 12);
    f.fix = fmt::format("remove it from commit {0} and push again: git rebase -i {0}^\n"
                        "(mark it `edit`), then rotate the credential; a false positive:\n"
                        "ask the server admin to add the fingerprint to {1}",
                        sha, fs::path(policy.secrets.ignore_file).filename().string());
    out.findings.push_back(std::move(f));
  }
  for (auto& n : result.notices) out.notices.push_back(std::move(n));
}

} // namespace

bool may_bypass(const policy::Policy& policy, const Identity& who) {
  if (!who.known()) return false;
  const std::string login = lower(who.login), email = lower(who.email);
  for (const auto& u : policy.server.bypass_users) {
    const std::string x = lower(u);
    if (!x.empty() && (x == login || x == email)) return true;
  }
  for (const auto& role : roles_of_pusher(policy.release, who))
    if (std::find(policy.server.bypass_roles.begin(), policy.server.bypass_roles.end(), role) !=
        policy.server.bypass_roles.end())
      return true;
  return false;
}

Outcome evaluate(git_repository* repo, const policy::Policy& policy, const Request& req,
                 const Deadline& deadline) {
  Outcome out;
  const auto& rel = policy.release;
  const auto& srv = policy.server;

  if (srv.require_identity && !req.pusher.known())
    out.findings.push_back(error_finding(
        "push/identity-required", {}, {}, "the server requires to know who pushes, and the host named no one",
        "server admin: push through the host's authenticated transport (SSH/HTTPS),\n"
        "which sets GL_USERNAME / GITHUB_USER_LOGIN / GITEA_PUSHER_NAME / GL_USER / REMOTE_USER"));

  // 1. Secrets in everything new to the server, on any ref.
  const std::vector<git_oid> fresh = commits_new_to_server(repo, req.updates, deadline);
  out.new_commits = fresh.size();
  out.timings.emplace_back("new-commits", deadline.elapsed_ms());
  scan_new_commits(repo, policy, fresh, req.repo_dir, deadline, out);
  out.timings.emplace_back("secrets", deadline.elapsed_ms());

  // 2. Protected refs.
  std::vector<rules::ProtectedUpdate> protected_updates;
  std::vector<rules::SignatureCheck> signature_checks;
  std::vector<Finding> rollback_findings;
  OidSet gained_union;
  std::map<std::string, std::string> gained_by;  // hex commit -> protected ref (dangling report)
  std::vector<std::string> protected_pushed;
  const fs::path signers = fs::path(srv.allowed_signers).is_absolute()
                               ? fs::path(srv.allowed_signers)
                               : req.repo_dir / srv.allowed_signers;
  const auto message_of = rollback::message_lookup(repo);
  // Feature-branch tips as the server has them, plus those this push deletes: a release merging
  // several of them must be declared multi-feature (or stronger).
  OidSet feature_tips;  // a set: a branch deleted in this push is also still a ref on the server
  for (const auto& rt : refs_matching(repo, rel.feature_branches)) feature_tips.insert(rt.tip);
  for (const auto& u : req.updates)
    if (u.is_delete() && matches_any(u.ref, rel.feature_branches))
      if (auto t = peel_to_commit(repo, u.old_id)) feature_tips.insert(*t);
  const std::vector<std::string> pusher_roles = roles_of_pusher(rel, req.pusher);
  // The first push into an empty repository is an import, not a release: it is scanned for
  // secrets like any push, but no release record is asked of it.
  bool empty_repository = false;
  {
    git_reference_iterator* raw_it = nullptr;
    git::check(git_reference_iterator_new(&raw_it, repo), "git_reference_iterator_new");
    git::ReferenceIterator it(raw_it);
    git_reference* first = nullptr;
    const int rc = git_reference_next(&first, raw_it);
    git::Reference holder(first);
    if (rc == GIT_ITEROVER) {
      empty_repository = true;
      git_error_clear();
    } else {
      git::check(rc, "git_reference_next");
    }
  }
  std::vector<Finding> release_findings;

  for (const auto& u : req.updates) {
    if (!matches_any(u.ref, rel.protected_branches)) continue;
    rules::ProtectedUpdate pu;
    pu.update = u;
    if (u.is_delete()) {
      protected_updates.push_back(std::move(pu));
      continue;
    }
    protected_pushed.push_back(u.ref);
    // Who may move a protected branch: decided when the host names the pusher (an anonymous
    // pusher is refused by server.require_identity instead).
    if (!rel.push_roles.empty() && req.pusher.known() &&
        std::none_of(pusher_roles.begin(), pusher_roles.end(), [&](const std::string& r) {
          return std::find(rel.push_roles.begin(), rel.push_roles.end(), r) != rel.push_roles.end();
        }))
      out.findings.push_back(error_finding(
          "push/not-allowed-to-push", u.ref, {},
          fmt::format("{} may not move {}: only holders of the roles {} may", req.pusher.display(),
                      u.short_name(), fmt::join(rel.push_roles, ", ")),
          fmt::format("ask a holder of one of those roles to push, or add {} to a role in the server's "
                      "release-gate.yml", req.pusher.display())));
    const auto new_tip = peel_to_commit(repo, u.new_id);
    if (!new_tip) {
      out.findings.push_back(error_finding("branch/not-a-commit", u.ref, u.new_id,
                                           fmt::format("{} must point at a commit", u.short_name()),
                                           "push a commit (or an annotated tag of a commit) to it"));
      continue;
    }
    std::optional<git_oid> old_tip = u.is_create() ? std::nullopt : peel_to_commit(repo, u.old_id);
    if (old_tip) pu.fast_forward = is_fast_forward(repo, *old_tip, *new_tip);
    deadline.check("checking fast-forwards");
    if (!pu.fast_forward) {
      protected_updates.push_back(std::move(pu));
      continue;
    }
    const OidSet gained = gained_commits(repo, *new_tip, old_tip ? &*old_tip : nullptr, deadline);
    const size_t merged_features = size_t(std::count_if(feature_tips.begin(), feature_tips.end(),
                                                        [&](const git_oid& t) { return gained.count(t) > 0; }));
    // A re-release brings back a rolled-back change: some commit the branch gains (often on the
    // merged side branch, not on the first-parent chain) reverts a rollback. The release commit
    // at the new tip then needs the RCA line.
    bool gains_re_release = false;
    for (const auto& g : gained) {
      if (empty_repository) break;
      deadline.check("looking for re-released rollbacks");
      if (rollback::reverted_rollback(message_of(git::to_hex(g)).value_or(""), message_of)) {
        gains_re_release = true;
        break;
      }
    }
    for (const auto& g : gained) {
      if (gained_union.insert(g).second) gained_by.emplace(git::to_hex(g), u.ref);
    }
    // A created protected ref (first push, an import) is judged by its tip alone.
    std::vector<git_oid> entering =
        old_tip ? first_parent_entering(repo, *new_tip, gained, deadline) : std::vector<git_oid>{*new_tip};
    out.mainline_commits += entering.size();
    for (const auto& id : entering) {
      deadline.check("checking the commits entering the protected branch");
      git::Commit c = git::lookup_commit(repo, id);
      const char* raw_msg = git_commit_message_raw(c.get());
      const std::string msg = raw_msg ? raw_msg : "";
      rules::ChainCommit cc;
      cc.id = git::to_hex(id);
      cc.subject = subject_of(msg);
      cc.merge = git_commit_parentcount(c.get()) > 1;
      const auto trailers = message::parse_trailers(msg);
      for (const auto& t : trailers)
        if (message::key_equals(t.key, rollback::kReleaseTypeTrailer)) cc.release_type = lower(t.value);
      cc.rollback = rollback::is_rollback_message(msg);
      if (cc.rollback) {
        const auto v = rollback::verify_rollback(repo, id);
        cc.rollback_verified = v.ok;
        if (!v.ok) {
          std::string paths;
          for (size_t i = 0; i < v.differing_paths.size() && i < 8; ++i)
            paths += (paths.empty() ? "" : ", ") + v.differing_paths[i];
          Finding f = error_finding(
              "rollback/unverified", u.ref, cc.id,
              fmt::format("commit {} claims to be a rollback but is not the revert it names",
                          cc.id.substr(0, 12)),
              "create it with `release-rollback <release> --push origin` (or plain `git revert`)\n"
              "and do not edit the revert's changes");
          f.match = !v.error.empty() ? core::printable(v.error) : "differing paths: " + paths;
          rollback_findings.push_back(std::move(f));
        }
      }
      const std::vector<std::string> paths = git::changed_paths(repo, c.get());
      // The server's own policy file, or a repository's: changing either is an architecture release.
      cc.touches_policy = std::any_of(paths.begin(), paths.end(), [](const std::string& p) {
        return p == "release-gate.yml" || p == policy::repo_policy_file;
      });
      // The release record (SOP sections 2, 3, 5, 6), exactly as the commit-msg hook checks it.
      if (!empty_repository) {
        rules::ReleaseContext ctx;
        ctx.commit = cc.id;
        const git_signature* author = git_commit_author(c.get());
        ctx.author_name = author->name ? author->name : "";
        ctx.author_email = author->email ? author->email : "";
        ctx.pusher = req.pusher.known() ? req.pusher.display() : "";
        ctx.changed_paths = paths;
        ctx.merged_feature_branches = git_oid_equal(&id, &*new_tip) ? merged_features : 0;
        ctx.re_release = (git_oid_equal(&id, &*new_tip) && gains_re_release) ||
                         rollback::reverted_rollback(msg, message_of).has_value();
        for (auto& f : rules::check_release_message(msg, ctx, rel)) {
          f.where.ref = u.ref;
          if (f.where.commit.empty()) f.where.commit = cc.id;
          f.fix += fmt::format("\nthen reword commit {} (git commit --amend, or git rebase -i for an older one) "
                               "and push again", cc.id.substr(0, 12));
          release_findings.push_back(std::move(f));
        }
      }

      if (srv.signatures == policy::SignatureMode::strict) {
        rules::SignatureCheck sc;
        sc.commit = cc.id;
        sc.ref = u.ref;
        for (const auto& t : trailers)
          if (message::key_equals(t.key, "Authorized-By") || message::key_equals(t.key, "Confirmed-By"))
            if (auto e = email_of(t.value); !e.empty()) sc.principals.push_back(e);
        const CommitSignature sig = extract_signature(repo, id);
        std::error_code ec;
        if (sig.kind == CommitSignature::Kind::none) sc.state = rules::SignatureCheck::State::unsigned_commit;
        else if (sig.kind == CommitSignature::Kind::other) sc.state = rules::SignatureCheck::State::not_ssh;
        else if (sc.principals.empty()) sc.state = rules::SignatureCheck::State::no_authorizer;
        else if (!fs::exists(signers, ec)) {
          sc.state = rules::SignatureCheck::State::no_signers_file;
          sc.detail = signers.string();
        } else {
          sc.state = rules::SignatureCheck::State::bad;
          for (const auto& p : sc.principals) {
            const auto v = verify_ssh(signers.string(), p, sig);
            sc.detail = v.detail;
            if (v.ok) {
              sc.state = rules::SignatureCheck::State::good;
              break;
            }
          }
        }
        signature_checks.push_back(std::move(sc));
      }
      pu.entering.push_back(std::move(cc));
    }
    protected_updates.push_back(std::move(pu));
  }

  out.timings.emplace_back("protected", deadline.elapsed_ms());
  rules::DirectCommitRule direct;
  // Types the policy lets commit straight onto a protected branch; a rollback qualifies only
  // when its revert is verified (the rule checks that itself).
  direct.allowed_types.clear();
  for (const auto& t : rel.direct_commit_types())
    if (t != rules::rollback_type) direct.allowed_types.push_back(lower(t));
  for (auto& f : rules::check_protected_updates(protected_updates, direct)) out.findings.push_back(std::move(f));
  for (auto& f : rollback_findings) out.findings.push_back(std::move(f));
  for (auto& f : release_findings) out.findings.push_back(std::move(f));
  for (auto& f : rules::check_signatures(signature_checks)) out.findings.push_back(std::move(f));

  // 3. Dangling feature branches: a branch is dangling when this push makes its tip reachable
  //    from a protected branch (its tip is among the commits the protected branch gains), unless
  //    the same push deletes it. One pass over the feature refs, a hash lookup each.
  if (!gained_union.empty()) {
    deadline.check("looking for merged feature branches");
    std::map<std::string, std::string> tips;  // ref -> tip after the push
    for (const auto& rt : refs_matching(repo, rel.feature_branches)) tips[rt.ref] = git::to_hex(rt.tip);
    for (const auto& u : req.updates) {
      if (!matches_any(u.ref, rel.feature_branches)) continue;
      if (u.is_delete()) tips.erase(u.ref);
      else if (auto t = peel_to_commit(repo, u.new_id)) tips[u.ref] = git::to_hex(*t);
    }
    std::vector<rules::DanglingBranch> dangling;
    for (const auto& [ref, tip] : tips) {
      auto id = git::parse_oid(tip);
      if (id && gained_union.count(*id)) dangling.push_back({ref, tip, gained_by[tip]});
    }
    for (auto& f : rules::check_dangling(dangling, protected_pushed)) out.findings.push_back(std::move(f));
    out.timings.emplace_back("dangling", deadline.elapsed_ms());
  }

  // 4. Break-glass.
  out.bypass_reason = bypass_reason(req.options);
  if (out.bypass_reason) {
    if (!may_bypass(policy, req.pusher)) {
      out.findings.push_back(error_finding(
          "push/bypass-not-allowed", {}, {},
          fmt::format("{} may not use release-gate.bypass (allowed: roles {}; users {})",
                      req.pusher.display(), fmt::join(srv.bypass_roles, ", "),
                      srv.bypass_users.empty() ? "none" : fmt::format("{}", fmt::join(srv.bypass_users, ", "))),
          "push without -o release-gate.bypass, or ask a holder of a bypass role to push"));
    } else if (out.bypass_reason->empty()) {
      out.findings.push_back(error_finding("push/bypass-without-reason", {}, {},
                                           "release-gate.bypass needs a reason",
                                           "git push -o release-gate.bypass=\"<incident or reason>\" ..."));
    } else {
      out.bypass_honoured = true;
    }
  }
  if (core::has_errors(out.findings))
    out.verdict = out.bypass_honoured ? Verdict::bypassed : Verdict::rejected;
  return out;
}

} // namespace rg::push
