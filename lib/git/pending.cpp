#include "lib/git/pending.hpp"

#include "lib/git/check.hpp"
#include "lib/git/diff.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <set>

namespace rg::git {

namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

int collect_merge_head(const git_oid* id, void* payload) {
  static_cast<std::vector<git_oid>*>(payload)->push_back(*id);
  return 0;
}

} // namespace

PendingCommit read_pending_commit(git_repository* repo, const policy::ReleasePolicy& policy) {
  PendingCommit pc;

  git_reference* raw = nullptr;
  git::check(git_reference_lookup(&raw, repo, "HEAD"), "git_reference_lookup", "HEAD");
  git::Reference head(raw);
  if (git_reference_type(head.get()) == GIT_REFERENCE_SYMBOLIC)
    pc.branch = git_reference_symbolic_target(head.get());

  pc.author_name = env("GIT_AUTHOR_NAME");
  pc.author_email = env("GIT_AUTHOR_EMAIL");
  if (pc.author_email.empty()) {
    git_signature* sig = nullptr;
    if (git_signature_default(&sig, repo) == 0) {
      git::Signature holder(sig);
      if (pc.author_name.empty()) pc.author_name = sig->name;
      pc.author_email = sig->email;
    }
  }

  // Only the paths matter here, never the contents: cap reads at nothing.
  git::DiffOptions opts;
  opts.max_file_bytes = 1;
  opts.detect_renames = false;
  std::set<std::string> paths;
  try {
    for (const auto& f : git::staged_changes(repo, opts)) {
      if (!f.path.empty()) paths.insert(f.path);
      if (!f.old_path.empty()) paths.insert(f.old_path);
    }
  } catch (const std::exception& e) {
    // A sparse index (extension 'sdir'), which libgit2 1.5 cannot read: ask git (which honours
    // GIT_INDEX_FILE) for the staged paths, old and new.
    if (std::string(e.what()).find("mandatory extension") == std::string::npos) throw;
    std::FILE* p = ::popen("git diff --cached --name-only -z --no-renames", "r");
    if (!p) throw;
    std::string out;
    char buf[65536];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    if (::pclose(p) != 0) throw;
    for (size_t at = 0; at < out.size();) {
      size_t end = out.find('\0', at);
      if (end == std::string::npos) end = out.size();
      if (end > at) paths.insert(out.substr(at, end - at));
      at = end + 1;
    }
  }
  pc.changed_paths.assign(paths.begin(), paths.end());

  std::vector<git_oid> merge_heads;
  int rc = git_repository_mergehead_foreach(repo, collect_merge_head, &merge_heads);
  if (rc != GIT_ENOTFOUND) git::check(rc, "git_repository_mergehead_foreach");
  if (!merge_heads.empty()) {
    git_reference_iterator* raw_it = nullptr;
    git::check(git_reference_iterator_glob_new(&raw_it, repo, "refs/heads/*"), "git_reference_iterator_glob_new");
    git::ReferenceIterator it(raw_it);
    std::set<std::string> merged;
    git_reference* ref = nullptr;
    while (git_reference_next(&ref, it.get()) == 0) {
      git::Reference holder(ref);
      const char* name = git_reference_name(ref);
      const git_oid* target = git_reference_target(ref);
      if (!target || !policy.is_feature_branch(name)) continue;
      for (const auto& m : merge_heads)
        if (git_oid_equal(&m, target)) merged.insert(name);
    }
    pc.merged_feature_branches = merged.size();
  }
  return pc;
}

bool is_sync_merge(git_repository* repo, const std::string& branch) {
  if (branch.rfind("refs/heads/", 0) != 0) return false;
  const std::string name = branch.substr(11);
  std::vector<git_oid> merge_heads;
  const int rc = git_repository_mergehead_foreach(repo, collect_merge_head, &merge_heads);
  if (rc == GIT_ENOTFOUND) {
    git_error_clear();
    return false;
  }
  git::check(rc, "git_repository_mergehead_foreach");
  if (merge_heads.size() != 1) return false;
  git_reference_iterator* raw = nullptr;
  git::check(git_reference_iterator_glob_new(&raw, repo, "refs/remotes/*"), "git_reference_iterator_glob_new");
  git::ReferenceIterator it(raw);
  git_reference* ref = nullptr;
  while (git_reference_next(&ref, raw) == 0) {
    git::Reference hold(ref);
    const std::string ref_name = git_reference_name(ref);
    const auto slash = ref_name.find('/', 13);  // after "refs/remotes/<remote>"
    if (slash == std::string::npos || ref_name.substr(slash + 1) != name) continue;
    const git_oid* target = git_reference_target(ref);
    if (target && git_oid_equal(target, &merge_heads.front())) return true;
  }
  return false;
}

} // namespace rg::git
