#include "lib/rollback/revert.hpp"

#include "lib/git/check.hpp"

#include <algorithm>
#include <set>

namespace rg::rollback {
namespace {

git::Tree tree_of(git_repository* repo, const git_oid& id) {
  git_tree* t = nullptr;
  git::check(git_tree_lookup(&t, repo, &id), "git_tree_lookup", git::to_hex(id));
  return git::Tree(t);
}

git::Tree commit_tree(git_repository* repo, const git_commit* c) {
  return tree_of(repo, *git_commit_tree_id(c));
}

// What the revert's own side (base -> theirs) touches, against `ours`.
struct Touched {
  std::vector<std::string> moved;  ///< paths it changes or deletes that `ours` no longer has
  bool adds_and_deletes = false;   ///< it adds and deletes paths: it may itself be a rename
  size_t changed = 0;              ///< paths it changes
};

Touched touched_paths(git_repository* repo, git_tree* base, git_tree* ours, git_tree* theirs) {
  git_diff* raw = nullptr;
  git::check(git_diff_tree_to_tree(&raw, repo, base, theirs, nullptr), "git_diff_tree_to_tree");
  git::Diff diff(raw);
  Touched t;
  bool adds = false, deletes = false;
  t.changed = git_diff_num_deltas(diff.get());
  for (size_t i = 0; i < t.changed; ++i) {
    const git_diff_delta* d = git_diff_get_delta(diff.get(), i);
    if (d->status == GIT_DELTA_ADDED) {
      adds = true;
      continue;
    }
    deletes = deletes || d->status == GIT_DELTA_DELETED;
    git_tree_entry* e = nullptr;
    int rc = git_tree_entry_bypath(&e, ours, d->old_file.path);
    if (rc == GIT_ENOTFOUND) t.moved.push_back(d->old_file.path);
    else git::check(rc, "git_tree_entry_bypath", d->old_file.path);
    git_tree_entry_free(e);
  }
  t.adds_and_deletes = adds && deletes;
  return t;
}

// The moved paths, when base -> ours changes more paths than rename detection examines: then
// whether they were renamed is unknown. Empty when the answer is certain.
std::vector<std::string> unsure_paths(git_repository* repo, git_tree* base, git_tree* ours, const Touched& t) {
  if (t.moved.empty()) return {};
  // libgit2 looks for inexact renames only when the paths changed on either side, and the
  // added and the deleted ones each, number at most the limit (merge.c, find_renames).
  git_diff* raw = nullptr;
  git::check(git_diff_tree_to_tree(&raw, repo, base, ours, nullptr), "git_diff_tree_to_tree");
  git::Diff since(raw);
  if (git_diff_num_deltas(since.get()) + t.changed <= kRenameLimit) return {};
  return t.moved;
}

} // namespace

unsigned mainline_of(const git_commit* commit) {
  return git_commit_parentcount(commit) > 1 ? 1 : 0;
}

StepResult revert_onto(git_repository* repo, const git_commit* commit, unsigned mainline,
                       const git_oid& ours) {
  const unsigned parents = git_commit_parentcount(commit);
  const std::string id = git::to_hex(*git_commit_id(commit));
  if (parents > 1 && mainline == 0)
    throw core::Error("commit " + id + " is a merge; a mainline parent is required");
  if (mainline > parents || (parents <= 1 && mainline > 1))
    throw core::Error("commit " + id + " has no parent " + std::to_string(mainline));

  // Base: the commit itself; theirs: its (mainline) parent, or nothing for a root commit.
  git::Tree base = commit_tree(repo, commit);
  git::Tree our_tree = tree_of(repo, ours);
  git::Tree their_tree;
  if (parents > 0) {
    const git_oid* parent = git_commit_parent_id(commit, mainline == 0 ? 0 : mainline - 1);
    git::Commit p = [&] {
      git_commit* raw = nullptr;
      git::check(git_commit_lookup(&raw, repo, parent), "git_commit_lookup", git::to_hex(*parent));
      return git::Commit(raw);
    }();
    their_tree = commit_tree(repo, p.get());
  }

  git_merge_options opts{}; // rename detection on, as `git revert` does

  git_merge_options_init(&opts, GIT_MERGE_OPTIONS_VERSION);
  opts.target_limit = kRenameLimit;                // libgit2's 1000 silently misses renames
  // Renames only matter for paths the revert touches (git's ort: "relevant sources"). When none
  // of them moved on our side and the revert itself renames nothing, detection cannot change the
  // result, and skipping it saves comparing every file moved since the release.
  const Touched touched = touched_paths(repo, base.get(), our_tree.get(), their_tree.get());
  if (touched.moved.empty() && !touched.adds_and_deletes) opts.flags &= ~GIT_MERGE_FIND_RENAMES;
  git_index* raw = nullptr;
  git::check(git_merge_trees(&raw, repo, base.get(), our_tree.get(), their_tree.get(), &opts),
             "git_merge_trees", "(revert " + id + ")");
  git::Index index(raw);

  StepResult r;
  if (git_index_has_conflicts(index.get())) {
    std::set<std::string> paths;
    git_index_conflict_iterator* it = nullptr;
    git::check(git_index_conflict_iterator_new(&it, index.get()), "git_index_conflict_iterator_new");
    const git_index_entry *anc = nullptr, *our = nullptr, *their = nullptr;
    while (git_index_conflict_next(&anc, &our, &their, it) == 0) {
      for (const git_index_entry* e : {our, their, anc})
        if (e) paths.insert(e->path);
    }
    git_index_conflict_iterator_free(it);
    r.conflicts.assign(paths.begin(), paths.end());
    return r;
  }
  if (auto paths = unsure_paths(repo, base.get(), our_tree.get(), touched); !paths.empty()) {
    r.unsure = true;
    r.conflicts = std::move(paths);
    return r;
  }
  git_oid out;
  git::check(git_index_write_tree_to(&out, index.get(), repo), "git_index_write_tree_to");
  r.tree = out;
  return r;
}

TreeDiff diff_trees(git_repository* repo, const git_oid& from, const git_oid& to) {
  git::Tree a = tree_of(repo, from), b = tree_of(repo, to);
  git_diff* raw = nullptr;
  git::check(git_diff_tree_to_tree(&raw, repo, a.get(), b.get(), nullptr), "git_diff_tree_to_tree");
  git::Diff diff(raw);
  git_diff_find_options fo{};
  git_diff_find_options_init(&fo, GIT_DIFF_FIND_OPTIONS_VERSION);
  fo.flags = GIT_DIFF_FIND_RENAMES;
  git::check(git_diff_find_similar(diff.get(), &fo), "git_diff_find_similar");
  TreeDiff out;
  const size_t n = git_diff_num_deltas(diff.get());
  for (size_t i = 0; i < n; ++i) {
    const git_diff_delta* d = git_diff_get_delta(diff.get(), i);
    TreeDiff::File f{'M', d->new_file.path};
    switch (d->status) {
    case GIT_DELTA_ADDED: f.status = 'A'; break;
    case GIT_DELTA_DELETED: f.status = 'D'; f.path = d->old_file.path; break;
    case GIT_DELTA_RENAMED:
      f.status = 'R';
      f.path = std::string(d->old_file.path) + " -> " + d->new_file.path;
      break;
    case GIT_DELTA_TYPECHANGE: f.status = 'T'; break;
    default:
      if (d->old_file.mode != d->new_file.mode && git_oid_equal(&d->old_file.id, &d->new_file.id))
        f.status = 'T';
      break;
    }
    out.files.push_back(std::move(f));
  }
  git_diff_stats* stats = nullptr;
  git::check(git_diff_get_stats(&stats, diff.get()), "git_diff_get_stats");
  out.insertions = git_diff_stats_insertions(stats);
  out.deletions = git_diff_stats_deletions(stats);
  git_diff_stats_free(stats);
  return out;
}

std::vector<std::string> differing_paths(git_repository* repo, const git_oid& a, const git_oid& b) {
  git::Tree ta = tree_of(repo, a), tb = tree_of(repo, b);
  git_diff* raw = nullptr;
  git::check(git_diff_tree_to_tree(&raw, repo, ta.get(), tb.get(), nullptr), "git_diff_tree_to_tree");
  git::Diff diff(raw);
  std::set<std::string> paths;
  const size_t n = git_diff_num_deltas(diff.get());
  for (size_t i = 0; i < n; ++i) {
    const git_diff_delta* d = git_diff_get_delta(diff.get(), i);
    if (d->old_file.path) paths.insert(d->old_file.path);
    if (d->new_file.path) paths.insert(d->new_file.path);
  }
  return {paths.begin(), paths.end()};
}

} // namespace rg::rollback
