// release-gate status | log | monitor | deliver: the monitoring windows and incidents on a
// branch (SOP sections 5-6), the day's record of who did what, monitoring results back to the
// tracker, and an explicit retry of deliveries not posted yet.

#include "hooks/cli/command.hpp"
#include "hooks/cli/golive.hpp"
#include "lib/core/text.hpp"
#include "lib/golive/announce.hpp"
#include "lib/golive/notes.hpp"
#include "lib/golive/release.hpp"
#include "lib/golive/status.hpp"

#include <memory>

namespace {

namespace gl = rg::golive;

struct StatusArgs {
  std::string format = "text";
  std::string branch;
  std::string since = "30d";
  std::string audit_log;
  std::string release;
  std::string result;
  std::string summary;
  bool post = false;
  std::string dir;
  std::string config;
};

std::string branch_ref(const rg::cli::GoLive& g, const std::string& given) {
  if (!given.empty()) return given.rfind("refs/", 0) == 0 ? given : "refs/heads/" + given;
  for (const auto& p : g.policy.release.protected_branches) {
    git_oid id;
    if (p.find('*') == std::string::npos && git_reference_name_to_id(&id, g.repo.get(), p.c_str()) == 0) return p;
  }
  return "refs/heads/main";
}

void check_format(const std::string& f) {
  if (f != "text" && f != "json") throw rg::core::UsageError("--format must be text or json, not `" + f + "`");
}

int status(const StatusArgs& a) {
  check_format(a.format);
  auto g = rg::cli::open_golive(a.dir, a.config);
  rg::cli::retry_deliveries(g, gl::resolve_endpoints(g.policy.golive), std::cerr);
  auto v = gl::collect_status(g.repo.get(), branch_ref(g, a.branch), g.now, g.policy.release.rca_trailer);
  if (a.format == "json") std::cout << gl::status_json(v).dump(2) << "\n";
  else std::cout << gl::status_text(v, g.policy.golive.timezone);
  return 0;
}

int log_cmd(const StatusArgs& a) {
  check_format(a.format);
  auto g = rg::cli::open_golive(a.dir, a.config);
  auto minutes = rg::policy::parse_duration_minutes(a.since);
  if (!minutes) throw rg::core::UsageError("--since must be a duration such as 30d or 24h, not `" + a.since + "`");
  std::string audit = a.audit_log;
  if (audit.empty() && git_repository_is_bare(g.repo.get())) {
    // On the server the audit log sits in the bare repository.
    std::filesystem::path p = g.policy.server.audit_log;
    if (p.is_relative()) p = std::filesystem::path(git_repository_path(g.repo.get())) / p;
    audit = p.string();
  }
  auto events = gl::collect_log(g.repo.get(), g.now - static_cast<std::time_t>(*minutes) * 60, audit);
  if (a.format == "json") std::cout << gl::log_json(events).dump(2) << "\n";
  else std::cout << gl::log_text(events, g.policy.golive.timezone);
  return 0;
}

int monitor(const StatusArgs& a) {
  auto g = rg::cli::open_golive(a.dir, a.config);
  const std::string result = rg::core::to_lower(a.result);
  if (result != "pass" && result != "issues" && result != "fail")
    throw rg::core::UsageError("--result must be pass, issues or fail");
  const git_oid rel = gl::find_release(g.repo.get(), a.release);
  const auto f = gl::release_facts(g.repo.get(), rel, g.policy);
  const auto note = gl::read_note(g.repo.get(), rel).value_or(gl::json::object());
  std::string window = "not started (announce the release first)";
  if (note.contains("monitoring") && note["monitoring"].is_object()) {
    const auto& m = note["monitoring"];
    auto t = [&](const char* k) {
      return rg::core::format_in_zone(rg::core::parse_iso_utc(m.value(k, std::string())).value_or(0), g.policy.golive.timezone);
    };
    window = t("start") + " to " + t("end") + ", owner " + m.value("owner", std::string("?"));
  }
  const std::string word = result == "pass" ? "PASS" : result == "fail" ? "FAIL" : "ISSUES";
  const std::string id = "monitoring-" + rg::core::iso_utc(g.now);
  gl::update_note(g.repo.get(), rel,
                  {{"monitoring", {{"results", gl::json::array({{{"id", id}, {"at", rg::core::iso_utc(g.now)},
                                                                  {"result", word}, {"summary", a.summary},
                                                                  {"by", g.who_text}}})}}}},
                  g.who.get());
  const std::string report = gl::status_report(f, word, a.summary, window);
  std::cout << report << "recorded on " << f.id.substr(0, 12) << " in refs/notes/release-gate\n";
  if (word != "PASS")
    std::cout << "SEV1/SEV2 finding? Roll back now (SOP section 6): release-rollback " << f.id.substr(0, 12)
              << " --incident <ID> --push origin --post\n";
  const auto ep = gl::resolve_endpoints(g.policy.golive);
  rg::cli::retry_deliveries(g, ep, std::cout);  // older ones first; this run's own are tried below
  std::vector<gl::DeliveryOutcome> outcomes;
  if (a.post)
    for (const auto& item : f.monday_items)
      outcomes.push_back(gl::deliver(g.repo.get(), rel, {"monday/status/" + item + "/" + id, gl::Channel::monday, item, report},
                                     ep, g.now, g.who.get()));
  if (a.post && f.monday_items.empty())
    std::cout << "no Monday.com item on this release (add a Monday-Item: <id> line to release commits)\n";
  gl::report_outcomes(outcomes, std::cout);
  for (const auto& o : outcomes)
    if (!o.posted) return 1;
  return 0;
}

int deliver(const StatusArgs& a) {
  auto g = rg::cli::open_golive(a.dir, a.config);
  auto outcomes = gl::retry_pending(g.repo.get(), gl::resolve_endpoints(g.policy.golive), g.now, g.who.get());
  if (outcomes.empty()) std::cout << "nothing waiting to be posted\n";
  gl::report_outcomes(outcomes, std::cout);
  for (const auto& o : outcomes)
    if (!o.posted) return 1;
  return 0;
}

void common(CLI::App* s, StatusArgs& a) {
  s->add_option("-C", a.dir, "run in this repository");
  s->add_option("--config", a.config, "policy file (default: .release-gate.yml if present)");
}

void setup_status(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<StatusArgs>();
  auto* st = app.add_subcommand("status", "Releases in their monitoring window, recent ones, incidents awaiting RCA");
  st->add_option("--format", args->format, "text or json");
  st->add_option("--branch", args->branch, "branch (default: the first protected branch that exists)");
  common(st, *args);
  st->callback([args, &exit_code] { exit_code = status(*args); });

  auto* lg = app.add_subcommand("log", "Who authorized, approved, pushed, announced and rolled back what");
  lg->add_option("--since", args->since, "how far back (default 30d)");
  lg->add_option("--format", args->format, "text or json");
  lg->add_option("--audit-log", args->audit_log, "the server's audit log (default in a bare repository: server.audit_log)");
  common(lg, *args);
  lg->callback([args, &exit_code] { exit_code = log_cmd(*args); });

  auto* mo = app.add_subcommand("monitor", "Record a monitoring result (SOP section 5); --post writes the Status Report to Monday.com");
  mo->add_option("release", args->release, "the release commit (default: newest release on HEAD)");
  mo->add_option("--result", args->result, "pass, issues or fail")->required();
  mo->add_option("--summary", args->summary, "what was watched and seen");
  mo->add_flag("--post", args->post, "write the Status Report update to the release's Monday.com items");
  common(mo, *args);
  mo->callback([args, &exit_code] { exit_code = monitor(*args); });

  auto* dl = app.add_subcommand("deliver", "Retry every webhook post and Monday.com update not posted yet");
  common(dl, *args);
  dl->callback([args, &exit_code] { exit_code = deliver(*args); });
}

} // namespace

RG_CLI_COMMAND(setup_status);
