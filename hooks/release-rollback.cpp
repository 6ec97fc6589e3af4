// release-rollback: revert a release in one command during an incident (SOP section 6).
// Thin main: parse, call lib/rollback, print, map to exit codes:
//   0 rolled back, already reverted, or dry run; 1 not done (conflict, branch moved, local
//   changes, push failed): nothing written unless said; 2 usage or internal error.

#include "lib/core/clock.hpp"
#include "lib/core/error.hpp"
#include "lib/git/check.hpp"
#include "lib/git/handles.hpp"
#include "lib/git/repo.hpp"
#include "lib/golive/deliver.hpp"
#include "lib/golive/notes.hpp"
#include "lib/policy/policy.hpp"
#include "lib/rollback/paperwork.hpp"
#include "lib/rollback/push.hpp"
#include "lib/rollback/revert.hpp"
#include "lib/rollback/rollback.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>

namespace {

namespace rb = rg::rollback;

struct Args {
  std::string release;
  std::string repo_dir;
  rb::Options opts;
  std::string branch;
  bool dry_run = false;
  std::string push_remote;
  std::string report_file;
  bool post = false;
  std::string config;
};

// The policy for times and the webhook. A rollback at 3 a.m. must not fail on a broken policy
// file: say so and go on with the defaults.
rg::policy::Policy load_policy(git_repository* repo, const std::string& config) {
  try {
    if (!config.empty()) {
      auto p = rg::policy::default_policy();
      rg::policy::apply_file(p, config);
      return p;
    }
    const char* wd = git_repository_workdir(repo);
    return rg::policy::load_for_worktree(wd ? wd : git_repository_path(repo));
  } catch (const rg::core::ConfigError& e) {
    std::cerr << "release-rollback: warning: policy not used (" << e.what()
              << "); times in UTC, webhook from the environment\n";
    return rg::policy::default_policy();
  }
}

std::time_t now() {
  if (const char* v = std::getenv("RELEASE_GATE_NOW"); v && *v)
    if (auto t = rg::core::parse_iso_utc(v)) return *t;
  return std::time(nullptr);
}

std::string when_text(std::time_t t, const std::string& tz) {
  try {
    return rg::core::format_in_zone(t, tz);
  } catch (const rg::core::ConfigError&) {
    return rg::core::format_in_zone(t, "UTC");
  }
}

std::string short_branch(const std::string& ref) {
  return ref.rfind("refs/heads/", 0) == 0 ? ref.substr(11) : ref;
}

void print_plan(const rb::Rollback& r, std::ostream& out) {
  out << "release " << r.plan.spec << " on " << short_branch(r.target_ref) << " (tip "
      << rg::git::short_id(r.base) << "): " << r.plan.commits.size()
      << (r.plan.commits.size() == 1 ? " commit" : " commits") << ", newest first\n";
  for (const auto& s : r.steps) {
    out << "  revert " << s.commit.info.id.substr(0, 12) << " " << rb::subject_of(s.commit.info.message);
    if (s.commit.mainline) out << "  (merge, against parent " << s.commit.info.parent.substr(0, 12) << ")";
    out << "\n";
    if (s.already_reverted) {
      out << "      already reverted on " << short_branch(r.target_ref) << ": skipped\n";
      continue;
    }
    for (const auto& f : s.diff.files) out << "      " << f.status << " " << f.path << "\n";
    out << "      " << s.diff.files.size() << (s.diff.files.size() == 1 ? " file" : " files") << ", +"
        << s.diff.insertions << " -" << s.diff.deletions << "\n";
  }
}

// The incident on the release's note of record (refs/notes/release-gate), the notes pushed
// along with the rollback, and the notification posted with --post (recorded, retried later
// when it fails). None of this undoes or fails the rollback itself: problems are reported.
void record_and_post(git_repository* repo, const rb::Rollback& r, const rb::IncidentInfo& info,
                     const rg::policy::Policy& policy, std::time_t at, const git_signature* who, const Args& a,
                     const std::string& text) {
  namespace gl = rg::golive;
  std::vector<git_oid> reverted;
  for (const auto& s : r.steps)
    if (!s.already_reverted) reverted.push_back(s.commit.id);
  if (reverted.empty()) return;
  const git_oid release = reverted.back();  // the oldest reverted commit: the release itself for a range
  gl::json incident{{"id", info.incident.empty() ? "rollback-" + rg::core::iso_utc(at) : info.incident},
                    {"at", rg::core::iso_utc(at)},
                    {"by", info.executed_by},
                    {"rollback", info.rollback_ids},
                    {"branch", info.landed_on},
                    {"pushed", info.pushed},
                    {"remote", info.remote},
                    {"report", info.report_file}};
  try {
    for (const auto& id : reverted) {
      gl::json update{{"rolled_back", true}};
      if (git_oid_equal(&id, &release)) update["incidents"] = gl::json::array({incident});
      gl::update_note(repo, id, update, who);
    }
    std::cout << "\nrecorded on " << rg::git::short_id(release) << " in refs/notes/release-gate\n";
  } catch (const std::exception& e) {
    std::cout << "warning: could not record the incident in refs/notes/release-gate: " << e.what() << "\n";
  }
  if (a.post) {
    try {
      const auto ep = gl::resolve_endpoints(policy.golive);
      const auto out = gl::deliver(repo, release, {"rollback/webhook/" + incident["id"].get<std::string>(),
                                                   gl::Channel::webhook, "", text},
                                   ep, at, who);
      gl::report_outcomes({out}, std::cout);
    } catch (const std::exception& e) {
      std::cout << "NOT POSTED: the notification could not be posted or recorded: " << e.what()
                << "; post the text above to #agent-handoffs by hand\n";
    }
  }
  // The notes travel with the rollback, including whether the notification was posted.
  if (info.pushed) {
    git_oid notes_tip;
    if (git_reference_name_to_id(&notes_tip, repo, gl::notes_ref) == 0 &&
        rb::push_fast_forward(repo, a.push_remote, notes_tip, gl::notes_ref) != 0)
      std::cout << "warning: the notes of record were not pushed; after fetching theirs "
                   "(git fetch " << a.push_remote << " refs/notes/release-gate:refs/notes/theirs && "
                   "git notes --ref=release-gate merge refs/notes/theirs), run: git push "
                << a.push_remote << " refs/notes/release-gate\n";
  }
}

int run(const Args& a) {
  rg::git::Repository repo =
      a.repo_dir.empty() ? rg::git::open_from_env() : rg::git::open_at(a.repo_dir);
  rb::Options opts = a.opts;
  if (!a.branch.empty()) opts.branch = a.branch;
  rg::git::Signature who = rb::operator_signature(repo.get());
  rb::Rollback r = rb::prepare(repo.get(), rb::plan_release(repo.get(), a.release), opts, who.get());
  print_plan(r, std::cout);

  if (r.outcome == rb::Outcome::conflict && r.conflict_unsure) {
    std::cout << "\nREFUSED: cannot be sure how to revert " << r.conflict_at->info.id.substr(0, 12) << " (\""
              << rb::subject_of(r.conflict_at->info.message) << "\") on " << short_branch(r.target_ref)
              << ": these paths were moved or deleted since, and more than " << rb::kRenameLimit
              << " paths changed since, beyond rename detection (a rename may go unseen):\n";
    for (const auto& p : r.conflict_paths) std::cout << "  " << p << "\n";
    std::cout << "Nothing was written.\n" << rb::conflict_help(r);
    return 1;
  }
  if (r.outcome == rb::Outcome::conflict) {
    std::cout << "\nCONFLICT: reverting " << r.conflict_at->info.id.substr(0, 12) << " (\""
              << rb::subject_of(r.conflict_at->info.message) << "\") on "
              << short_branch(r.target_ref) << " conflicts in:\n";
    for (const auto& p : r.conflict_paths) std::cout << "  " << p << "\n";
    std::cout << "Nothing was written.\n" << rb::conflict_help(r);
    return 1;
  }
  if (r.outcome == rb::Outcome::already_reverted) {
    std::cout << "\nalready reverted: " << short_branch(r.target_ref)
              << " already has none of these changes; nothing written.\n";
    return 0;
  }
  std::cout << "\ntotal: " << r.total.files.size() << (r.total.files.size() == 1 ? " file" : " files")
            << ", +" << r.total.insertions << " -" << r.total.deletions << " in " << r.commits.size()
            << (r.commits.size() == 1 ? " revert commit" : " revert commits") << " on "
            << short_branch(r.write_ref) << "\n";
  const std::string note = rb::merge_note(r);

  const bool moves_target = r.write_ref == r.target_ref;
  auto dirty = moves_target ? rb::dirty_paths(repo.get(), r.target_ref) : std::vector<std::string>{};
  if (a.dry_run) {
    if (!dirty.empty())
      std::cout << "warning: " << short_branch(r.target_ref)
                << " is checked out with uncommitted changes; a real run would refuse.\n";
    if (!note.empty()) std::cout << note;
    std::cout << "dry run: nothing written.\n";
    return 0;
  }

  rb::Published p = rb::publish(repo.get(), r);
  switch (p.status) {
  case rb::PublishStatus::dirty:
  case rb::PublishStatus::blocked:
    std::cout << "\nREFUSED: " << short_branch(r.target_ref) << " is checked out here and "
              << (p.status == rb::PublishStatus::dirty ? "has uncommitted changes in:\n"
                                                       : "untracked files are in the way:\n");
    for (const auto& path : p.paths) std::cout << "  " << path << "\n";
    std::cout << "Nothing was written. Commit or move those changes away (git stash -u), or write "
                 "the rollback to a branch instead: --branch rollback/"
              << (opts.incident.empty() ? "<name>" : opts.incident) << "\n";
    return 1;
  case rb::PublishStatus::moved:
    std::cout << "\nNOT DONE: " << short_branch(r.target_ref) << " moved from "
              << rg::git::short_id(r.base) << " to "
              << (p.current ? rg::git::short_id(*p.current) : std::string("(deleted)"))
              << " while the rollback was prepared. Nothing was written; run the same command "
                 "again.\n";
    return 1;
  case rb::PublishStatus::done: break;
  }

  std::cout << "\nrolled back: " << short_branch(r.write_ref) << " "
            << (moves_target ? rg::git::short_id(r.base) + " -> " : std::string("created at "))
            << rg::git::short_id(r.commits.back().id) << (p.worktree_updated ? " (work tree updated)" : "")
            << "\n";
  for (const auto& c : r.commits)
    std::cout << "  " << rg::git::short_id(c.id) << " " << rb::subject_of(c.message) << "\n";
  if (!note.empty()) std::cout << note;

  bool pushed = false;
  int push_rc = 0;
  int code = 0;
  if (!a.push_remote.empty()) {
    std::cout << "pushing " << short_branch(r.write_ref) << " to " << a.push_remote
              << " (fast-forward only)\n"
              << std::flush;
    int rc = rb::push_fast_forward(repo.get(), a.push_remote, r.commits.back().id, r.write_ref);
    push_rc = rc;
    pushed = rc == 0;
    if (!pushed) {
      std::cout << "PUSH FAILED (git exit " << rc << "). The rollback is committed locally; after "
                << "fixing the cause, push it with: git push " << a.push_remote << " "
                << short_branch(r.write_ref) << "   (never --force)\n";
      code = 1;
    }
  }

  const auto policy = load_policy(repo.get(), a.config);
  const std::time_t at = now();
  rb::IncidentInfo info;
  info.incident = opts.incident;
  info.when_utc = when_text(at, policy.golive.timezone);
  info.executed_by = std::string(who->name) + " <" + who->email + ">";
  // Name the commit, never a moving name such as HEAD.
  info.release_spec = r.plan.commits.size() == 1 ? rg::git::to_hex(r.plan.commits.front().id) : r.plan.spec;
  for (const auto& s : r.steps) {
    if (s.already_reverted) continue;
    info.release.push_back({s.commit.info.id, rb::subject_of(s.commit.info.message), s.commit.info.message});
    info.merge_reverted = info.merge_reverted || s.commit.mainline;
  }
  for (const auto& c : r.commits) info.rollback_ids.push_back(rg::git::to_hex(c.id));
  info.target = short_branch(r.target_ref);
  info.landed_on = short_branch(r.write_ref);
  info.push_attempted = !a.push_remote.empty();
  info.pushed = pushed;
  info.push_exit = push_rc;
  info.remote = a.push_remote;

  const std::string report = rb::incident_report(info);
  if (!a.report_file.empty()) {
    std::ofstream f(a.report_file, std::ios::trunc);
    f << report;
    f.close();
    if (f.good()) {
      info.report_file = a.report_file;
      std::cout << "\nincident report skeleton written to " << a.report_file << "\n";
    } else {
      std::cout << "\nCOULD NOT WRITE the incident report to " << a.report_file << "; here it is:\n" << report;
      code = 1;
    }
  } else {
    std::cout << "\n----- SEV2 incident report (Markdown) -----\n" << report;
  }
  const std::string text = rb::notification(info);
  std::cout << "\n----- notification for #agent-handoffs -----\n" << text;
  record_and_post(repo.get(), r, info, policy, at, who.get(), a, text);
  return code;
}

} // namespace

int main(int argc, char** argv) {
  rg::git::Library lib;
  Args a;
  CLI::App app{"release-rollback: revert a release safely (git revert, never force-push), "
               "verified, with the incident paperwork",
               "release-rollback"};
  app.add_option("release", a.release, "commit, tag, merge commit or range A..B to revert")->required();
  app.add_option("--target", a.opts.target, "branch the release is on (default: the current branch; in a bare repository HEAD's)");
  app.add_option("--branch", a.branch, "write the rollback to this new branch instead of moving the target");
  app.add_flag("--squash", a.opts.squash, "one revert commit for the whole release");
  app.add_flag("--dry-run,-n", a.dry_run, "print the plan (commits, files, lines); write nothing");
  app.add_option("--push", a.push_remote, "push the result to REMOTE as a fast-forward");
  app.add_option("--incident", a.opts.incident, "incident id for trailers and paperwork");
  app.add_option("--authorized-by", a.opts.authorized_by,
                 "\"Name <email>\" of who executes the rollback (a CDO or on-call; default: you, from git config)");
  app.add_option("--report", a.report_file, "write the incident report skeleton to FILE");
  app.add_flag("--post", a.post, "post the notification to the team's webhook (golive.webhook; recorded, retried when it fails)");
  app.add_option("--config", a.config, "policy file (default: .release-gate.yml if present)");
  app.add_option("-C", a.repo_dir, "run in this repository");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  try {
    return run(a);
  } catch (const std::exception& e) {
    std::cerr << "release-rollback: error: " << e.what() << "\n";
    return 2;
  }
}
