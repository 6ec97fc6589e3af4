// pre-receive: the server-side gate. git runs it in the bare repository with the ref updates on
// stdin ("<old> <new> <ref>" lines) and the pushed objects in a quarantine that only an
// environment-aware open sees. Exit 0 accepts the whole push, anything else rejects all of it.
// Everything written to stderr reaches the pusher as `remote:` lines.

#include "lib/audit/audit.hpp"
#include "lib/core/error.hpp"
#include "lib/git/handles.hpp"
#include "lib/git/repo.hpp"
#include "lib/push/context.hpp"
#include "lib/push/deadline.hpp"
#include "lib/push/evaluate.hpp"
#include "lib/push/push_id.hpp"
#include "lib/report/report.hpp"

#include <CLI/CLI.hpp>

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <set>

namespace {

namespace fs = std::filesystem;

// What a fatal signal leaves behind. Prepared (under blocked signals) before any step that can
// take long, read only by the handler, so a killed hook still records the push where it can.
struct KilledState {
  std::string path;          // the audit log
  std::string alarm_line;    // the record for the watchdog's SIGALRM
  std::string signal_line;   // the record for SIGTERM / SIGHUP / SIGINT
};
KilledState g_killed;
// Set once main() starts writing its own record: the handler then writes none (a second record,
// or a wait on the lock main() itself holds).
volatile sig_atomic_t g_record_started = 0;

constexpr int kFatalSignals[] = {SIGTERM, SIGHUP, SIGINT};

// Only async-signal-safe calls here.
void on_fatal_signal(int sig) {
  const std::string& line = sig == SIGALRM ? g_killed.alarm_line : g_killed.signal_line;
  if (!g_record_started && !g_killed.path.empty() && !line.empty()) {
    g_record_started = 1;
    (void)rg::audit::append_line_raw(g_killed.path.c_str(), line.data(), line.size(), 1000);
  }
  if (sig == SIGALRM) {
    // Last resort when a single step hangs past the budget: a plain message and exit 1 (reject).
    static const char msg[] =
        "pre-receive: error: time budget exceeded (watchdog); the push was rejected, nothing changed.\n"
        "pre-receive: retry; if it persists, ask the server admin to raise server.time_budget_ms.\n";
    (void)!::write(2, msg, sizeof msg - 1);
    ::_exit(1);
  }
  static const char msg[] = "pre-receive: error: killed by a signal; the push was rejected, nothing changed.\n";
  (void)!::write(2, msg, sizeof msg - 1);
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

sigset_t fatal_set() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGALRM);
  for (int s : kFatalSignals) sigaddset(&set, s);
  return set;
}

void install_signal_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_fatal_signal;
  sa.sa_mask = fatal_set();  // one handler at a time
  for (int s : kFatalSignals) sigaction(s, &sa, nullptr);
  sigaction(SIGALRM, &sa, nullptr);
}

// The "killed" records for `record`, going to `audit_file`.
void prepare_killed_record(const fs::path& audit_file, rg::audit::Record record) {
  record.verdict = "error";
  record.error = "killed by SIGALRM: the time budget watchdog (server.time_budget_ms) fired";
  std::string alarm_line = rg::audit::to_json_line(record);
  record.error = "killed by a signal (SIGTERM, SIGHUP or SIGINT) before deciding";
  std::string signal_line = rg::audit::to_json_line(record);
  const sigset_t set = fatal_set();
  sigset_t old;
  sigprocmask(SIG_BLOCK, &set, &old);
  g_killed.path = audit_file.string();
  g_killed.alarm_line = std::move(alarm_line);
  g_killed.signal_line = std::move(signal_line);
  sigprocmask(SIG_SETMASK, &old, nullptr);
}

void arm_watchdog(uint32_t budget_ms) {
  if (budget_ms == 0) return;
  alarm(budget_ms / 1000 + 2);  // the cooperative deadline fires first; this only catches hangs
}

// Writes main()'s own record; from here on a signal records nothing more.
void record_decision(const fs::path& audit_file, const rg::audit::Record& record) {
  g_record_started = 1;
  rg::audit::append_line(audit_file, rg::audit::to_json_line(record));
}

// GitLab shows lines starting with GL-HOOK-ERR: in its web UI.
std::string headline_prefix(const rg::push::EnvLookup& env) {
  return env("GL_ID") || env("GL_USERNAME") ? "GL-HOOK-ERR: " : "";
}

rg::audit::Record base_record(const rg::push::Request& req) {
  rg::audit::Record r;
  r.hook = "pre-receive";
  r.time = rg::audit::utc_now();
  r.pusher = req.pusher.login.empty() ? req.pusher.email : req.pusher.login;
  r.pusher_email = req.pusher.email;
  r.pusher_source = req.pusher.source;
  for (const auto& u : req.updates) r.refs.push_back({u.ref, u.old_id, u.new_id});
  r.push = rg::push::push_id(req.updates);
  r.tool_version = RG_VERSION;
  return r;
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"release-gate pre-receive hook: reads \"<old> <new> <ref>\" lines on stdin"};
  app.set_version_flag("--version", std::string("pre-receive (release-gate) ") + RG_VERSION);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  rg::git::Library lib;
  // git's index-pack already hashed every pushed object on receipt (and the rest of the odb is
  // the server's own); libgit2's default re-hash of every object read (SHA-1DC) made the hook
  // ~10x slower than `git log -p` on the same commits.
  git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
  const rg::push::EnvLookup env = rg::push::process_env();
  const std::string gl = headline_prefix(env);
  rg::push::Request req;
  // Until the policy names the audit log, records go to the default path in the bare repository
  // (git runs the hook there, so before the repository is open the relative path is the same).
  fs::path audit_file = rg::policy::ServerPolicy{}.audit_log;
  rg::audit::Record record;
  record.tool_version = RG_VERSION;
  rg::push::Deadline deadline(0);
  bool fail_closed = true;
  install_signal_handlers();
  try {
    rg::git::Repository repo = rg::git::open_from_env();
    req.repo_dir = fs::absolute(git_repository_path(repo.get()));
    audit_file = req.repo_dir / audit_file;
    req.pusher = rg::push::detect_identity(env);
    req.options = rg::push::push_options(env);
    record = base_record(req);  // who, even if the input is bad or never ends
    prepare_killed_record(audit_file, record);
    const std::string input(std::istreambuf_iterator<char>(std::cin), {});
    req.updates = rg::push::parse_updates(input);
    record = base_record(req);
    prepare_killed_record(audit_file, record);

    const rg::policy::Policy policy = rg::push::load_server_policy(repo.get(), req.repo_dir);
    fail_closed = policy.server.fail_closed;
    audit_file = fs::path(policy.server.audit_log).is_absolute() ? fs::path(policy.server.audit_log)
                                                                 : req.repo_dir / policy.server.audit_log;
    prepare_killed_record(audit_file, record);
    deadline = rg::push::Deadline(policy.server.time_budget_ms);
    arm_watchdog(policy.server.time_budget_ms);

    const rg::push::Outcome out = rg::push::evaluate(repo.get(), policy, req, deadline);
    if (env("RELEASE_GATE_TRACE")) {
      std::cerr << "release-gate: trace:";
      for (const auto& [phase, ms] : out.timings) std::cerr << " " << phase << "=" << ms << "ms";
      std::cerr << "\n";
    }

    record.verdict = std::string(rg::push::to_string(out.verdict));
    record.pusher_person = out.pusher_person;
    std::set<std::string> rules;
    for (const auto& f : out.findings) rules.insert(f.rule);
    record.rules.assign(rules.begin(), rules.end());
    record.bypass_reason = out.bypass_reason;
    record.bypass_honoured = out.bypass_honoured;
    record.new_commits = out.new_commits;
    record.releases = out.releases;
    record.duration_ms = deadline.elapsed_ms();
    // Every decision is recorded first: a push whose record cannot be written is refused.
    record_decision(audit_file, record);

    rg::report::TextOptions opts;
    opts.tool = "release-gate";
    if (out.verdict == rg::push::Verdict::rejected) {
      const size_t n = out.findings.size();
      std::cerr << gl << "release-gate: push rejected: " << n << " problem" << (n == 1 ? "" : "s")
                << " (SOP release readiness)\n\n";
      rg::report::write_text(std::cerr, out.findings, opts);
      std::cerr << "\nNothing was changed on the server. Fix all of the above and push again.\n";
      return 1;
    }
    if (out.verdict == rg::push::Verdict::bypassed) {
      std::cerr << "release-gate: BREAK-GLASS: accepted for " << req.pusher.display() << ": \""
                << *out.bypass_reason << "\"; these problems were recorded in the audit log:\n\n";
      rg::report::write_text(std::cerr, out.findings, opts);
      return 0;
    }
    for (const auto& n : out.notices) std::cerr << "release-gate: note: " << n << "\n";
    rg::report::write_text(std::cerr, out.findings, opts);  // warnings, if any
    std::cerr << "release-gate: ok (" << out.new_commits << " new commit"
              << (out.new_commits == 1 ? "" : "s") << " checked)\n";
    return 0;
  } catch (const rg::audit::WriteError& e) {
    // The decision was made but cannot be recorded: refuse (said once; retrying the same log
    // would only fail the same way).
    std::cerr << gl << "pre-receive: error: " << e.what() << "\n"
              << "pre-receive: the push was rejected because every decision must be recorded in the audit log;\n"
                 "pre-receive: nothing was changed. Send this message to the server admin.\n";
    return 1;
  } catch (const std::exception& e) {
    // A push that overruns the time budget is the pusher's doing (large or slow on purpose), not
    // a fault of the server's: it is refused whatever server.fail_closed says.
    const bool over_budget = dynamic_cast<const rg::push::BudgetExceeded*>(&e) != nullptr;
    const bool accept_anyway = !fail_closed && !over_budget;
    record.verdict = over_budget ? "rejected" : accept_anyway ? "error-accepted" : "error";
    record.error = e.what();
    record.duration_ms = deadline.elapsed_ms();
    if (record.time.empty()) record.time = rg::audit::utc_now();
    std::string audit_error;
    try {
      record_decision(audit_file, record);
    } catch (const std::exception& a) {
      audit_error = a.what();
    }
    std::cerr << gl << "pre-receive: error: " << e.what() << "\n";
    if (!audit_error.empty()) std::cerr << "pre-receive: error: " << audit_error << "\n";
    if (accept_anyway && audit_error.empty()) {
      std::cerr << "pre-receive: warning: accepted anyway because server.fail_closed is false\n";
      return 0;
    }
    if (over_budget) {
      std::cerr << "pre-receive: the push was rejected: it takes longer to check than the server allows\n"
                   "pre-receive: (server.time_budget_ms); nothing was changed. Push fewer commits at a time,\n"
                   "pre-receive: or ask the server admin to raise the budget.\n";
      return 1;
    }
    std::cerr << "pre-receive: the push was rejected (fail closed); nothing was changed.\n"
                 "pre-receive: retry; if it persists, send this message to the server admin.\n";
    return 1;
  }
}
