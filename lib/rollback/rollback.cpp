#include "lib/rollback/rollback.hpp"

#include "lib/git/check.hpp"
#include "lib/git/repo.hpp"

#include <cstdlib>
#include <set>

namespace rg::rollback {
namespace {

std::string branch_ref(const std::string& name) {
  return name.rfind("refs/", 0) == 0 ? name : "refs/heads/" + name;
}

// HEAD's branch: the current branch, or in a bare repository the one clones check out (the
// remote's HEAD). A detached HEAD has none: "main" then, as before.
std::string default_target(git_repository* repo) {
  git_reference* raw = nullptr;
  if (git_reference_lookup(&raw, repo, "HEAD") == 0) {
    git::Reference head(raw);
    if (git_reference_type(head.get()) == GIT_REFERENCE_SYMBOLIC)
      if (const char* t = git_reference_symbolic_target(head.get()); t && std::string_view(t).rfind("refs/heads/", 0) == 0)
        return t;
  }
  return "refs/heads/main";
}

std::optional<git_oid> ref_target(git_repository* repo, const std::string& ref) {
  git_oid id;
  if (git_reference_name_to_id(&id, repo, ref.c_str()) < 0) return std::nullopt;
  return id;
}

git::Commit lookup(git_repository* repo, const git_oid& id) { return git::lookup_commit(repo, id); }

git_oid write_commit(git_repository* repo, const git_signature* who, const std::string& message,
                     const git_oid& tree_id, const git_oid& parent_id) {
  git_tree* t = nullptr;
  git::check(git_tree_lookup(&t, repo, &tree_id), "git_tree_lookup", git::to_hex(tree_id));
  git::Tree tree(t);
  git::Commit parent = lookup(repo, parent_id);
  const git_commit* parents[] = {parent.get()};
  git_oid id;
  git::check(git_commit_create(&id, repo, nullptr, who, who, nullptr, message.c_str(), tree.get(), 1,
                               parents),
             "git_commit_create");
  return id;
}

} // namespace

git::Signature operator_signature(git_repository* repo) {
  auto from_config = [repo](const char* key) -> std::string {
    git_config* raw = nullptr;
    if (git_repository_config_snapshot(&raw, repo) < 0) return {};
    git::Config cfg(raw);
    const char* v = nullptr;
    if (git_config_get_string(&v, cfg.get(), key) < 0 || !v) return {};
    return v;
  };
  const char* env_name = std::getenv("GIT_COMMITTER_NAME");
  const char* env_email = std::getenv("GIT_COMMITTER_EMAIL");
  std::string name = env_name && *env_name ? env_name : from_config("user.name");
  std::string email = env_email && *env_email ? env_email : from_config("user.email");
  if (name.empty() || email.empty())
    throw core::UsageError("no identity to sign the rollback with; run: git config user.name "
                           "\"Your Name\" && git config user.email you@example.com");
  git_signature* sig = nullptr;
  git::check(git_signature_now(&sig, name.c_str(), email.c_str()), "git_signature_now", name);
  return git::Signature(sig);
}

bool checked_out(git_repository* repo, const std::string& ref) {
  if (git_repository_is_bare(repo)) return false;
  git_reference* head = nullptr;
  if (git_reference_lookup(&head, repo, "HEAD") < 0) return false;
  git::Reference holder(head);
  if (git_reference_type(head) != GIT_REFERENCE_SYMBOLIC) return false;
  return ref == git_reference_symbolic_target(head);
}

std::vector<std::string> dirty_paths(git_repository* repo, const std::string& target_ref) {
  if (!checked_out(repo, target_ref)) return {};
  git_status_options so{};
  git_status_options_init(&so, GIT_STATUS_OPTIONS_VERSION);
  so.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
  so.flags = GIT_STATUS_OPT_EXCLUDE_SUBMODULES; // untracked files are not "changes"
  git_status_list* raw = nullptr;
  git::check(git_status_list_new(&raw, repo, &so), "git_status_list_new");
  git::Status st(raw);
  std::set<std::string> paths;
  for (size_t i = 0, n = git_status_list_entrycount(st.get()); i < n; ++i) {
    const git_status_entry* e = git_status_byindex(st.get(), i);
    for (const git_diff_delta* d : {e->head_to_index, e->index_to_workdir})
      if (d) paths.insert(d->new_file.path ? d->new_file.path : d->old_file.path);
  }
  return {paths.begin(), paths.end()};
}

Rollback prepare(git_repository* repo, Plan plan, const Options& opts, const git_signature* who) {
  // Who executes the rollback (SOP section 6): named in its Authorized-By line.
  const std::string executor =
      !opts.authorized_by.empty() ? opts.authorized_by
      : who && who->email ? std::string(who->name ? who->name : "") + " <" + who->email + ">"
                          : std::string();
  Rollback rb(Scratch::over(repo));
  rb.plan = std::move(plan);
  rb.target_ref = opts.target.empty() ? default_target(repo) : branch_ref(opts.target);
  rb.write_ref = opts.branch ? branch_ref(*opts.branch) : rb.target_ref;
  auto tip = ref_target(repo, rb.target_ref);
  const std::string target_name = rb.target_ref.substr(rb.target_ref.rfind("refs/heads/", 0) == 0 ? 11 : 0);
  if (!tip) throw core::UsageError("target branch '" + target_name + "' does not exist");
  rb.base = *tip;
  if (opts.branch && ref_target(repo, rb.write_ref))
    throw core::UsageError("branch '" + *opts.branch + "' already exists; pick another --branch name");

  // Every release commit must be in the target's history; checking the newest suffices, the
  // others are its first-parent ancestors.
  const git_oid& newest = rb.plan.commits.front().id;
  if (!git_oid_equal(&newest, &rb.base) &&
      git::check(git_graph_descendant_of(repo, &rb.base, &newest), "git_graph_descendant_of") != 1)
    throw core::UsageError("commit " + git::short_id(newest) + " is not on " + target_name +
                           "; nothing to roll back there (use --target BRANCH)");

  git_repository* mem = rb.objects.repo();
  git::Commit base_commit = lookup(mem, rb.base);
  const git_oid base_tree = *git_commit_tree_id(base_commit.get());
  git_oid tree = base_tree;
  git_oid parent = rb.base;
  std::vector<Reverted> squashed;
  for (const PlannedCommit& pc : rb.plan.commits) {
    git::Commit c = lookup(mem, pc.id);
    StepResult r = revert_onto(mem, c.get(), pc.mainline, tree);
    if (!r.tree) {
      rb.outcome = Outcome::conflict;
      rb.conflict_at = pc;
      rb.conflict_paths = std::move(r.conflicts);
      rb.conflict_unsure = r.unsure;
      rb.commits.clear();
      return rb;
    }
    Step step{pc, git_oid_equal(&*r.tree, &tree) != 0, diff_trees(mem, tree, *r.tree)};
    rb.steps.push_back(step);
    if (step.already_reverted) continue;
    tree = *r.tree;
    if (opts.squash) {
      squashed.push_back(pc.info);
    } else {
      BuiltCommit bc{{}, revert_message(pc.info, opts.incident, executor), {pc.info.id}};
      bc.id = write_commit(mem, who, bc.message, tree, parent);
      parent = bc.id;
      rb.commits.push_back(std::move(bc));
    }
  }
  if (git_oid_equal(&tree, &base_tree)) {
    // Nothing would change (every step empty, or the steps cancel out).
    rb.outcome = Outcome::already_reverted;
    rb.commits.clear();
    return rb;
  }
  if (opts.squash) {
    std::vector<std::string> ids;
    for (const auto& r : squashed) ids.push_back(r.id);
    BuiltCommit bc{{}, squash_message(rb.plan.spec, squashed, opts.incident, executor), ids};
    bc.id = write_commit(mem, who, bc.message, tree, rb.base);
    rb.commits.push_back(std::move(bc));
  }
  rb.total = diff_trees(mem, base_tree, tree);
  return rb;
}

Published publish(git_repository* repo, Rollback& rb) {
  if (rb.outcome != Outcome::ready || rb.commits.empty())
    throw core::Error("internal: publish() called on a rollback that is not ready");
  Published out;
  const bool moves_target = rb.write_ref == rb.target_ref;
  const bool update_worktree = moves_target && checked_out(repo, rb.target_ref);
  if (update_worktree) {
    out.paths = dirty_paths(repo, rb.target_ref);
    if (!out.paths.empty()) {
      out.status = PublishStatus::dirty;
      return out;
    }
  }
  if (moves_target) {
    auto now = ref_target(repo, rb.target_ref);
    if (!now || !git_oid_equal(&*now, &rb.base)) {
      out.status = PublishStatus::moved;
      out.current = now;
      return out;
    }
  }

  std::vector<git_oid> ids;
  for (const auto& c : rb.commits) ids.push_back(c.id);
  rb.objects.publish(repo, ids);
  const git_oid& new_tip = rb.commits.back().id;
  git::Commit tip_commit = lookup(repo, new_tip);

  git_checkout_options co{};

  git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
  std::vector<std::string> blocking;
  co.checkout_strategy = GIT_CHECKOUT_SAFE;
  co.notify_flags = GIT_CHECKOUT_NOTIFY_CONFLICT;
  co.notify_cb = [](git_checkout_notify_t, const char* path, const git_diff_file*,
                    const git_diff_file*, const git_diff_file*, void* payload) {
    static_cast<std::vector<std::string>*>(payload)->push_back(path);
    return 0;
  };
  co.notify_payload = &blocking;
  // The baseline is the old tip: after the ref moves HEAD already names the new commit, and
  // libgit2 would otherwise see nothing to update.
  git::Commit base_commit = lookup(repo, rb.base);
  git_tree* base_tree_raw = nullptr;
  git::check(git_commit_tree(&base_tree_raw, base_commit.get()), "git_commit_tree");
  git::Tree base_tree(base_tree_raw);
  co.baseline = base_tree.get();
  if (update_worktree) {
    // Dry run first, so an untracked file in the way refuses before the ref moves.
    co.checkout_strategy = GIT_CHECKOUT_SAFE | GIT_CHECKOUT_DRY_RUN;
    int rc = git_checkout_tree(repo, reinterpret_cast<const git_object*>(tip_commit.get()), &co);
    if (rc == GIT_ECONFLICT || !blocking.empty()) {
      out.status = PublishStatus::blocked;
      out.paths = blocking;
      return out;
    }
    git::check(rc, "git_checkout_tree", "(dry run)");
    co.checkout_strategy = GIT_CHECKOUT_SAFE;
  }

  const std::string log = "release-rollback: revert " + rb.plan.spec;
  git_reference* ref = nullptr;
  int rc = moves_target
               ? git_reference_create_matching(&ref, repo, rb.write_ref.c_str(), &new_tip, 1,
                                               &rb.base, log.c_str())
               : git_reference_create(&ref, repo, rb.write_ref.c_str(), &new_tip, 0, log.c_str());
  if (moves_target && rc == GIT_EMODIFIED) {
    out.status = PublishStatus::moved;
    out.current = ref_target(repo, rb.target_ref);
    return out;
  }
  git::check(rc, moves_target ? "git_reference_create_matching" : "git_reference_create", rb.write_ref);
  git::Reference holder(ref);

  if (update_worktree) {
    git::check(git_checkout_tree(repo, reinterpret_cast<const git_object*>(tip_commit.get()), &co),
               "git_checkout_tree", "(work tree of " + rb.target_ref + ")");
    out.worktree_updated = true;
  }
  return out;
}

std::string conflict_help(const Rollback& rb) {
  if (!rb.conflict_at) return {};
  // The full branch name: "release/v1", never just "v1".
  const std::string target = rb.target_ref.substr(rb.target_ref.rfind("refs/heads/", 0) == 0 ? 11 : 0);
  std::string out = "To finish by hand (a person must decide how to resolve these paths):\n";
  out += "  git switch " + target + " && git pull --ff-only\n";
  std::string m = rb.conflict_at->mainline ? "-m 1 " : "";
  if (rb.plan.commits.size() == 1) {
    out += "  git revert " + m + rb.conflict_at->info.id + "\n";
  } else {
    out += "  git revert --no-edit <each commit, newest first>:\n";
    for (const auto& pc : rb.plan.commits)
      out += "      git revert --no-edit " + std::string(pc.mainline ? "-m 1 " : "") + pc.info.id + "\n";
  }
  out += "  # edit the conflicting files, then: git add <paths> && git revert --continue\n";
  out += "  # add the trailers to each message: Release-Type: rollback / Rollback-Of: <sha>\n";
  out += "  git push origin " + target + "   (never --force)\n";
  return out;
}

std::string merge_note(const Rollback& rb) {
  std::string out;
  for (const auto& s : rb.steps) {
    if (!s.commit.mainline || s.already_reverted) continue;
    const std::string sid = s.commit.info.id.substr(0, 12);
    std::string rollback_id;
    for (const auto& c : rb.commits)
      for (const auto& r : c.reverts)
        if (r == s.commit.info.id) rollback_id = git::short_id(c.id);
    const std::string target = rb.target_ref.substr(rb.target_ref.rfind("refs/heads/", 0) == 0 ? 11 : 0);
    const std::string rid = rollback_id.empty() ? "<rollback commit>" : rollback_id;
    out += "Note: merge " + sid + " (\"" + subject_of(s.commit.info.message) +
           "\") was reverted. Its commits stay in history, so merging that branch again later "
           "brings NONE of its changes back.\n"
           "To re-release it after the root-cause analysis: revert this rollback on a branch, fix, and "
           "merge that branch as a release with an RCA line:\n"
           "  git switch -c reland/" + sid + " " + target + "\n"
           "  git revert --no-edit " + rid + "\n"
           "  # commit the fix on reland/" + sid + "\n"
           "  git switch " + target + " && git merge --no-ff reland/" + sid + "\n"
           "  # message: the release record (release-gate template <type>) plus RCA: <link to the analysis>\n"
           "  git branch -d reland/" + sid + " && git push origin " + target + "\n";
  }
  return out;
}

} // namespace rg::rollback
