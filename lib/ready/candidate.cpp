#include "lib/ready/candidate.hpp"

#include "lib/core/names.hpp"
#include "lib/rules/approvals.hpp"

#include "lib/core/error.hpp"
#include "lib/core/text.hpp"
#include "lib/git/check.hpp"
#include "lib/git/repo.hpp"
#include "lib/rules/secrets/scanner.hpp"
#include "lib/scan/scan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace rg::ready {

namespace {

std::string hex(const git_oid& id) { return git::to_hex(id); }

git_oid must_resolve(git_repository* repo, std::string_view spec) {
  if (auto id = git::resolve_commit(repo, spec)) return *id;
  throw core::UsageError(fmt::format("`{}` does not name a commit; give a branch, a commit or A..B", core::printable(spec)));
}

bool is_ancestor(git_repository* repo, const git_oid& ancestor, const git_oid& of) {
  if (git_oid_equal(&ancestor, &of)) return true;
  const int rc = git_graph_descendant_of(repo, &of, &ancestor);
  if (rc < 0) git::check(rc, "git_graph_descendant_of");
  return rc == 1;
}

std::string first_line(const char* msg) {
  std::string_view m = msg ? msg : "";
  return core::printable(m.substr(0, m.find('\n')));
}

// Commits reachable from `tip` and not from `hide`, oldest first.
std::vector<CandidateCommit> walk(git_repository* repo, const git_oid& tip, const git_oid* hide) {
  git_revwalk* raw = nullptr;
  git::check(git_revwalk_new(&raw, repo), "git_revwalk_new");
  git::RevWalk w(raw);
  git_revwalk_sorting(raw, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
  git::check(git_revwalk_push(raw, &tip), "git_revwalk_push");
  if (hide) git::check(git_revwalk_hide(raw, hide), "git_revwalk_hide");
  std::vector<CandidateCommit> out;
  git_oid id;
  while (git_revwalk_next(&id, raw) == 0) {
    git::Commit c = git::lookup_commit(repo, id);
    const char* raw_msg = git_commit_message_raw(c.get());
    out.push_back({hex(id), first_line(raw_msg), raw_msg ? raw_msg : "", git_commit_parentcount(c.get()) > 1});
  }
  return out;
}

std::vector<std::string> tree_paths(git_repository* repo, const git_oid& from, const git_oid& to) {
  git::Commit a = git::lookup_commit(repo, from), b = git::lookup_commit(repo, to);
  git_tree *ta = nullptr, *tb = nullptr;
  git::check(git_commit_tree(&ta, a.get()), "git_commit_tree");
  git::Tree ha(ta);
  git::check(git_commit_tree(&tb, b.get()), "git_commit_tree");
  git::Tree hb(tb);
  git_diff* d = nullptr;
  git::check(git_diff_tree_to_tree(&d, repo, ta, tb, nullptr), "git_diff_tree_to_tree");
  git::Diff diff(d);
  std::set<std::string> paths;
  for (size_t i = 0; i < git_diff_num_deltas(d); ++i) {
    const git_diff_delta* delta = git_diff_get_delta(d, i);
    if (delta->old_file.path) paths.insert(delta->old_file.path);
    if (delta->new_file.path) paths.insert(delta->new_file.path);
  }
  return {paths.begin(), paths.end()};
}

std::vector<std::string> merge_conflicts(git_repository* repo, const git_oid& base, const git_oid& tip) {
  git::Commit a = git::lookup_commit(repo, base), b = git::lookup_commit(repo, tip);
  git_index* raw = nullptr;
  git::check(git_merge_commits(&raw, repo, a.get(), b.get(), nullptr), "git_merge_commits");
  git::Index idx(raw);
  std::set<std::string> out;
  if (!git_index_has_conflicts(raw)) return {};
  git_index_conflict_iterator* it = nullptr;
  git::check(git_index_conflict_iterator_new(&it, raw), "git_index_conflict_iterator_new");
  std::unique_ptr<git_index_conflict_iterator, decltype(&git_index_conflict_iterator_free)> hold(
      it, git_index_conflict_iterator_free);
  const git_index_entry *anc = nullptr, *ours = nullptr, *theirs = nullptr;
  while (git_index_conflict_next(&anc, &ours, &theirs, it) == 0) {
    const git_index_entry* e = ours ? ours : theirs ? theirs : anc;
    if (e) out.insert(e->path);
  }
  return {out.begin(), out.end()};
}

// Work branches (local, and origin's remote-tracking copies) whose tips the base contains.
std::vector<std::string> merged_branches(git_repository* repo, const git_oid& base, const policy::ReleasePolicy& rel,
                                         const std::string& skip_short) {
  git_reference_iterator* raw = nullptr;
  git::check(git_reference_iterator_new(&raw, repo), "git_reference_iterator_new");
  git::ReferenceIterator it(raw);
  std::set<std::string> out;
  git_reference* ref = nullptr;
  while (git_reference_next(&ref, raw) == 0) {
    git::Reference hold(ref);
    std::string name = git_reference_name(ref);
    std::string short_name;
    if (name.rfind("refs/heads/", 0) == 0) short_name = name.substr(11);
    else if (name.rfind("refs/remotes/origin/", 0) == 0) short_name = name.substr(20);
    else continue;
    if (short_name == "HEAD" || short_name == skip_short) continue;
    if (!rel.is_feature_branch("refs/heads/" + short_name)) continue;
    git_object* obj = nullptr;
    if (git_reference_peel(&obj, ref, GIT_OBJECT_COMMIT) != 0) {
      git_error_clear();
      continue;
    }
    git::Object o(obj);
    const git_oid* id = git_object_id(obj);
    if (git_oid_equal(id, &base)) continue;  // where new work starts
    if (is_ancestor(repo, *id, base)) out.insert(short_name);
  }
  return {out.begin(), out.end()};
}

} // namespace

Candidate read_candidate(git_repository* repo, std::string_view spec, std::string_view base,
                         const policy::Policy& policy, const std::filesystem::path& workdir) {
  Candidate c;
  const std::string base_name(base);
  c.base_label = base_name;
  std::optional<git_oid> base_id = git::resolve_commit(repo, "refs/heads/" + base_name);
  if (!base_id) base_id = git::resolve_commit(repo, "refs/remotes/origin/" + base_name);
  if (!base_id) base_id = git::resolve_commit(repo, base_name);

  git_oid tip{}, from{};
  bool have_from = false;
  std::string skip_branch;
  const std::string s(spec);
  if (const auto dots = s.find(".."); dots != std::string::npos) {
    from = must_resolve(repo, s.substr(0, dots));
    tip = must_resolve(repo, s.substr(dots + 2));
    have_from = true;
    c.label = s;
  } else {
    std::string name = s;
    if (name.empty()) {
      git_reference* head = nullptr;
      if (git_repository_head(&head, repo) != 0) {
        git_error_clear();
        throw core::UsageError("HEAD names no commit; name the release candidate: release-gate ready <branch>");
      }
      git::Reference h(head);
      name = git_reference_is_branch(head) ? git_reference_shorthand(head) : "HEAD";
    }
    tip = must_resolve(repo, name);
    if (git::resolve_commit(repo, "refs/heads/" + name) && name != base_name) {
      c.branch_ref = "refs/heads/" + name;
      skip_branch = name;
    }
    c.label = name;
  }
  if (!have_from) {
    if (!base_id)
      throw core::UsageError(fmt::format("no branch `{}` to compare with; give --base or a range A..B", base_name));
    if (is_ancestor(repo, tip, *base_id)) {
      // Already in the base: a release merge (its first parent is what it merges into), or a
      // fast-forward, which brought the branch in without a release record of its own.
      git::Commit t = git::lookup_commit(repo, tip);
      if (git_commit_parentcount(t.get()) > 1) {
        from = *git_commit_parent_id(t.get(), 0);
        c.merged_by = hex(tip);
        c.label = fmt::format("{} (release merge {})", c.label, hex(tip).substr(0, 12));
      } else {
        from = tip;
        c.fast_forwarded = !c.branch_ref.empty();
      }
    } else {
      git_oid mb;
      const int rc = git_merge_base(&mb, repo, &*base_id, &tip);
      if (rc == GIT_ENOTFOUND) {
        git_error_clear();
        throw core::UsageError(fmt::format("`{}` shares no history with `{}`", c.label, base_name));
      }
      git::check(rc, "git_merge_base");
      from = mb;
      c.conflicts = merge_conflicts(repo, *base_id, tip);
    }
  } else {
    git::Commit t = git::lookup_commit(repo, tip);
    if (git_commit_parentcount(t.get()) > 1 && git_oid_equal(git_commit_parent_id(t.get(), 0), &from))
      c.merged_by = hex(tip);
  }
  c.base_id = hex(c.merged_by.empty() && base_id && !have_from ? *base_id : from);
  c.tip_id = hex(tip);
  c.commits = walk(repo, tip, &from);
  c.changed_paths = git_oid_equal(&from, &tip) ? std::vector<std::string>{} : tree_paths(repo, from, tip);
  if (base_id && !have_from) {
    const git_oid after = c.merged_by.empty() ? *base_id : tip;
    c.left_behind = merged_branches(repo, after, policy.release, skip_branch);
  }

  // Lines of work: merges inside the candidate whose side is its own history, plus the line
  // that is merged itself; a merge of the base into the branch (a sync) is not a line.
  std::set<std::string> ids;
  for (const auto& cc : c.commits) ids.insert(cc.id);
  size_t lines = c.commits.empty() ? 0 : 1;
  for (const auto& cc : c.commits) {
    if (!cc.merge || cc.id == c.merged_by) continue;
    git::Commit m = git::lookup_commit(repo, *git::parse_oid(cc.id));
    for (unsigned i = 1; i < git_commit_parentcount(m.get()); ++i)
      if (ids.count(hex(*git_commit_parent_id(m.get(), i)))) ++lines;
  }
  c.lines_of_work = lines;

  // Secrets, as the server scans them: the lines each commit adds, and the messages.
  const auto scanner = rules::secrets::Scanner::compile(policy.secrets);
  const scan::ScanOptions opts{.honour_inline_markers = policy.server.honour_inline_allow};
  std::vector<git_oid> oids;
  for (const auto& cc : c.commits) oids.push_back(*git::parse_oid(cc.id));
  scan::Result result = scan::scan_commits(scanner, repo, oids, {}, opts);
  for (const auto& cc : c.commits) {
    std::vector<core::Finding> found;
    std::string msg = cc.message;
    std::replace(msg.begin(), msg.end(), '\0', ' ');
    scanner.scan("<commit message>", msg, 1, {}, found, opts);
    for (auto& f : found) {
      f.where.commit = cc.id;
      result.findings.push_back(std::move(f));
    }
  }
  scan::apply_ignore(result, scan::IgnoreList::load(workdir / policy.secrets.ignore_file));
  c.secrets = std::move(result.findings);

  // Approvals of the release commit, as fetched into this clone.
  {
    const std::string subject = c.merged_by.empty() ? c.tip_id : c.merged_by;
    const std::string prefix = std::string(names::refs::approvals) + subject + "/";
    git_reference_iterator* raw_it = nullptr;
    git::check(git_reference_iterator_glob_new(&raw_it, repo, (prefix + "*").c_str()), "git_reference_iterator_glob_new");
    git::ReferenceIterator it(raw_it);
    git_reference* ref = nullptr;
    while (git_reference_next(&ref, raw_it) == 0) {
      git::Reference hold(ref);
      const std::string name = git_reference_name(ref);
      const git_oid* target = git_reference_target(ref);
      std::string body;
      git_blob* blob = nullptr;
      if (target && git_blob_lookup(&blob, repo, target) == 0) {
        git::Blob b(blob);
        body.assign(static_cast<const char*>(git_blob_rawcontent(blob)), size_t(git_blob_rawsize(blob)));
      } else {
        git_error_clear();
      }
      c.approvals.push_back(rules::parse_approval(name.substr(prefix.size()), subject, body));
    }
    git_error_clear();
  }

  git_signature* sig = nullptr;
  if (git_signature_default(&sig, repo) == 0) {
    git::Signature hold(sig);
    c.merger_name = sig->name ? sig->name : "";
    c.merger_email = sig->email ? sig->email : "";
  } else {
    git_error_clear();
  }
  return c;
}

} // namespace rg::ready
