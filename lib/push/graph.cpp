#include "lib/push/graph.hpp"

#include "lib/git/check.hpp"
#include "lib/git/repo.hpp"

#include <cstdlib>

namespace rg::push {

using git::check;

std::optional<git_oid> peel_to_commit(git_repository* repo, const std::string& hex) {
  auto id = git::parse_oid(hex);
  if (!id || git::is_zero(*id)) return std::nullopt;
  git_object* raw = nullptr;
  check(git_object_lookup(&raw, repo, &*id, GIT_OBJECT_ANY), "git_object_lookup", hex);
  git::Object obj(raw);
  git_object* peeled = nullptr;
  if (git_object_peel(&peeled, raw, GIT_OBJECT_COMMIT) < 0) return std::nullopt;  // tag of a tree/blob
  git::Object holder(peeled);
  return *git_object_id(peeled);
}

namespace {

git::RevWalk new_walk(git_repository* repo) {
  git_revwalk* raw = nullptr;
  check(git_revwalk_new(&raw, repo), "git_revwalk_new");
  git::RevWalk walk(raw);
  check(git_revwalk_sorting(raw, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME), "git_revwalk_sorting");
  return walk;
}

// Hide the tip of every ref the server has. A ref whose target is not a commit (a tag of a
// blob) or is missing cannot hide anything; skipping it only makes the walk larger (never
// smaller), so it is safe.
void hide_all_refs(git_repository* repo, git_revwalk* walk) {
  git_reference_iterator* raw_it = nullptr;
  check(git_reference_iterator_new(&raw_it, repo), "git_reference_iterator_new");
  git::ReferenceIterator it(raw_it);
  git_reference* ref = nullptr;
  int rc;
  while ((rc = git_reference_next(&ref, raw_it)) == 0) {
    git::Reference holder(ref);
    if (git_reference_type(ref) != GIT_REFERENCE_DIRECT) continue;  // HEAD and other symrefs
    const git_oid* target = git_reference_target(ref);
    if (!target) continue;
    const git_oid* peeled = git_reference_target_peel(ref);  // packed-refs' "^" line, if any
    if (git_revwalk_hide(walk, peeled ? peeled : target) < 0) git_error_clear();
  }
  if (rc != GIT_ITEROVER) check(rc, "git_reference_next");
}

} // namespace

// The walk for pushes in git's quarantine: breadth-first from the pushed tips, never past a
// commit the server's own object store (objects/ without the quarantine) already has.
std::vector<git_oid> walk_quarantined(git_repository* repo, const std::vector<git_oid>& tips,
                                      const Deadline& deadline) {
  const std::string objects = std::string(git_repository_commondir(repo)) + "objects";
  git_odb* raw_odb = nullptr;
  git::check(git_odb_open(&raw_odb, objects.c_str()), "git_odb_open", objects);
  git::Odb server(raw_odb);
  std::vector<git_oid> out;
  OidSet seen;
  std::vector<git_oid> queue;
  for (const auto& t : tips)
    if (seen.insert(t).second) queue.push_back(t);
  for (size_t i = 0; i < queue.size(); ++i) {
    const git_oid id = queue[i];
    if (git_odb_exists(server.get(), &id)) continue;
    out.push_back(id);
    if (out.size() % 256 == 0) deadline.check("listing the pushed commits");
    git::Commit c = git::lookup_commit(repo, id);
    for (unsigned p = 0; p < git_commit_parentcount(c.get()); ++p) {
      const git_oid* pid = git_commit_parent_id(c.get(), p);
      if (seen.insert(*pid).second) queue.push_back(*pid);
    }
  }
  return out;
}

std::vector<git_oid> commits_new_to_server(git_repository* repo, const std::vector<RefUpdate>& updates,
                                           const Deadline& deadline) {
  if (const char* q = std::getenv("GIT_QUARANTINE_PATH"); q && *q) {
    std::vector<git_oid> tips;
    for (const auto& u : updates)
      if (!u.is_delete())
        if (auto tip = peel_to_commit(repo, u.new_id)) tips.push_back(*tip);
    return walk_quarantined(repo, tips, deadline);
  }
  git::RevWalk walk = new_walk(repo);
  bool any = false;
  for (const auto& u : updates) {
    if (u.is_delete()) continue;
    auto tip = peel_to_commit(repo, u.new_id);
    if (!tip) continue;
    check(git_revwalk_push(walk.get(), &*tip), "git_revwalk_push", u.new_id);
    any = true;
  }
  std::vector<git_oid> out;
  if (!any) return out;
  hide_all_refs(repo, walk.get());
  deadline.check("hiding the server's refs");
  git_oid id;
  int rc;
  while ((rc = git_revwalk_next(&id, walk.get())) == 0) {
    out.push_back(id);
    if (out.size() % 256 == 0) deadline.check("listing the pushed commits");
  }
  if (rc != GIT_ITEROVER) check(rc, "git_revwalk_next");
  return out;
}

OidSet gained_commits(git_repository* repo, const git_oid& new_tip, const git_oid* old_tip,
                      const Deadline& deadline) {
  git::RevWalk walk = new_walk(repo);
  check(git_revwalk_sorting(walk.get(), GIT_SORT_NONE), "git_revwalk_sorting");
  check(git_revwalk_push(walk.get(), &new_tip), "git_revwalk_push", git::to_hex(new_tip));
  if (old_tip) check(git_revwalk_hide(walk.get(), old_tip), "git_revwalk_hide", git::to_hex(*old_tip));
  OidSet out;
  git_oid id;
  int rc;
  while ((rc = git_revwalk_next(&id, walk.get())) == 0) {
    out.insert(id);
    if (out.size() % 256 == 0) deadline.check("walking the commits the branch gains");
  }
  if (rc != GIT_ITEROVER) check(rc, "git_revwalk_next");
  return out;
}

std::vector<git_oid> first_parent_entering(git_repository* repo, const git_oid& new_tip,
                                           const OidSet& gained, const Deadline& deadline) {
  std::vector<git_oid> out;
  git_oid cur = new_tip;
  while (gained.count(cur)) {
    out.push_back(cur);
    if (out.size() % 256 == 0) deadline.check("following the first-parent chain");
    git::Commit c = git::lookup_commit(repo, cur);
    if (git_commit_parentcount(c.get()) == 0) break;
    cur = *git_commit_parent_id(c.get(), 0);
  }
  return out;
}

bool is_fast_forward(git_repository* repo, const git_oid& old_tip, const git_oid& new_tip) {
  if (git_oid_equal(&old_tip, &new_tip)) return true;
  return check(git_graph_descendant_of(repo, &new_tip, &old_tip), "git_graph_descendant_of",
               git::to_hex(new_tip)) == 1;
}

std::vector<RefTip> refs_matching(git_repository* repo, const std::vector<std::string>& globs) {
  std::vector<RefTip> out;
  if (globs.empty()) return out;
  git_reference_iterator* raw_it = nullptr;
  check(git_reference_iterator_new(&raw_it, repo), "git_reference_iterator_new");
  git::ReferenceIterator it(raw_it);
  git_reference* ref = nullptr;
  int rc;
  while ((rc = git_reference_next(&ref, raw_it)) == 0) {
    git::Reference holder(ref);
    if (git_reference_type(ref) != GIT_REFERENCE_DIRECT) continue;
    const char* name = git_reference_name(ref);
    if (!matches_any(name, globs)) continue;
    out.push_back(RefTip{name, *git_reference_target(ref)});
  }
  if (rc != GIT_ITEROVER) check(rc, "git_reference_next");
  return out;
}

} // namespace rg::push
