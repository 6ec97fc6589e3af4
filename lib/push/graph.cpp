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

} // namespace

namespace {

// `rev-list <starts> --not <hidden>` with libgit2's revwalk.
void walk_hiding(git_repository* repo, const std::vector<git_oid>& starts, const OidSet& hidden,
                 const Deadline& deadline, OidSet& seen, std::vector<git_oid>& out) {
  git::RevWalk walk = new_walk(repo);
  check(git_revwalk_sorting(walk.get(), GIT_SORT_NONE), "git_revwalk_sorting");
  for (const auto& s : starts) check(git_revwalk_push(walk.get(), &s), "git_revwalk_push", git::to_hex(s));
  for (const auto& h : hidden)
    if (git_revwalk_hide(walk.get(), &h) < 0) git_error_clear();  // a missing tip hides nothing
  deadline.check("hiding the server's refs");
  git_oid id;
  int rc;
  while ((rc = git_revwalk_next(&id, walk.get())) == 0) {
    if (seen.insert(id).second) out.push_back(id);
    if (out.size() % 256 == 0) deadline.check("listing the pushed commits");
  }
  if (rc != GIT_ITEROVER) check(rc, "git_revwalk_next");
}

} // namespace

std::vector<git_oid> commits_not_on_refs(git_repository* repo, const std::vector<git_oid>& tips,
                                         const OidSet& ref_tips, const Deadline& deadline) {
  std::vector<git_oid> out;
  OidSet seen;
  const char* quarantine = std::getenv("GIT_QUARANTINE_PATH");
  if (!quarantine || !*quarantine) {
    walk_hiding(repo, tips, ref_tips, deadline, seen, out);
    return out;
  }
  const std::string objects = std::string(git_repository_commondir(repo)) + "objects";
  git_odb* raw_odb = nullptr;
  check(git_odb_open(&raw_odb, objects.c_str()), "git_odb_open", objects);
  git::Odb server(raw_odb);
  std::vector<git_oid> queue, boundary;
  OidSet queued;
  for (const auto& t : tips)
    if (queued.insert(t).second) queue.push_back(t);
  for (size_t i = 0; i < queue.size(); ++i) {
    const git_oid id = queue[i];
    if (ref_tips.count(id)) continue;  // on a ref: checked when it got there
    if (git_odb_exists(server.get(), &id)) {
      boundary.push_back(id);  // the server has it, but maybe no ref reaches it
      continue;
    }
    if (seen.insert(id).second) out.push_back(id);
    if (out.size() % 256 == 0) deadline.check("listing the pushed commits");
    git::Commit c = git::lookup_commit(repo, id);
    for (unsigned p = 0; p < git_commit_parentcount(c.get()); ++p) {
      const git_oid* pid = git_commit_parent_id(c.get(), p);
      if (queued.insert(*pid).second) queue.push_back(*pid);
    }
  }
  if (!boundary.empty()) walk_hiding(repo, boundary, ref_tips, deadline, seen, out);
  return out;
}

OidSet gained_commits(git_repository* repo, const git_oid& new_tip, const std::vector<git_oid>& hidden,
                      const Deadline& deadline) {
  git::RevWalk walk = new_walk(repo);
  check(git_revwalk_sorting(walk.get(), GIT_SORT_NONE), "git_revwalk_sorting");
  check(git_revwalk_push(walk.get(), &new_tip), "git_revwalk_push", git::to_hex(new_tip));
  for (const auto& h : hidden) check(git_revwalk_hide(walk.get(), &h), "git_revwalk_hide", git::to_hex(h));
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

} // namespace rg::push
