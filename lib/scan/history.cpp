// The parts of lib/scan that read git history through libgit2.
#include "lib/scan/scan.hpp"

#include "lib/core/error.hpp"
#include "lib/git/check.hpp"
#include "lib/git/diff.hpp"
#include "lib/git/repo.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <exception>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_set>

namespace rg::scan {

namespace {

git::DiffOptions diff_options(const rules::secrets::Scanner& scanner) {
  git::DiffOptions opts;
  opts.max_file_bytes = scanner.limits().max_file_bytes;
  opts.same_scan = [&scanner](std::string_view a, std::string_view b) { return scanner.same_scan(a, b); };
  return opts;
}

struct OidHash {
  size_t operator()(const git_oid& id) const {
    size_t h;
    std::memcpy(&h, id.id, sizeof h);
    return h;
  }
};
struct OidEqual {
  bool operator()(const git_oid& a, const git_oid& b) const { return git_oid_equal(&a, &b) != 0; }
};
using OidSet = std::unordered_set<git_oid, OidHash, OidEqual>;

// A run of consecutive commits of the scan, done by one worker: its result, and for each of its
// findings whether a merge reported it.
struct Chunk {
  Result result;
  std::vector<char> from_merge;
};

// The trees of a merge's other parents that are themselves scanned: a file the merge takes
// unchanged from one of them was authored by scanned commits.
std::vector<git::Tree> scanned_side_trees(git_repository* repo, const git_commit* merge, const OidSet& scanned) {
  std::vector<git::Tree> out;
  for (unsigned p = 1; p < git_commit_parentcount(merge); ++p) {
    if (!scanned.count(*git_commit_parent_id(merge, p))) continue;
    git::Commit parent = git::lookup_commit(repo, *git_commit_parent_id(merge, p));
    git_tree* raw = nullptr;
    git::check(git_commit_tree(&raw, parent.get()), "git_commit_tree", git::to_hex(*git_commit_id(parent.get())));
    out.emplace_back(raw);
  }
  return out;
}

bool in_any_tree(const std::vector<git::Tree>& trees, const std::string& path, const git_oid& blob) {
  for (const auto& t : trees) {
    git_tree_entry* raw = nullptr;
    if (git_tree_entry_bypath(&raw, t.get(), path.c_str()) != 0) continue;
    const bool same = git_oid_equal(git_tree_entry_id(raw), &blob);
    git_tree_entry_free(raw);
    if (same) return true;
  }
  return false;
}

} // namespace

Result scan_staged(const rules::secrets::Scanner& scanner, git_repository* repo, const ScanOptions& scan_opts) {
  std::vector<change::FileChange> files;
  try {
    files = git::staged_changes(repo, diff_options(scanner));
  } catch (const std::exception& e) {
    // A sparse index, which libgit2 cannot read: git lists the staged blobs instead.
    if (!git::is_unreadable_index(e)) throw;
    files = git::staged_changes_from_git(repo, diff_options(scanner));
  }
  Result r;
  scan_changes(scanner, files, {}, r, scan_opts);
  return r;
}

Result scan_staged_with_git(const rules::secrets::Scanner& scanner, git_repository* repo,
                            const ScanOptions& scan_opts) {
  Result r;
  scan_changes(scanner, git::staged_changes_from_git(repo, diff_options(scanner)), {}, r, scan_opts);
  return r;
}

Result scan_range(const rules::secrets::Scanner& scanner, git_repository* repo, std::string_view range,
                  const Progress& progress, const ScanOptions& scan_opts, const HistoryOptions& history) {
  git_revwalk* raw = nullptr;
  git::check(git_revwalk_new(&raw, repo), "git_revwalk_new");
  git::RevWalk walk(raw);
  git_revwalk_sorting(raw, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
  std::string spec(range);
  int rc = spec.find("..") != std::string::npos ? git_revwalk_push_range(raw, spec.c_str())
                                                : git_revwalk_push_ref(raw, spec.c_str());
  if (rc < 0 && spec.find("..") == std::string::npos) {
    // Not a ref name: a commit expression.
    auto id = git::resolve_commit(repo, spec);
    if (!id) throw core::UsageError(fmt::format("`{}` does not name a commit or a range", spec));
    rc = git_revwalk_push(raw, &*id);
  }
  if (rc < 0) throw core::UsageError(fmt::format("`{}` is not a valid range: {}", spec,
                                                 git_error_last() ? git_error_last()->message : "?"));
  std::vector<git_oid> ids;
  git_oid id;
  while ((rc = git_revwalk_next(&id, raw)) == 0) ids.push_back(id);
  if (rc != GIT_ITEROVER) git::check(rc, "git_revwalk_next", spec);

  return scan_commits(scanner, repo, ids, progress, scan_opts, history);
}

Result scan_commits(const rules::secrets::Scanner& scanner, git_repository* repo, const std::vector<git_oid>& ids,
                    const Progress& progress, const ScanOptions& scan_opts, const HistoryOptions& history) {
  const size_t n = ids.size();
  OidSet scanned;
  if (history.skip_merged_from_scanned) scanned.insert(ids.begin(), ids.end());

  // Work is handed out in chunks of consecutive commits; finished chunks are appended to the
  // result in order, so the output does not depend on the threads and memory holds only the
  // chunks that finished ahead of an earlier one.
  constexpr size_t kChunk = 16;
  std::atomic<size_t> next_chunk{0};
  std::atomic<bool> stop{false};
  std::mutex mu;  // guards everything below, and calls of `progress`
  std::map<size_t, Chunk> ahead;
  size_t appended = 0, done = 0, findings = 0;
  uint64_t bytes = 0;
  Result out;
  std::vector<char> from_merge;
  std::unordered_set<std::string> authored;  // fingerprints reported by commits that are not merges
  std::unordered_set<std::string> noticed;   // a note per path, not per commit
  std::exception_ptr error;

  auto append = [&](Chunk& c) {
    Result& r = c.result;
    for (size_t k = 0; k < r.findings.size(); ++k) {
      if (!c.from_merge[k] && !r.findings[k].fingerprint.empty()) authored.insert(r.findings[k].fingerprint);
      out.findings.push_back(std::move(r.findings[k]));
      from_merge.push_back(c.from_merge[k]);
    }
    for (auto& note : r.notices)
      if (noticed.insert(note).second) out.notices.push_back(std::move(note));
    for (auto& u : r.too_large) out.too_large.push_back(std::move(u));
    out.files += r.files;
    out.bytes += r.bytes;
    out.commits += r.commits;
  };

  auto work = [&](git_repository* wrepo) {
    git::DiffOptions opts = diff_options(scanner);
    std::vector<git::Tree> side_trees;
    for (size_t c; !stop && (c = next_chunk++) * kChunk < n;) {
      Chunk chunk;
      const size_t end = std::min(n, (c + 1) * kChunk);
      for (size_t i = c * kChunk; i < end; ++i) {
        if (progress) {
          std::lock_guard lock(mu);
          if (stop) return;
          progress(ProgressInfo{done, n, bytes, findings});
        }
        git::Commit commit = git::lookup_commit(wrepo, ids[i]);
        const bool merge = git_commit_parentcount(commit.get()) > 1;
        side_trees.clear();
        if (merge && history.skip_merged_from_scanned) side_trees = scanned_side_trees(wrepo, commit.get(), scanned);
        opts.skip = side_trees.empty() ? git::DiffOptions::Skip{}
                                       : [&side_trees](const std::string& path, const git_oid& blob) {
                                           return in_any_tree(side_trees, path, blob);
                                         };
        const change::Commit cc = git::commit_change(wrepo, commit.get(), opts);
        const size_t found_before = chunk.result.findings.size();
        const uint64_t bytes_before = chunk.result.bytes;
        scan_changes(scanner, cc.files, cc.id, chunk.result, scan_opts);
        chunk.from_merge.resize(chunk.result.findings.size(), merge ? 1 : 0);
        ++chunk.result.commits;
        std::lock_guard lock(mu);
        ++done;
        bytes += chunk.result.bytes - bytes_before;
        findings += chunk.result.findings.size() - found_before;
      }
      std::lock_guard lock(mu);
      ahead.emplace(c, std::move(chunk));
      for (auto it = ahead.find(appended); it != ahead.end(); it = ahead.find(appended)) {
        append(it->second);
        ahead.erase(it);
        ++appended;
      }
    }
  };
  // A worker's first fault (opening its repository included) stops the others; it is rethrown.
  auto guarded = [&](const std::function<void()>& run) {
    try {
      run();
    } catch (...) {
      std::lock_guard lock(mu);
      if (!error) error = std::current_exception();
      stop = true;
    }
  };

  const unsigned threads = history.open ? std::clamp<unsigned>(history.threads, 1, unsigned(n / kChunk + 1)) : 1;
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t)
    pool.emplace_back([&] {
      guarded([&] {
        git::Repository own = history.open();
        work(own.get());
      });
    });
  guarded([&] { work(repo); });
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
  if (progress && n > 0) progress(ProgressInfo{n, n, bytes, findings});

  // A line a merge brought in from a scanned commit is that commit's finding.
  size_t kept = 0;
  for (size_t k = 0; k < out.findings.size(); ++k) {
    if (from_merge[k] && authored.count(out.findings[k].fingerprint)) continue;
    if (kept != k) out.findings[kept] = std::move(out.findings[k]);
    ++kept;
  }
  out.findings.resize(kept);
  return out;
}

} // namespace rg::scan
