// commit-msg: git runs `.git/hooks/commit-msg <message file>` before it records a commit. When
// the commit will land on a protected branch (the branches the server judges), the message must carry a complete
// release record (docs/release-policy.md); elsewhere the hook passes at once.
// Exit 0: fine (silent). Exit 1: the record has errors (printed with fixes). Exit 2: internal error.

#include "lib/core/error.hpp"
#include "lib/git/repo.hpp"
#include "lib/message/message.hpp"
#include "lib/git/pending.hpp"
#include "lib/policy/policy.hpp"
#include "lib/report/report.hpp"
#include "lib/rollback/verify.hpp"
#include "lib/rules/release_message.hpp"

#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#include <sstream>

namespace {

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw rg::core::Error("cannot read the message file " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int run(const std::string& message_file) {
  // A sparse index libgit2 cannot read: read_pending_commit asks git for the staged paths.
  const rg::git::Repository repo = rg::git::open_from_env_for_index().repo;
  const char* workdir = git_repository_workdir(repo.get());
  if (!workdir) throw rg::core::Error("the repository has no work tree");
  const rg::policy::Policy policy = rg::policy::load_for_worktree(workdir);
  const auto& release = policy.release;

  const rg::git::PendingCommit pending = rg::git::read_pending_commit(repo.get(), release);
  // Exactly the branches the server judges: protected ones. (A team that wants release/* gated
  // lists it under protected_branches, and then both sides check it.)
  if (!pending.branch || !release.is_protected(*pending.branch)) return 0;

  const std::string message = rg::message::cleanup_strip(read_all(message_file));
  rg::rules::ReleaseContext ctx;
  ctx.author_name = pending.author_name;
  ctx.author_email = pending.author_email;
  ctx.changed_paths = pending.changed_paths;
  ctx.merged_feature_branches = pending.merged_feature_branches;
  ctx.re_release = !rg::rollback::re_released_by_merge(repo.get()).empty() ||
                   rg::rollback::reverted_rollback(message, rg::rollback::message_lookup(repo.get())).has_value();

  auto findings = rg::rules::check_release_message(message, ctx, release);
  if (findings.empty()) return 0;
  for (auto& f : findings) f.where.path = "commit message";

  const std::string branch = pending.branch->substr(pending.branch->rfind("refs/heads/", 0) == 0 ? 11 : 0);
  const bool failed = rg::core::has_errors(findings);
  if (failed && rg::git::is_sync_merge(repo.get(), *pending.branch)) {
    // `git pull` merging the upstream into a protected branch is not a release; a record would
    // not make it one. Say what happened and how to avoid the merge.
    std::cerr << "commit-msg: this is a sync merge (`git pull` merging the upstream's `" << branch << "` into your `"
              << branch << "`), not a release: it needs no release record, and `" << branch
              << "` should not get one.\n"
              << "commit-msg: abort it and replay your commits on top instead:\n"
              << "    git merge --abort && git pull --rebase=merges\n"
              << "(set it once: git config pull.rebase merges). Releases reach `" << branch
              << "` as `git merge --no-ff <feature-branch>` with the record.\n";
    return 1;
  }
  if (failed)
    std::cerr << "commit-msg: this commit goes to `" << branch
              << "`, a protected branch: its message must carry the release record.\n\n";
  rg::report::TextOptions opts;
  opts.tool = "commit-msg";
  rg::report::write_text(std::cerr, findings, opts);
  if (!failed) return 0;
  std::cerr << "\n" << rg::rules::release_help(message, release)
            << "Your message was kept: git commit -e -F " << message_file << " reopens it.\n";
  return 1;
}

} // namespace

int main(int argc, char** argv) {
  rg::git::Library lib;
  CLI::App app{"commit-msg: checks the release record of commits to protected branches",
               "commit-msg"};
  std::string message_file;
  app.add_option("message-file", message_file, "the commit message file git passes")->required();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  try {
    return run(message_file);
  } catch (const std::exception& e) {
    std::cerr << "commit-msg: error: " << e.what() << "\n";
    return 2;
  }
}
