#include "lib/git/diff.hpp"

#include "lib/git/check.hpp"

namespace rg::git {

namespace {

std::string oid_or_empty(const git_diff_file& f) {
  return git_oid_is_zero(&f.id) ? std::string() : to_hex(f.id);
}

std::vector<change::FileChange> collect(git_diff* diff, const DiffOptions& opts) {
  if (opts.detect_renames) {
    git_diff_find_options fo = GIT_DIFF_FIND_OPTIONS_INIT;
    fo.flags = GIT_DIFF_FIND_RENAMES;
    check(git_diff_find_similar(diff, &fo), "git_diff_find_similar");
  }
  std::vector<change::FileChange> out;
  const size_t n = git_diff_num_deltas(diff);
  for (size_t i = 0; i < n; ++i) {
    const git_diff_delta* d = git_diff_get_delta(diff, i);
    change::FileChange fc;
    fc.deleted = d->status == GIT_DELTA_DELETED;
    fc.path = fc.deleted ? std::string() : d->new_file.path;
    if (d->status != GIT_DELTA_ADDED) fc.old_path = d->old_file.path;
    fc.old_blob = oid_or_empty(d->old_file);
    fc.new_blob = oid_or_empty(d->new_file);
    fc.size = d->new_file.size;
    // Submodule commits and deletions add no lines.
    if (fc.deleted || d->new_file.mode == GIT_FILEMODE_COMMIT) continue;
    if (opts.seen_pairs && !opts.seen_pairs->insert(fc.old_blob + ":" + fc.new_blob).second) continue;
    if (fc.size > opts.max_file_bytes) {
      fc.too_large = true;
      out.push_back(std::move(fc));
      continue;
    }
    git_patch* raw = nullptr;
    check(git_patch_from_diff(&raw, diff, i), "git_patch_from_diff", fc.path);
    Patch patch(raw);
    if (!patch || (git_patch_get_delta(raw)->flags & GIT_DIFF_FLAG_BINARY)) {
      fc.binary = patch != nullptr;
      if (fc.binary) out.push_back(std::move(fc));
      continue;
    }
    const size_t hunks = git_patch_num_hunks(raw);
    for (size_t h = 0; h < hunks; ++h) {
      const size_t lines = size_t(check(git_patch_num_lines_in_hunk(raw, h), "git_patch_num_lines_in_hunk"));
      change::Hunk* cur = nullptr;
      int next_line = -1;
      for (size_t l = 0; l < lines; ++l) {
        const git_diff_line* line = nullptr;
        check(git_patch_get_line_in_hunk(&line, raw, h, l), "git_patch_get_line_in_hunk", fc.path);
        if (line->origin != GIT_DIFF_LINE_ADDITION) {
          cur = nullptr;
          continue;
        }
        std::string_view text(line->content, line->content_len);
        if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
        if (!cur || line->new_lineno != next_line) {
          fc.added.push_back(change::Hunk{uint32_t(line->new_lineno), {}});
          cur = &fc.added.back();
        } else {
          cur->text += '\n';
        }
        cur->text.append(text);
        next_line = line->new_lineno + 1;
      }
    }
    out.push_back(std::move(fc));
  }
  return out;
}

git_diff_options base_options(const DiffOptions& opts) {
  git_diff_options o = GIT_DIFF_OPTIONS_INIT;
  o.context_lines = 0;
  o.interhunk_lines = 0;
  o.max_size = git_off_t(opts.max_file_bytes);
  return o;
}

} // namespace

std::vector<change::FileChange> staged_changes(git_repository* repo, const DiffOptions& opts) {
  Tree head_tree;
  git_reference* head_ref = nullptr;
  int rc = git_repository_head(&head_ref, repo);
  if (rc == 0) {
    Reference head(head_ref);
    git_object* obj = nullptr;
    check(git_reference_peel(&obj, head_ref, GIT_OBJECT_TREE), "git_reference_peel", "HEAD");
    head_tree.reset(reinterpret_cast<git_tree*>(obj));
  } else if (rc != GIT_EUNBORNBRANCH && rc != GIT_ENOTFOUND) {
    check(rc, "git_repository_head");
  }
  git_index* raw_index = nullptr;
  check(git_repository_index(&raw_index, repo), "git_repository_index");
  Index index(raw_index);
  git_diff_options o = base_options(opts);
  git_diff* raw = nullptr;
  check(git_diff_tree_to_index(&raw, repo, head_tree.get(), raw_index, &o), "git_diff_tree_to_index");
  Diff diff(raw);
  return collect(raw, opts);
}

std::vector<change::FileChange> tree_changes(git_repository* repo, const git_tree* old_tree,
                                             const git_tree* new_tree, const DiffOptions& opts) {
  git_diff_options o = base_options(opts);
  git_diff* raw = nullptr;
  check(git_diff_tree_to_tree(&raw, repo, const_cast<git_tree*>(old_tree),
                              const_cast<git_tree*>(new_tree), &o),
        "git_diff_tree_to_tree");
  Diff diff(raw);
  return collect(raw, opts);
}

change::Commit commit_info(const git_commit* commit) {
  change::Commit c;
  c.id = to_hex(*git_commit_id(commit));
  for (unsigned i = 0; i < git_commit_parentcount(commit); ++i)
    c.parents.push_back(to_hex(*git_commit_parent_id(commit, i)));
  const git_signature* a = git_commit_author(commit);
  const git_signature* m = git_commit_committer(commit);
  c.author_name = a->name ? a->name : "";
  c.author_email = a->email ? a->email : "";
  c.committer_name = m->name ? m->name : "";
  c.committer_email = m->email ? m->email : "";
  c.time = git_commit_time(commit);
  const char* raw = git_commit_message_raw(commit);
  c.message = raw ? raw : "";
  return c;
}

change::Commit commit_change(git_repository* repo, const git_commit* commit, const DiffOptions& opts) {
  change::Commit c = commit_info(commit);
  git_tree* raw_tree = nullptr;
  check(git_commit_tree(&raw_tree, commit), "git_commit_tree", c.id);
  Tree tree(raw_tree);
  Tree parent_tree;
  if (git_commit_parentcount(commit) > 0) {
    git_commit* raw_parent = nullptr;
    check(git_commit_parent(&raw_parent, commit, 0), "git_commit_parent", c.id);
    Commit parent(raw_parent);
    git_tree* pt = nullptr;
    check(git_commit_tree(&pt, raw_parent), "git_commit_tree", to_hex(*git_commit_id(raw_parent)));
    parent_tree.reset(pt);
  }
  c.files = tree_changes(repo, parent_tree.get(), tree.get(), opts);
  return c;
}

} // namespace rg::git
