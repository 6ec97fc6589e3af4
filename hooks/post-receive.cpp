// post-receive: records what git really did. git runs it after the refs are updated, with one
// "<old> <new> <ref>" line per ref it applied (a ref whose update failed is left out), and
// ignores its exit code: the push is already done. It appends one "applied" record to the same
// audit log as pre-receive, with the same push id when every proposed ref was applied.

#include "lib/audit/audit.hpp"
#include "lib/git/handles.hpp"
#include "lib/git/repo.hpp"
#include "lib/policy/server.hpp"
#include "lib/push/context.hpp"
#include "lib/push/evaluate.hpp"
#include "lib/push/push_id.hpp"
#include "lib/push/update.hpp"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <iostream>
#include <iterator>

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  CLI::App app{"release-gate post-receive hook: records the refs git updated (\"<old> <new> <ref>\" on stdin)"};
  app.set_version_flag("--version", std::string("post-receive (release-gate) ") + RG_VERSION);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  rg::git::Library lib;
  const rg::push::EnvLookup env = rg::push::process_env();
  rg::audit::Record record;
  record.hook = "post-receive";
  record.verdict = "applied";
  record.time = rg::audit::utc_now();
  record.tool_version = RG_VERSION;
  // git runs the hook in the bare repository: the default path is right until the policy says.
  fs::path audit_file = rg::policy::ServerPolicy{}.audit_log;
  try {
    const std::string input(std::istreambuf_iterator<char>(std::cin), {});
    const rg::push::Identity who = rg::push::detect_identity(env);
    record.pusher = who.login.empty() ? who.email : who.login;
    record.pusher_email = who.email;
    record.pusher_source = who.source;
    rg::git::Repository repo = rg::git::open_from_env();
    const fs::path repo_dir = fs::absolute(git_repository_path(repo.get()));
    audit_file = repo_dir / audit_file;
    const auto updates = rg::push::parse_updates(input);
    for (const auto& u : updates) record.refs.push_back({u.ref, u.old_id, u.new_id});
    record.push = rg::push::push_id(updates);
    try {
      const auto policy = rg::push::load_server_policy(repo.get(), repo_dir);
      const fs::path configured = policy.server.audit_log;
      audit_file = configured.is_absolute() ? configured : repo_dir / configured;
    } catch (const std::exception& e) {
      // pre-receive refused this push's policy too unless it was fixed in between: record the
      // update in the default log rather than not at all.
      record.error = std::string("server policy: ") + e.what();
    }
  } catch (const std::exception& e) {
    record.error = e.what();
  }
  try {
    rg::audit::append_line(audit_file, rg::audit::to_json_line(record));
  } catch (const std::exception& e) {
    std::cerr << "post-receive: error: " << e.what() << "\n"
              << "post-receive: the push is complete, but its outcome is not in the audit log; "
                 "send this message to the server admin.\n";
    return 1;
  }
  if (!record.error.empty()) {
    std::cerr << "post-receive: error: " << record.error << " (recorded in the audit log)\n";
    return 1;
  }
  return 0;
}
