#include "lib/git/diff.hpp"

#include "lib/core/content.hpp"
#include "lib/git/check.hpp"

#include <git2/sys/repository.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>

namespace rg::git {

namespace {

// The added lines of a patch, grouped into runs of consecutive new line numbers.
void append_added_lines(git_patch* raw, change::FileChange& fc) {
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
}

// --- The fast path for history: trees compared by id, so unchanged subtrees cost nothing. ---
// libgit2's tree-to-tree diff visits every entry of both trees on every commit; for a push of
// thousands of commits to a large tree that dominated the hook. Renames need libgit2's
// similarity search, so a commit that both adds and deletes files takes the slow path.

struct Delta {
  std::string path;
  std::string old_path;  // when has_old and the file moved (an exact rename); else ""
  git_oid old_id{}, new_id{};
  bool has_old = false;
};

// git's tree order: names compared bytewise, a tree's name as if followed by '/'.
int compare_entries(const git_tree_entry* a, const git_tree_entry* b) {
  const char* an = git_tree_entry_name(a);
  const char* bn = git_tree_entry_name(b);
  const size_t al = std::strlen(an), bl = std::strlen(bn), len = std::min(al, bl);
  if (int c = std::memcmp(an, bn, len)) return c;
  const unsigned char ac = al > len ? static_cast<unsigned char>(an[len])
                                    : (git_tree_entry_type(a) == GIT_OBJECT_TREE ? '/' : 0);
  const unsigned char bc = bl > len ? static_cast<unsigned char>(bn[len])
                                    : (git_tree_entry_type(b) == GIT_OBJECT_TREE ? '/' : 0);
  return ac < bc ? -1 : ac > bc ? 1 : 0;
}

struct TreeWalk {
  git_repository* repo;
  std::vector<Delta> deltas;
  bool deleted = false;  // something was removed (a possible rename source)
  std::vector<std::string>* removed = nullptr;  // when set, the removed files' paths

  void remove(const git_tree_entry* e, const std::string& prefix) {
    deleted = true;
    if (!removed) return;
    const std::string path = prefix + git_tree_entry_name(e);
    if (git_tree_entry_type(e) == GIT_OBJECT_TREE) {
      Tree t = subtree(e);
      for (size_t k = 0; k < git_tree_entrycount(t.get()); ++k) remove(git_tree_entry_byindex(t.get(), k), path + "/");
    } else {
      removed->push_back(path);
    }
  }

  Tree subtree(const git_tree_entry* e) {
    git_tree* raw = nullptr;
    check(git_tree_lookup(&raw, repo, git_tree_entry_id(e)), "git_tree_lookup", git_tree_entry_name(e));
    return Tree(raw);
  }
  void add(const git_tree_entry* e, const git_tree_entry* old, const std::string& prefix) {
    const std::string path = prefix + git_tree_entry_name(e);
    if (git_tree_entry_type(e) == GIT_OBJECT_TREE) {
      Tree t = subtree(e);
      walk(nullptr, t.get(), path + "/");
      return;
    }
    if (git_tree_entry_type(e) != GIT_OBJECT_BLOB) return;  // submodule commits add no lines
    Delta d;
    d.path = path;
    git_oid_cpy(&d.new_id, git_tree_entry_id(e));
    if (old && git_tree_entry_type(old) == GIT_OBJECT_BLOB) {
      git_oid_cpy(&d.old_id, git_tree_entry_id(old));
      d.has_old = true;
    }
    deltas.push_back(std::move(d));
  }
  void walk(const git_tree* a, const git_tree* b, const std::string& prefix) {
    const size_t na = a ? git_tree_entrycount(a) : 0, nb = b ? git_tree_entrycount(b) : 0;
    size_t i = 0, j = 0;
    while (i < na || j < nb) {
      const git_tree_entry* ea = i < na ? git_tree_entry_byindex(a, i) : nullptr;
      const git_tree_entry* eb = j < nb ? git_tree_entry_byindex(b, j) : nullptr;
      const int c = !ea ? 1 : !eb ? -1 : compare_entries(ea, eb);
      if (c < 0) {
        remove(ea, prefix);
        ++i;
      } else if (c > 0) {
        add(eb, nullptr, prefix);
        ++j;
      } else {
        const bool same = git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb)) &&
                          git_tree_entry_filemode(ea) == git_tree_entry_filemode(eb);
        if (!same) {
          if (git_tree_entry_type(ea) == GIT_OBJECT_TREE && git_tree_entry_type(eb) == GIT_OBJECT_TREE) {
            Tree ta = subtree(ea), tb = subtree(eb);
            walk(ta.get(), tb.get(), prefix + git_tree_entry_name(eb) + "/");
          } else if (git_tree_entry_type(ea) == git_tree_entry_type(eb)) {
            add(eb, ea, prefix);  // content or mode changed
          } else {
            remove(ea, prefix);  // a type change: the old one goes, the new one comes
            add(eb, nullptr, prefix);
          }
        }
        ++i;
        ++j;
      }
    }
  }
};

// The empty blob: an intent-to-add index entry names it without it being in the object database.
constexpr std::string_view kEmptyBlob = "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391";

// An object's size from its header: a blob over the limit is judged without being read.
uint64_t object_size(git_odb* odb, const git_oid& id, const std::string& path) {
  size_t len = 0;
  git_object_t type = GIT_OBJECT_INVALID;
  check(git_odb_read_header(&len, &type, odb, &id), "git_odb_read_header", path);
  return uint64_t(len);
}

Blob lookup_blob(git_repository* repo, const git_oid& id, const std::string& path) {
  git_blob* raw = nullptr;
  check(git_blob_lookup(&raw, repo, &id), "git_blob_lookup", path);
  return Blob(raw);
}

std::string_view content_of(const Blob& blob) {
  return {static_cast<const char*>(git_blob_rawcontent(blob.get())), size_t(git_blob_rawsize(blob.get()))};
}

// One blob pair's added lines. Whether a side is text is our decision (core::TextContent: git's
// NUL test after byte-order marks, UTF-16/32 decoded), never libgit2's heuristic. The added lines
// are the lines of the new text that the old text lacks, unless the old side was never scanned
// as this path would be: then the whole new text counts as added.
std::optional<change::FileChange> blob_change(git_repository* repo, git_odb* odb, const Delta& d,
                                              const DiffOptions& opts) {
  change::FileChange fc;
  fc.path = d.path;
  if (d.has_old) {
    fc.old_path = d.old_path.empty() ? d.path : d.old_path;
    fc.old_blob = to_hex(d.old_id);
  }
  fc.new_blob = to_hex(d.new_id);
  if (opts.skip && opts.skip(d.path, d.new_id)) return std::nullopt;
  if (fc.new_blob == kEmptyBlob) return fc;
  fc.size = object_size(odb, d.new_id, d.path);
  if (fc.size > opts.max_file_bytes) {
    fc.too_large = true;
    return fc;
  }
  const Blob new_blob = lookup_blob(repo, d.new_id, d.path);
  const core::TextContent new_text = core::TextContent::from(content_of(new_blob));
  if (new_text.binary()) {
    fc.binary = true;
    return fc;
  }

  bool whole = !d.has_old || fc.old_blob == kEmptyBlob;
  if (!whole && fc.old_path != fc.path) whole = !opts.same_scan || !opts.same_scan(fc.old_path, fc.path);
  Blob old_blob;
  std::optional<core::TextContent> old_text;
  if (!whole) {
    // An old side that was skipped (too large, binary) was never scanned: nothing it had is known.
    whole = object_size(odb, d.old_id, fc.old_path) > opts.max_file_bytes;
    if (!whole) {
      old_blob = lookup_blob(repo, d.old_id, fc.old_path);
      old_text = core::TextContent::from(content_of(old_blob));
      whole = old_text->binary();
    }
  }
  const std::string_view text = new_text.text();
  if (whole) {
    std::string_view body = text;
    if (!body.empty() && body.back() == '\n') body.remove_suffix(1);
    if (!text.empty()) fc.added.push_back(change::Hunk{1, std::string(body)});
    return fc;
  }
  git_diff_options o{};
  git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION);
  o.context_lines = 0;
  o.interhunk_lines = 0;
  o.flags = GIT_DIFF_FORCE_TEXT;
  const std::string_view before = old_text->text();
  git_patch* raw_patch = nullptr;
  // Both sides exactly as stored (no byte-order mark dropped, nothing decoded): diff the blobs.
  // Same lines as from the buffers, but libgit2 takes the ids it has instead of hashing both
  // texts again (SHA-1 with collision detection: a fifth of a pre-commit run).
  const auto as_stored = [](std::string_view t, const Blob& b) {
    const std::string_view raw = content_of(b);
    return t.data() == raw.data() && t.size() == raw.size();
  };
  if (as_stored(before, old_blob) && as_stored(text, new_blob))
    check(git_patch_from_blobs(&raw_patch, old_blob.get(), fc.old_path.c_str(), new_blob.get(), fc.path.c_str(), &o),
          "git_patch_from_blobs", d.path);
  else
    check(git_patch_from_buffers(&raw_patch, before.data(), before.size(), fc.old_path.c_str(), text.data(),
                                 text.size(), fc.path.c_str(), &o),
          "git_patch_from_buffers", d.path);
  Patch patch(raw_patch);
  append_added_lines(raw_patch, fc);
  return fc;
}

Odb odb_of(git_repository* repo) {
  git_odb* raw = nullptr;
  check(git_repository_odb(&raw, repo), "git_repository_odb");
  return Odb(raw);
}

bool is_blob_mode(uint16_t mode) {
  return mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE || mode == GIT_FILEMODE_LINK;
}

// The files of a libgit2 diff (index or tree against tree), each through blob_change(). Only
// exact renames are detected (by blob id): similarity would read every candidate blob, and a
// moved-and-edited file is scanned whole, which is the safe answer anyway.
std::vector<change::FileChange> collect(git_repository* repo, git_diff* diff, const DiffOptions& opts) {
  if (opts.detect_renames) {
    git_diff_find_options fo{};
    git_diff_find_options_init(&fo, GIT_DIFF_FIND_OPTIONS_VERSION);
    fo.flags = GIT_DIFF_FIND_RENAMES | GIT_DIFF_FIND_EXACT_MATCH_ONLY;
    check(git_diff_find_similar(diff, &fo), "git_diff_find_similar");
  }
  const Odb odb = odb_of(repo);
  std::vector<change::FileChange> out;
  const size_t n = git_diff_num_deltas(diff);
  for (size_t i = 0; i < n; ++i) {
    const git_diff_delta* gd = git_diff_get_delta(diff, i);
    // Deletions and submodule commits add no lines.
    if (gd->status == GIT_DELTA_DELETED || !is_blob_mode(gd->new_file.mode)) continue;
    Delta d;
    d.path = gd->new_file.path;
    git_oid_cpy(&d.new_id, &gd->new_file.id);
    if (gd->status != GIT_DELTA_ADDED && is_blob_mode(gd->old_file.mode) && !git_oid_is_zero(&gd->old_file.id)) {
      d.has_old = true;
      git_oid_cpy(&d.old_id, &gd->old_file.id);
      if (std::strcmp(gd->old_file.path, gd->new_file.path) != 0) d.old_path = gd->old_file.path;
    }
    if (auto fc = blob_change(repo, odb.get(), d, opts)) out.push_back(std::move(*fc));
  }
  return out;
}

git_diff_options base_options() {
  git_diff_options o{};
  git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION);
  o.context_lines = 0;
  o.interhunk_lines = 0;
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
  git_diff_options o = base_options();
  git_diff* raw = nullptr;
  check(git_diff_tree_to_index(&raw, repo, head_tree.get(), raw_index, &o), "git_diff_tree_to_index");
  Diff diff(raw);
  return collect(repo, raw, opts);
}

std::vector<RawDelta> parse_diff_raw(std::string_view out) {
  std::vector<RawDelta> deltas;
  // One NUL-terminated field from `out`; nullopt at the end.
  auto field = [&out]() -> std::optional<std::string_view> {
    const size_t nul = out.find('\0');
    if (nul == std::string_view::npos) return std::nullopt;
    const std::string_view f = out.substr(0, nul);
    out.remove_prefix(nul + 1);
    return f;
  };
  while (const auto head = field()) {
    // ":<old mode> <new mode> <old id> <new id> <status>[<score>]"
    if (head->size() < 2 || head->front() != ':') break;
    RawDelta d;
    std::string_view h = head->substr(1);
    std::string_view parts[5];
    for (int i = 0; i < 5; ++i) {
      const size_t sp = i < 4 ? h.find(' ') : h.size();
      if (sp == std::string_view::npos) return deltas;
      parts[i] = h.substr(0, sp);
      h.remove_prefix(std::min(h.size(), sp + 1));
    }
    if (parts[4].empty()) break;
    std::from_chars(parts[0].data(), parts[0].data() + parts[0].size(), d.old_mode, 8);
    std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), d.new_mode, 8);
    d.old_id = parts[2];
    d.new_id = parts[3];
    d.status = parts[4].front();
    const auto first = field();
    if (!first) break;
    d.old_path = d.path = *first;
    if (d.status == 'R' || d.status == 'C') {
      const auto second = field();
      if (!second) break;
      d.path = *second;
    }
    deltas.push_back(std::move(d));
  }
  return deltas;
}

std::vector<change::FileChange> staged_changes_from_git(git_repository* repo, const DiffOptions& opts) {
  // Exact renames only (-M100%: git pairs identical ids and reads no content), as collect() does.
  // With -z paths are never quoted; --raw never runs external diff drivers or textconv.
  struct PipeCloser {
    void operator()(std::FILE* f) const noexcept { ::pclose(f); }
  };
  std::unique_ptr<std::FILE, PipeCloser> pipe(::popen("git diff --cached --raw -z --no-abbrev --no-color -M100%", "r"));
  if (!pipe) throw core::Error("cannot run `git diff --cached --raw`");
  std::string out;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe.get())) > 0) out.append(buf, n);
  if (::pclose(pipe.release()) != 0) throw core::Error("`git diff --cached --raw` failed");

  // libgit2 reads the index while diffing two blobs (for their attributes), and cannot read this
  // one: the repository gets an empty in-memory index, so attributes come from the work tree.
  git_index* raw_index = nullptr;
  check(git_index_new(&raw_index), "git_index_new");
  const Index empty_index(raw_index);
  check(git_repository_set_index(repo, raw_index), "git_repository_set_index");

  const Odb odb = odb_of(repo);
  std::vector<change::FileChange> files;
  for (const RawDelta& r : parse_diff_raw(out)) {
    // Deletions, unmerged paths and submodule commits add no lines.
    if (r.status == 'D' || r.status == 'U' || !is_blob_mode(uint16_t(r.new_mode))) continue;
    Delta d;
    d.path = r.path;
    if (git_oid_fromstr(&d.new_id, r.new_id.c_str()) < 0 || git_oid_is_zero(&d.new_id)) continue;
    if (r.status != 'A' && is_blob_mode(uint16_t(r.old_mode)) && git_oid_fromstr(&d.old_id, r.old_id.c_str()) == 0 &&
        !git_oid_is_zero(&d.old_id)) {
      d.has_old = true;
      if (r.old_path != r.path) d.old_path = r.old_path;
    }
    if (auto fc = blob_change(repo, odb.get(), d, opts)) files.push_back(std::move(*fc));
  }
  return files;
}

std::vector<change::FileChange> tree_changes(git_repository* repo, const git_tree* old_tree,
                                             const git_tree* new_tree, const DiffOptions& opts) {
  git_diff_options o = base_options();
  git_diff* raw = nullptr;
  check(git_diff_tree_to_tree(&raw, repo, const_cast<git_tree*>(old_tree),
                              const_cast<git_tree*>(new_tree), &o),
        "git_diff_tree_to_tree");
  Diff diff(raw);
  return collect(repo, raw, opts);
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

namespace {

// (first parent's tree or null for a root commit, the commit's tree)
std::pair<Tree, Tree> trees_of(const git_commit* commit) {
  git_tree* raw_tree = nullptr;
  check(git_commit_tree(&raw_tree, commit), "git_commit_tree", to_hex(*git_commit_id(commit)));
  Tree tree(raw_tree);
  Tree parent_tree;
  if (git_commit_parentcount(commit) > 0) {
    git_commit* raw_parent = nullptr;
    check(git_commit_parent(&raw_parent, commit, 0), "git_commit_parent", to_hex(*git_commit_id(commit)));
    Commit parent(raw_parent);
    git_tree* pt = nullptr;
    check(git_commit_tree(&pt, raw_parent), "git_commit_tree", to_hex(*git_commit_id(raw_parent)));
    parent_tree.reset(pt);
  }
  return {std::move(parent_tree), std::move(tree)};
}

} // namespace

std::vector<std::string> changed_paths(git_repository* repo, const git_commit* commit) {
  auto [parent_tree, tree] = trees_of(commit);
  std::vector<std::string> removed;
  TreeWalk walk{repo, {}, false, &removed};
  walk.walk(parent_tree.get(), tree.get(), "");
  std::vector<std::string> out;
  for (auto& d : walk.deltas) out.push_back(std::move(d.path));
  for (auto& r : removed) out.push_back(std::move(r));
  return out;
}

change::Commit commit_change(git_repository* repo, const git_commit* commit, const DiffOptions& opts) {
  change::Commit c = commit_info(commit);
  auto [parent_tree, tree] = trees_of(commit);
  TreeWalk walk{repo, {}, false, nullptr};
  walk.walk(parent_tree.get(), tree.get(), "");
  if (walk.deleted && !walk.deltas.empty() && opts.detect_renames &&
      std::any_of(walk.deltas.begin(), walk.deltas.end(), [](const Delta& d) { return !d.has_old; })) {
    // Something added while something went away: maybe a rename, which only libgit2's
    // similarity search can tell (a moved file adds no lines).
    c.files = tree_changes(repo, parent_tree.get(), tree.get(), opts);
    return c;
  }
  const Odb odb = odb_of(repo);
  for (const auto& d : walk.deltas)
    if (auto fc = blob_change(repo, odb.get(), d, opts)) c.files.push_back(std::move(*fc));
  return c;
}

} // namespace rg::git
