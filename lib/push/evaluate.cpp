#include "lib/push/evaluate.hpp"

#include "lib/core/text.hpp"
#include "lib/git/check.hpp"
#include "lib/git/diff.hpp"
#include "lib/git/repo.hpp"
#include "lib/message/trailers.hpp"
#include "lib/push/facts.hpp"
#include "lib/rules/access.hpp"
#include "lib/rules/approvals.hpp"
#include "lib/rules/attestation.hpp"
#include "lib/rules/dangling.hpp"
#include "lib/rules/documentation.hpp"
#include "lib/rules/protected_refs.hpp"
#include "lib/rules/release_message.hpp"
#include "lib/rules/rollback.hpp"
#include "lib/rules/signatures.hpp"
#include "lib/rules/secrets/scanner.hpp"
#include "lib/scan/objects.hpp"
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

// The remote name used in fix commands.
constexpr std::string_view kRemote = "origin";

// A commit's whole message from the raw object (libgit2's message stops at a NUL byte).
std::string raw_message(git_repository* repo, const git_oid& id) {
  git_odb* raw_odb = nullptr;
  git::check(git_repository_odb(&raw_odb, repo), "git_repository_odb");
  git::Odb odb(raw_odb);
  git_odb_object* obj = nullptr;
  git::check(git_odb_read(&obj, raw_odb, &id), "git_odb_read", git::to_hex(id));
  git::OdbObject holder(obj);
  const std::string_view data(static_cast<const char*>(git_odb_object_data(obj)), git_odb_object_size(obj));
  const auto body = data.find("\n\n");
  return body == std::string_view::npos ? std::string() : std::string(data.substr(body + 2));
}

// How findings about an object a ref names directly are located: "<refs/tags/x>".
std::string ref_label(const std::string& ref) { return "<" + core::printable(ref) + ">"; }

audit::Release release_entry(const change::PushedRef& r, const change::ChainCommit& c) {
  audit::Release e;
  e.ref = r.ref;
  e.commit = c.id;
  e.type = c.release_type;
  for (const auto& t : message::parse_trailers(c.message)) {
    if (message::key_equals(t.key, policy::trailer::authorized_by) ||
        message::key_equals(t.key, policy::trailer::confirmed_by)) {
      e.authorizers.push_back(core::printable(t.value));
    } else if (message::key_equals(t.key, policy::trailer::qa_signoff)) {
      const std::string_view v = core::trim(t.value);
      e.qa.push_back(core::printable(v.substr(0, v.find_first_of(" \t"))));
    }
  }
  return e;
}

// Secrets in everything the push makes reachable that was not checked before: the commits
// (their added lines and their messages), the trees and blobs refs name directly, and the
// messages of pushed annotated tags. Exceptions come only from the server: its ignore file and
// policy; inline markers only when the server's policy opts in.
std::vector<Finding> scan_secrets(git_repository* repo, const policy::Policy& policy, const ScanSet& set,
                                  const fs::path& repo_dir, const Deadline& deadline,
                                  std::vector<std::string>& notices) {
  std::vector<Finding> out;
  if (set.commits.empty() && set.objects.empty() && set.tag_messages.empty()) return out;
  policy::SecretsPolicy secrets = policy.secrets;
  if (!policy.server.pack_path_allowlist) {  // exceptions come from the server's own file only
    auto& paths = secrets.allow.paths;
    paths.erase(paths.begin(), paths.begin() + std::ptrdiff_t(std::min(secrets.allow.pack_paths, paths.size())));
    secrets.allow.pack_paths = 0;
  }
  // A path is the pusher's choice: under tests/ a credential is still a credential on the server.
  if (policy.server.test_paths_block) secrets.test_credentials = policy::TestCredentials::error;
  const auto scanner = rules::secrets::Scanner::compile(secrets);
  const scan::ScanOptions opts{.honour_inline_markers = policy.server.honour_inline_allow};
  scan::Result result = scan::scan_commits(
      scanner, repo, set.commits,
      [&](const scan::ProgressInfo&) { deadline.check("scanning the pushed commits for secrets"); }, opts);
  // Messages are read whole, binary or not: a NUL byte must not hide what follows it.
  auto scan_message = [&](std::string_view name, std::string message, std::vector<Finding>& into) {
    std::replace(message.begin(), message.end(), '\0', ' ');
    scanner.scan(name, message, 1, {}, into, opts);
  };
  for (const auto& id : set.commits) {
    deadline.check("scanning commit messages for secrets");
    std::vector<Finding> found;
    scan_message("<commit message>", raw_message(repo, id), found);
    for (auto& f : found) {
      f.where.commit = git::to_hex(id);
      result.findings.push_back(std::move(f));
    }
  }
  for (const auto& [ref, message] : set.tag_messages) {
    std::vector<Finding> found;
    scan_message("<tag message>", message, found);
    for (auto& f : found) {
      f.where.ref = ref;
      result.findings.push_back(std::move(f));
    }
  }
  for (const auto& o : set.objects) {
    deadline.check("scanning objects named by refs");
    scan::Result r = scan::scan_object(scanner, repo, o.id, o.tree, ref_label(o.ref), opts);
    for (auto& f : r.findings) {
      f.where.ref = o.ref;
      result.findings.push_back(std::move(f));
    }
    for (auto& n : r.notices) result.notices.push_back(std::move(n));
  }
  // A file too large to read cannot be shown to be free of secrets: the pusher must not buy
  // acceptance with size.
  if (!policy.server.allow_oversized)
    for (const auto& u : result.too_large) {
      Finding f;
      f.rule = "secrets/unscanned-file";
      f.where.path = u.path;
      f.where.commit = u.commit;
      f.message = fmt::format("{} bytes: larger than secrets.limits.max_file_bytes ({}), so it cannot be checked "
                              "for secrets",
                              u.size, scanner.limits().max_file_bytes);
      f.fix = "keep large files out of git (Git LFS), or ask the server admin to raise\n"
              "secrets.limits.max_file_bytes or set server.allow_oversized: true";
      out.push_back(std::move(f));
    }
  // Accepted false positives: the server's own list, never one from the push.
  scan::apply_ignore(result, scan::IgnoreList::load(repo_dir / fs::path(policy.secrets.ignore_file).filename()));
  for (auto& f : result.findings) {
    if (!f.where.commit.empty()) {
      const std::string sha = f.where.commit.substr(0, 12);
      f.fix = fmt::format("remove it from commit {0} and push again: git rebase -i {0}^\n"
                          "(mark it `edit`), then rotate the credential; a false positive:\n"
                          "ask the server admin to add the fingerprint to {1}",
                          sha, fs::path(policy.secrets.ignore_file).filename().string());
    } else {
      f.fix = fmt::format("delete or re-point {} and rotate the credential; a false positive:\n"
                          "ask the server admin to add the fingerprint to {}",
                          core::printable(f.where.ref), fs::path(policy.secrets.ignore_file).filename().string());
    }
    out.push_back(std::move(f));
  }
  for (auto& n : result.notices) notices.push_back(std::move(n));
  return out;
}

// The release record of every commit entering a protected branch, read exactly as the
// commit-msg hook reads it. The first push into an empty repository is an import, not a release.
std::vector<Finding> check_records(const change::PushFacts& facts, const policy::ReleasePolicy& rel) {
  std::vector<Finding> out;
  if (facts.empty_repository) return out;
  for (const auto& r : facts.refs) {
    if (r.kind != change::RefKind::protected_branch) continue;
    for (const auto& c : r.entering) {
      if (c.plain_revert) continue;  // rules::check_plain_reverts
      rules::ReleaseContext ctx;
      ctx.commit = c.id;
      ctx.author_name = c.author_name;
      ctx.author_email = c.author_email;
      ctx.pusher = rules::display(facts.pusher);
      ctx.changed_paths = c.changed_paths;
      ctx.merged_feature_branches = std::max(c.lines_of_work, c.merged_branch_tips);
      ctx.re_release = c.re_release;
      for (auto& f : rules::check_release_message(c.message, ctx, rel)) {
        f.where.ref = r.update.ref;
        if (f.where.commit.empty()) f.where.commit = c.id;
        f.fix += fmt::format("\nthen reword commit {} (git commit --amend, or git rebase -i for an older one) "
                             "and push again",
                             c.id.substr(0, 12));
        out.push_back(std::move(f));
      }
    }
  }
  return out;
}

void append(std::vector<Finding>& to, std::vector<Finding>&& from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

} // namespace

Outcome evaluate(git_repository* repo, const policy::Policy& policy, const Request& req,
                 const Deadline& deadline) {
  Outcome out;
  // Facts in.
  Gathered g = gather(repo, policy, req.updates, req.pusher, req.repo_dir, deadline);
  out.timings.emplace_back("facts", deadline.elapsed_ms());
  const change::PushFacts& facts = g.facts;
  out.new_commits = facts.commits_scanned;
  out.pusher_person = facts.pusher.person;
  out.mainline_commits = facts.mainline_commits;

  // Findings out.
  append(out.findings, rules::check_access(facts, policy.release, policy.server));
  append(out.findings, scan_secrets(repo, policy, g.scan, req.repo_dir, deadline, out.notices));
  out.timings.emplace_back("secrets", deadline.elapsed_ms());
  rules::ProtectedRefRule refs_rule;
  refs_rule.direct_types.clear();
  for (const auto& t : policy.release.direct_commit_types())
    if (t != rules::rollback_type) refs_rule.direct_types.push_back(core::to_lower(t));
  refs_rule.remote = std::string(kRemote);
  append(out.findings, rules::check_refs(facts, refs_rule));
  append(out.findings, rules::check_rollbacks(facts));
  if (const auto* rollback_type = policy.release.find_type(rules::rollback_type))
    append(out.findings, rules::check_plain_reverts(facts, rollback_type->authorize_any));
  append(out.findings, check_records(facts, policy.release));
  append(out.findings, rules::check_documentation(facts, policy.readiness));
  append(out.findings, rules::check_signatures(facts.signatures));
  append(out.findings, rules::check_dangling(facts, std::string(kRemote)));
  append(out.findings, rules::check_approval_pushes(facts));
  if (policy.server.authorization == policy::AuthorizationMode::verified)
    append(out.findings, rules::check_approvals(facts, policy.release));
  append(out.findings, rules::check_attestations(facts.attestations, policy.readiness));
  append(out.findings, rules::check_attestation_pushes(facts, policy.readiness));

  // Decide.
  out.bypass_reason = bypass_reason(req.options);
  auto bypass = rules::check_bypass(facts.pusher, out.bypass_reason, policy.server);
  out.bypass_honoured = out.bypass_reason.has_value() && bypass.empty();
  append(out.findings, std::move(bypass));
  for (const auto& r : facts.refs)
    if (r.kind == change::RefKind::protected_branch && !facts.empty_repository)
      for (const auto& c : r.entering) out.releases.push_back(release_entry(r, c));
  if (core::has_errors(out.findings))
    out.verdict = out.bypass_honoured ? Verdict::bypassed : Verdict::rejected;
  return out;
}

} // namespace rg::push
