// release-gate announce [<release>] [--post]: the SOP section 4 go-live line for
// #agent-handoffs, the CRO note for customer-facing releases, handoff files for agents whose
// contract changed, the monitoring window (section 5) and, with --post, the webhook post and
// the Monday.com completion notes (section 3). Everything is recorded in the release's note.
// Exit 0 done; 1 something could not be posted (recorded, retried by the next command); 2 usage.

#include "hooks/cli/command.hpp"
#include "hooks/cli/golive.hpp"
#include "lib/golive/announce.hpp"
#include "lib/golive/notes.hpp"
#include "lib/core/text.hpp"
#include "lib/golive/release.hpp"

#include <fstream>
#include <memory>

namespace {

namespace gl = rg::golive;

struct AnnounceArgs {
  std::string release;
  bool post = false;
  std::string owner;
  std::string dir;
  std::string config;
};

std::vector<std::string> holders(const rg::policy::Policy& p, const std::string& role) {
  std::vector<std::string> out;
  if (auto it = p.release.roles.find(role); it != p.release.roles.end())
    for (const auto& person : it->second)
      out.push_back(person.name.empty() ? person.email : person.name + " <" + person.email + ">");
  return out;
}

std::string window_owner(const gl::ReleaseFacts& f, const rg::policy::Policy& p, const std::string& given) {
  if (!given.empty()) return given;
  if (!f.window_owner.empty()) return f.window_owner;
  // SOP section 5: code.platform watches; architecture releases have the CDO on call.
  const bool arch = rg::core::to_lower(f.type) == "architecture";
  auto people = holders(p, arch ? "cdo" : "release-manager");
  std::string who = arch ? "cdo" : "code.platform";
  if (!people.empty()) who += " (" + people.front() + ")";
  return who;
}

int announce(const AnnounceArgs& a) {
  auto g = rg::cli::open_golive(a.dir, a.config);
  const auto& gp = g.policy.golive;
  const git_oid rel = gl::find_release(g.repo.get(), a.release);
  const auto f = gl::release_facts(g.repo.get(), rel, g.policy);
  const gl::json note = gl::read_note(g.repo.get(), rel).value_or(gl::json::object());

  const gl::json* last_smoke = note.contains("smoke") && note["smoke"].is_array() && !note["smoke"].empty()
                                   ? &note["smoke"].back()
                                   : nullptr;
  const std::string smoke = gl::smoke_word(last_smoke);
  std::time_t live = g.now;
  if (note.contains("live_at") && note["live_at"].is_string())
    live = rg::core::parse_iso_utc(note["live_at"].get<std::string>()).value_or(g.now);
  const std::string when = rg::core::format_in_zone(live, gp.timezone);
  const std::string line = gl::live_line(f.features, when, smoke);

  std::cout << line << "\n";
  if (smoke == "NOT RUN")
    std::cerr << "warning: no smoke test recorded for " << f.id.substr(0, 12)
              << "; run `release-gate smoke -- <command>` (SOP section 4)\n";

  gl::json announcement{{"at", rg::core::iso_utc(g.now)}, {"text", line}, {"by", g.who_text}, {"smoke", smoke}};
  std::string cro;
  if (f.customer_facing) {
    cro = gl::cro_note(f, holders(g.policy, gp.cro_role), line);
    std::cout << "\n----- note for the CRO (" << gp.cro_role << ") -----\n" << cro;
    announcement["cro_note"] = cro;
  }
  gl::json handoffs = gl::json::array();
  for (const auto& [agent, paths] : f.agents) {
    if (gp.handoff_dir.empty()) {
      std::cout << "\nagent " << agent << "'s contract changed (" << paths.size()
                << " files), but golive.handoff_dir is not set: no handoff file written\n";
      continue;
    }
    std::filesystem::path dir = gp.handoff_dir;
    if (dir.is_relative()) dir = g.root / dir;
    std::filesystem::create_directories(dir);
    const auto file = dir / gl::handoff_file_name(agent, f, rg::core::iso_utc(g.now));
    std::ofstream out(file, std::ios::trunc);
    out << gl::handoff_text(agent, paths, f, when);
    out.close();
    if (!out) throw rg::core::Error("cannot write the handoff file " + file.string());
    std::cout << "\nhandoff for " << agent << " written to " << file.string() << "\n";
    handoffs.push_back({{"id", agent}, {"agent", agent}, {"file", file.string()}, {"paths", paths}});
  }
  if (!handoffs.empty()) announcement["handoffs"] = handoffs;

  const std::time_t end = live + static_cast<std::time_t>(f.window_minutes) * 60;
  gl::json update{{"type", f.type},
                  {"subject", f.subject},
                  {"features", f.features},
                  {"authorized_by", f.authorizers},
                  {"committed", rg::core::iso_utc(f.committed)},
                  {"live_at", rg::core::iso_utc(live)},
                  {"announcement", announcement}};
  if (!note.contains("monitoring"))
    update["monitoring"] = {{"start", rg::core::iso_utc(live)}, {"end", rg::core::iso_utc(end)},
                            {"minutes", f.window_minutes}, {"owner", window_owner(f, g.policy, a.owner)}};
  else if (!a.owner.empty())
    update["monitoring"] = {{"owner", a.owner}};
  if (!f.monday_items.empty()) update["monday_items"] = f.monday_items;
  gl::json written = gl::update_note(g.repo.get(), rel, update, g.who.get());
  const gl::json& m = written["monitoring"];
  std::cout << "\nmonitoring window: " << rg::core::format_span(m.value("minutes", 0) * 60LL) << ", owner "
            << m.value("owner", std::string("?")) << ", until "
            << rg::core::format_in_zone(rg::core::parse_iso_utc(m.value("end", std::string())).value_or(end), gp.timezone)
            << "\nrecorded on " << f.id.substr(0, 12) << " in refs/notes/release-gate\n";

  const auto ep = gl::resolve_endpoints(gp);
  rg::cli::retry_deliveries(g, ep, std::cout);  // older ones first; this run's own are tried below
  std::vector<gl::DeliveryOutcome> outcomes;
  if (a.post) {
    std::string text = line;
    if (!cro.empty()) text += "\n" + cro;
    outcomes.push_back(gl::deliver(g.repo.get(), rel, {"announce/webhook", gl::Channel::webhook, "", text}, ep, g.now, g.who.get()));
    for (const auto& item : f.monday_items)
      outcomes.push_back(gl::deliver(g.repo.get(), rel,
                                     {"monday/completion/" + item, gl::Channel::monday, item, gl::completion_note(f, line)},
                                     ep, g.now, g.who.get()));
  } else if (!f.monday_items.empty()) {
    std::cout << "not posted (no --post): the line, and the completion note for Monday.com item(s)";
    for (const auto& i : f.monday_items) std::cout << " " << i;
    std::cout << "\n";
  }
  gl::report_outcomes(outcomes, std::cout);
  for (const auto& o : outcomes)
    if (!o.posted) return 1;
  return 0;
}

void setup_announce(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<AnnounceArgs>();
  auto* s = app.add_subcommand("announce", "Announce a release as live (SOP section 4) and start its monitoring window");
  s->add_option("release", args->release, "the release commit (default: newest release on HEAD)");
  s->add_flag("--post", args->post, "post to the webhook and write the Monday.com completion notes");
  s->add_option("--owner", args->owner, "who watches the monitoring window");
  s->add_option("-C", args->dir, "run in this repository");
  s->add_option("--config", args->config, "policy file (default: .release-gate.yml if present)");
  s->callback([args, &exit_code] { exit_code = announce(*args); });
}

} // namespace

RG_CLI_COMMAND(setup_announce);
