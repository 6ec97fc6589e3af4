// release-gate smoke [--timeout 5m] [--release R] -- <command> [args...]: run the team's smoke
// test against a release (SOP section 4) and record PASS/FAIL in its note of record. The exit
// status is the command's (124 on timeout, 127 when it cannot be started).

#include "hooks/cli/command.hpp"
#include "hooks/cli/golive.hpp"
#include "lib/golive/notes.hpp"
#include "lib/golive/release.hpp"
#include "lib/golive/smoke.hpp"

#include <memory>

namespace {

struct SmokeArgs {
  std::string timeout;
  std::string release;
  std::string dir;
  std::string config;
  std::vector<std::string> command;
};

int run_smoke_cmd(const SmokeArgs& a) {
  namespace gl = rg::golive;
  if (a.command.empty()) throw rg::core::UsageError("smoke: give the command after --: release-gate smoke -- ./smoke.sh");
  auto g = rg::cli::open_golive(a.dir, a.config);
  int seconds = g.policy.golive.smoke_timeout_seconds;
  if (!a.timeout.empty()) {
    auto m = rg::policy::parse_duration_minutes(a.timeout);
    if (!m) throw rg::core::UsageError("--timeout must be a duration such as 5m, not `" + a.timeout + "`");
    seconds = *m * 60;
  }
  const git_oid rel = gl::find_release(g.repo.get(), a.release);
  const auto facts = gl::release_facts(g.repo.get(), rel, g.policy);
  std::string cmdline;
  for (const auto& c : a.command) cmdline += (cmdline.empty() ? "" : " ") + c;
  std::cout << "smoke test of release " << facts.id.substr(0, 12) << " (" << facts.subject << "): " << cmdline
            << "  [timeout " << rg::core::format_span(seconds) << "]\n"
            << std::flush;
  const auto r = gl::run_smoke(a.command, std::chrono::seconds(seconds), std::cout);
  const std::string result = r.passed ? "PASS" : "FAIL";
  const std::time_t end = rg::cli::golive_now();
  gl::json entry{{"id", "smoke-" + rg::core::iso_utc(end)}, {"result", result}, {"at", rg::core::iso_utc(end)},
                 {"duration_ms", r.duration_ms}, {"exit_code", r.exit_code}, {"timed_out", r.timed_out},
                 {"command", cmdline}, {"output_tail", r.output_tail}, {"by", g.who_text}};
  gl::json update{{"smoke", gl::json::array({entry})}, {"type", facts.type}, {"subject", facts.subject},
                  {"features", facts.features}};
  auto note = gl::read_note(g.repo.get(), rel);
  if (!note || !note->contains("live_at")) update["live_at"] = rg::core::iso_utc(g.now);
  gl::update_note(g.repo.get(), rel, update, g.who.get());
  std::cout << "\nsmoke test: " << result << " in " << r.duration_ms << " ms"
            << (r.timed_out ? " (timed out after " + rg::core::format_span(seconds) + ")" : "")
            << (r.passed ? "" : ", exit status " + std::to_string(r.exit_code))
            << "; recorded on " << facts.id.substr(0, 12) << " in refs/notes/release-gate\n";
  rg::cli::retry_deliveries(g, gl::resolve_endpoints(g.policy.golive), std::cout);
  return r.exit_code;
}

void setup_smoke(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<SmokeArgs>();
  auto* s = app.add_subcommand("smoke", "Run the smoke test against a release and record PASS/FAIL (SOP section 4)");
  s->add_option("--timeout", args->timeout, "stop it after this long (default: golive.smoke_timeout, 5m)");
  s->add_option("--release", args->release, "the release commit (default: newest release on HEAD)");
  s->add_option("-C", args->dir, "run in this repository");
  s->add_option("--config", args->config, "policy file (default: .release-gate.yml if present)");
  s->add_option("command", args->command, "the smoke test command and its arguments (after --)")->required();
  s->callback([args, &exit_code] { exit_code = run_smoke_cmd(*args); });
}

} // namespace

RG_CLI_COMMAND(setup_smoke);
