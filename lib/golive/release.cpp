#include "lib/golive/release.hpp"

#include "lib/core/error.hpp"
#include "lib/core/names.hpp"
#include "lib/core/text.hpp"
#include "lib/git/check.hpp"
#include "lib/git/repo.hpp"
#include "lib/message/trailers.hpp"

#include <algorithm>
#include <map>

namespace rg::golive {
namespace {

namespace tr = names::trailer;

std::string subject_line(std::string_view message) {
  size_t nl = message.find('\n');
  return std::string(core::trim(message.substr(0, nl)));
}

std::optional<std::string> trailer(const std::string& message, std::string_view key) {
  for (const auto& t : message::parse_trailers(message))
    if (message::key_equals(t.key, key)) return t.value;
  return std::nullopt;
}

void add_unique(std::vector<std::string>& v, const std::string& s) {
  if (!s.empty() && std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}

std::string commit_message(const git_commit* c) {
  const char* m = git_commit_message(c);
  return m ? m : "";
}

// Branch names (local, then remote-tracking without the remote) by the commit they point at:
// a release merged with a hand-written message is named by the branch still pointing at its tip.
std::map<std::string, std::string> branch_names(git_repository* repo) {
  std::map<std::string, std::string> out;
  for (const char* glob : {"refs/heads/*", "refs/remotes/*"}) {
    git_reference_iterator* raw = nullptr;
    if (git_reference_iterator_glob_new(&raw, repo, glob) < 0) continue;
    git::ReferenceIterator it(raw);
    git_reference* ref = nullptr;
    while (git_reference_next(&ref, it.get()) == 0) {
      git::Reference r(ref);
      const git_oid* target = git_reference_target(r.get());
      if (!target) continue;  // symbolic (origin/HEAD)
      std::string name = git_reference_name(r.get());
      name = name.substr(name.rfind("refs/heads/", 0) == 0 ? 11 : 13);
      if (std::string_view(glob).find("remotes") != std::string_view::npos) name = name.substr(name.find('/') + 1);
      out.emplace(git::to_hex(*target), name);
    }
  }
  return out;
}

} // namespace

int monitoring_minutes(const std::string& type, const std::string& window_trailer,
                       const policy::ReleasePolicy& policy) {
  std::string head = window_trailer.substr(0, window_trailer.find(';'));
  if (auto m = policy::parse_duration_minutes(core::trim(head))) return *m;
  if (const auto* t = policy.find_type(type); t && t->monitoring_min_minutes > 0) return t->monitoring_min_minutes;
  const std::string lower = core::to_lower(type);
  if (lower == "hotfix") return 4 * 60;
  if (lower == "architecture") return 48 * 60;
  return 24 * 60;
}

std::optional<std::string> merged_branch_name(std::string_view subject) {
  auto quoted_after = [&](std::string_view prefix) -> std::optional<std::string> {
    if (subject.rfind(prefix, 0) != 0) return std::nullopt;
    auto rest = subject.substr(prefix.size());
    auto end = rest.find('\'');
    if (end == std::string_view::npos || end == 0) return std::nullopt;
    return std::string(rest.substr(0, end));
  };
  if (auto b = quoted_after("Merge branch '")) return b;
  if (auto b = quoted_after("Merge remote-tracking branch '")) {
    auto slash = b->find('/');
    return slash == std::string::npos ? *b : b->substr(slash + 1);
  }
  constexpr std::string_view pr = "Merge pull request #";
  if (subject.rfind(pr, 0) == 0) {
    auto from = subject.find(" from ");
    if (from == std::string_view::npos) return std::nullopt;
    std::string ref(core::trim(subject.substr(from + 6)));
    auto slash = ref.find('/');
    return slash == std::string::npos ? ref : ref.substr(slash + 1);
  }
  return std::nullopt;
}

git_oid find_release(git_repository* repo, const std::string& spec) {
  if (!spec.empty()) {
    auto id = git::resolve_commit(repo, spec);
    if (!id) throw core::UsageError("`" + spec + "` does not name a commit");
    return *id;
  }
  auto id = git::resolve_commit(repo, "HEAD");
  if (!id) throw core::UsageError("HEAD names no commit; name the release");
  git_oid cur = *id;
  for (int depth = 0; depth < 10000; ++depth) {
    git::Commit c = git::lookup_commit(repo, cur);
    const std::string msg = commit_message(c.get());
    if (auto t = trailer(msg, tr::release_type); t && core::to_lower(*t) != "rollback") return cur;
    if (git_commit_parentcount(c.get()) == 0) break;
    cur = *git_commit_parent_id(c.get(), 0);
  }
  throw core::UsageError("no release commit (one with a Release-Type line) on HEAD's first-parent "
                         "chain; name the release: a commit, tag or branch");
}

ReleaseFacts release_facts(git_repository* repo, const git_oid& id, const policy::Policy& policy) {
  ReleaseFacts f;
  git::Commit c = git::lookup_commit(repo, id);
  f.id = git::to_hex(id);
  f.message = commit_message(c.get());
  f.subject = subject_line(f.message);
  f.committed = git_commit_committer(c.get())->when.time;
  std::string window;
  for (const auto& t : message::parse_trailers(f.message)) {
    if (message::key_equals(t.key, tr::release_type)) f.type = t.value;
    else if (message::key_equals(t.key, tr::monitoring_window)) window = t.value;
    else if (message::key_equals(t.key, tr::authorized_by)) add_unique(f.authorizers, t.value);
    else if (message::key_equals(t.key, "Monday-Item")) {
      // "Monday-Item: 1234567890" or "Monday-Item: 1234567890 (Login page)": the id is the number.
      std::string v(core::trim(t.value));
      add_unique(f.monday_items, v.substr(0, v.find_first_of(" \t(;")));
    }
  }
  f.window_minutes = monitoring_minutes(f.type, window, policy.release);
  if (auto p = window.find("owner"); p != std::string::npos)
    f.window_owner = std::string(core::trim(window.substr(p + 5)));

  // Lines of work: every merge the release brings in (not on its first parent), by branch name.
  const unsigned parents = git_commit_parentcount(c.get());
  if (parents > 1) {
    git_revwalk* raw = nullptr;
    git::check(git_revwalk_new(&raw, repo), "git_revwalk_new");
    git::RevWalk walk(raw);
    git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
    git::check(git_revwalk_push(walk.get(), &id), "git_revwalk_push", f.id);
    git::check(git_revwalk_hide(walk.get(), git_commit_parent_id(c.get(), 0)), "git_revwalk_hide", f.id);
    git_oid cur;
    const auto branches = branch_names(repo);
    while (git_revwalk_next(&cur, walk.get()) == 0) {
      git::Commit m = git::lookup_commit(repo, cur);
      if (git_commit_parentcount(m.get()) < 2) continue;
      const std::string subj = subject_line(commit_message(m.get()));
      const auto named = branches.find(git::to_hex(*git_commit_parent_id(m.get(), 1)));
      if (auto b = merged_branch_name(subj)) add_unique(f.features, *b);
      else if (named != branches.end()) add_unique(f.features, named->second);
      else {
        git::Commit second = git::lookup_commit(repo, *git_commit_parent_id(m.get(), 1));
        add_unique(f.features, subject_line(commit_message(second.get())));
      }
    }
  }
  if (f.features.empty()) f.features.push_back(f.subject);

  git::Tree new_tree, old_tree;
  {
    git_tree* t = nullptr;
    git::check(git_commit_tree(&t, c.get()), "git_commit_tree", f.id);
    new_tree.reset(t);
    if (parents > 0) {
      git::Commit p = git::lookup_commit(repo, *git_commit_parent_id(c.get(), 0));
      git::check(git_commit_tree(&t, p.get()), "git_commit_tree", f.id + "^");
      old_tree.reset(t);
    }
  }
  git_diff* d = nullptr;
  git::check(git_diff_tree_to_tree(&d, repo, old_tree.get(), new_tree.get(), nullptr), "git_diff_tree_to_tree", f.id);
  git::Diff diff(d);
  for (size_t i = 0; i < git_diff_num_deltas(diff.get()); ++i) {
    const git_diff_delta* delta = git_diff_get_delta(diff.get(), i);
    add_unique(f.changed_paths, delta->old_file.path);
    add_unique(f.changed_paths, delta->new_file.path);
  }

  const auto& rp = policy.release;
  f.customer_facing = core::to_lower(f.type) == core::to_lower(rp.customer_facing_type);
  for (const auto& p : f.changed_paths)
    for (const auto& g : rp.customer_facing_paths)
      if (core::glob_match(g, p)) f.customer_facing = true;
  for (const auto& [agent, globs] : policy.golive.agents) {
    std::vector<std::string> hit;
    for (const auto& p : f.changed_paths)
      for (const auto& g : globs)
        if (core::glob_match(g, p)) {
          add_unique(hit, p);
          break;
        }
    if (!hit.empty()) f.agents.emplace_back(agent, hit);
  }
  return f;
}

} // namespace rg::golive
