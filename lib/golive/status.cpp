#include "lib/golive/status.hpp"

#include "lib/core/clock.hpp"
#include "lib/core/error.hpp"
#include "lib/core/file.hpp"
#include "lib/git/check.hpp"
#include "lib/git/repo.hpp"
#include "lib/golive/notes.hpp"
#include "lib/message/trailers.hpp"
#include "lib/rollback/message.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace rg::golive {
namespace {

std::time_t time_of(const json& j, const char* key) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_string()) return 0;
  return core::parse_iso_utc(j[key].get<std::string>()).value_or(0);
}

std::string str(const json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

std::string join_array(const json& j) {
  std::string out;
  if (j.is_array())
    for (const auto& s : j)
      if (s.is_string()) out += (out.empty() ? "" : ", ") + s.get<std::string>();
  return out;
}

bool on_branch(git_repository* repo, const git_oid& tip, const git_oid& id) {
  if (git_oid_equal(&tip, &id)) return true;
  return git::check(git_graph_descendant_of(repo, &tip, &id), "git_graph_descendant_of") == 1;
}

// rollback id -> RCA value, from commits on the branch's first-parent chain (and what they
// merge) that carry the RCA line and revert a rollback.
std::map<std::string, std::string> rca_by_rollback(git_repository* repo, const git_oid& tip,
                                                   const std::string& rca_trailer, std::time_t oldest) {
  std::map<std::string, std::string> out;
  git_revwalk* raw = nullptr;
  git::check(git_revwalk_new(&raw, repo), "git_revwalk_new");
  git::RevWalk walk(raw);
  git_revwalk_sorting(walk.get(), GIT_SORT_TIME);
  git::check(git_revwalk_push(walk.get(), &tip), "git_revwalk_push");
  git_oid id;
  for (int n = 0; n < 5000 && git_revwalk_next(&id, walk.get()) == 0; ++n) {
    git::Commit c = git::lookup_commit(repo, id);
    if (git_commit_time(c.get()) < oldest - 86400) break;
    const std::string msg = git_commit_message(c.get()) ? git_commit_message(c.get()) : "";
    std::string rca;
    for (const auto& t : message::parse_trailers(msg))
      if (message::key_equals(t.key, rca_trailer) && !t.value.empty()) rca = t.value;
    if (rca.empty()) continue;
    for (const auto& r : rollback::reverts_named(msg)) out[r] = rca;
    // A merge with the RCA line re-releases what its side brings in: credit every revert there.
    if (git_commit_parentcount(c.get()) > 1) {
      git_revwalk* sraw = nullptr;
      git::check(git_revwalk_new(&sraw, repo), "git_revwalk_new");
      git::RevWalk side(sraw);
      git::check(git_revwalk_push(side.get(), &id), "git_revwalk_push");
      git::check(git_revwalk_hide(side.get(), git_commit_parent_id(c.get(), 0)), "git_revwalk_hide");
      git_oid sid;
      for (int k = 0; k < 1000 && git_revwalk_next(&sid, side.get()) == 0; ++k) {
        git::Commit sc = git::lookup_commit(repo, sid);
        const char* sm = git_commit_message(sc.get());
        for (const auto& r : rollback::reverts_named(sm ? sm : "")) out.emplace(r, rca);
      }
    }
  }
  return out;
}

} // namespace

StatusView collect_status(git_repository* repo, const std::string& branch, std::time_t now,
                          const std::string& rca_trailer, long long recent_seconds) {
  StatusView v;
  v.branch = branch.rfind("refs/heads/", 0) == 0 ? branch.substr(11) : branch;
  v.now = now;
  git_oid tip;
  if (git_reference_name_to_id(&tip, repo, branch.c_str()) < 0)
    throw core::UsageError("branch '" + v.branch + "' does not exist here");
  const auto notes = all_notes(repo);
  std::time_t oldest_incident = now;
  for (const auto& n : notes) {
    const json& r = n.record;
    if (r.contains("deliveries") && r["deliveries"].is_array())
      for (const auto& d : r["deliveries"])
        if (d.is_object() && !d.value("posted", true)) ++v.pending_deliveries;
    if (!on_branch(repo, tip, n.commit)) continue;
    const std::string id = git::to_hex(n.commit);
    if (r.contains("monitoring") && r["monitoring"].is_object()) {
      const json& m = r["monitoring"];
      WindowRow w{id, str(r, "type"), join_array(r.value("features", json::array())), str(m, "owner"),
                  time_of(m, "start"), time_of(m, "end"), r.value("rolled_back", false)};
      if (w.end > now && !w.rolled_back) v.open.push_back(w);
      else if (w.end > 0 && now - std::min(w.end, now) <= recent_seconds) v.ended.push_back(w);
    }
    if (r.contains("incidents") && r["incidents"].is_array())
      for (const auto& i : r["incidents"]) {
        IncidentRow row{id, str(i, "id"), time_of(i, "at"), {}, i.value("pushed", false), str(i, "rca")};
        if (i.contains("rollback") && i["rollback"].is_array())
          for (const auto& x : i["rollback"])
            if (x.is_string()) row.rollback.push_back(x.get<std::string>());
        oldest_incident = std::min(oldest_incident, row.at);
        v.incidents.push_back(row);
      }
  }
  if (!v.incidents.empty()) {
    auto rca = rca_by_rollback(repo, tip, rca_trailer, oldest_incident);
    for (auto& i : v.incidents)
      for (const auto& rb : i.rollback)
        if (i.rca.empty())
          if (auto it = rca.find(rb); it != rca.end()) i.rca = it->second;
  }
  std::sort(v.open.begin(), v.open.end(), [](auto& a, auto& b) { return a.end < b.end; });
  std::sort(v.ended.begin(), v.ended.end(), [](auto& a, auto& b) { return a.end > b.end; });
  std::stable_sort(v.incidents.begin(), v.incidents.end(), [](auto& a, auto& b) {
    if (a.rca.empty() != b.rca.empty()) return a.rca.empty();
    return a.at > b.at;
  });
  return v;
}

std::string status_text(const StatusView& v, const std::string& tz) {
  std::ostringstream out;
  auto t = [&](std::time_t x) { return core::format_in_zone(x, tz); };
  out << "Monitoring windows open on " << v.branch << ": " << v.open.size() << "\n";
  for (const auto& w : v.open)
    out << "  " << w.release.substr(0, 12) << "  " << (w.type.empty() ? "?" : w.type) << "  "
        << core::format_span(w.end - w.start) << " window, owner " << (w.owner.empty() ? "?" : w.owner)
        << ", started " << t(w.start) << ", ends in " << core::format_span(w.end - v.now) << " ("
        << t(w.end) << ")  " << w.features << "\n";
  out << "Recently ended: " << v.ended.size() << "\n";
  for (const auto& w : v.ended)
    out << "  " << w.release.substr(0, 12) << "  " << (w.type.empty() ? "?" : w.type) << "  "
        << (w.rolled_back ? "ROLLED BACK" : "ended " + t(w.end)) << "  " << w.features << "\n";
  size_t awaiting = std::count_if(v.incidents.begin(), v.incidents.end(), [](auto& i) { return i.rca.empty(); });
  out << "Incidents and rollbacks awaiting RCA: " << awaiting << "\n";
  for (const auto& i : v.incidents) {
    out << "  " << (i.incident.empty() ? "(no incident id)" : i.incident) << "  release "
        << i.release.substr(0, 12) << " rolled back " << t(i.at) << " by";
    for (const auto& r : i.rollback) out << " " << r.substr(0, 12);
    out << (i.pushed ? " (pushed)" : " (NOT pushed)") << "  "
        << (i.rca.empty() ? "awaiting RCA before re-release" : "RCA: " + i.rca) << "\n";
  }
  if (v.pending_deliveries)
    out << "Deliveries not posted yet: " << v.pending_deliveries << " (retried by every go-live command)\n";
  return out.str();
}

json status_json(const StatusView& v) {
  auto row = [&](const WindowRow& w) {
    return json{{"release", w.release}, {"type", w.type}, {"features", w.features}, {"owner", w.owner},
                {"start", core::iso_utc(w.start)}, {"end", core::iso_utc(w.end)},
                {"window_minutes", (w.end - w.start) / 60},
                {"ends_in_seconds", std::max<long long>(0, w.end - v.now)}, {"rolled_back", w.rolled_back}};
  };
  json j{{"branch", v.branch}, {"now", core::iso_utc(v.now)}, {"open", json::array()}, {"ended", json::array()},
         {"incidents", json::array()}, {"pending_deliveries", v.pending_deliveries}};
  for (const auto& w : v.open) j["open"].push_back(row(w));
  for (const auto& w : v.ended) j["ended"].push_back(row(w));
  for (const auto& i : v.incidents)
    j["incidents"].push_back({{"incident", i.incident}, {"release", i.release}, {"at", core::iso_utc(i.at)},
                              {"rollback", i.rollback}, {"pushed", i.pushed},
                              {"awaiting_rca", i.rca.empty()}, {"rca", i.rca}});
  return j;
}

std::vector<LogEvent> collect_log(git_repository* repo, std::time_t since, const std::string& audit_log) {
  std::vector<LogEvent> ev;
  auto add = [&](std::time_t at, std::string what, std::string who, std::string rel, std::string detail) {
    if (at >= since) ev.push_back({at, std::move(what), std::move(who), std::move(rel), std::move(detail)});
  };
  for (const auto& n : all_notes(repo)) {
    const json& r = n.record;
    const std::string id = git::to_hex(n.commit);
    if (r.contains("authorized_by") && r["authorized_by"].is_array())
      for (const auto& a : r["authorized_by"])
        if (a.is_string()) add(time_of(r, "committed"), "authorized", a.get<std::string>(), id, str(r, "type"));
    if (r.contains("smoke") && r["smoke"].is_array())
      for (const auto& s : r["smoke"])
        add(time_of(s, "at"), "smoke", str(s, "by"), id,
            str(s, "result") + " in " + std::to_string(s.value("duration_ms", 0LL)) + " ms: " + str(s, "command"));
    if (r.contains("announcement"))
      add(time_of(r["announcement"], "at"), "announced", str(r["announcement"], "by"), id, str(r["announcement"], "text"));
    if (r.contains("monitoring") && r["monitoring"].is_object()) {
      const json& m = r["monitoring"];
      add(time_of(m, "start"), "monitoring", str(m, "owner"), id, "window until " + str(m, "end"));
      if (m.contains("results") && m["results"].is_array())
        for (const auto& x : m["results"])
          add(time_of(x, "at"), "monitoring-result", str(x, "by"), id, str(x, "result") + ": " + str(x, "summary"));
    }
    if (r.contains("incidents") && r["incidents"].is_array())
      for (const auto& i : r["incidents"])
        add(time_of(i, "at"), "rollback", str(i, "by"), id,
            str(i, "id") + (i.value("pushed", false) ? " pushed " : " NOT pushed ") + join_array(i.value("rollback", json::array())));
  }
  if (!audit_log.empty()) {
    auto text = core::read_config_file(audit_log, "audit log", 256u << 20);
    if (text) {
      std::istringstream in(*text);
      std::string line;
      while (std::getline(in, line)) {
        json j = json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_object() || j.value("hook", std::string()) != "pre-receive") continue;
        std::string t = str(j, "time");
        if (auto dot = t.find('.'); dot != std::string::npos) t = t.substr(0, dot) + "Z";
        const std::time_t at = core::parse_iso_utc(t).value_or(0);
        std::string refs;
        if (j.contains("refs") && j["refs"].is_array())
          for (const auto& x : j["refs"]) refs += (refs.empty() ? "" : " ") + str(x, "ref");
        add(at, "push " + str(j, "verdict"), str(j, "pusher"), "", refs);
        if (j.contains("releases") && j["releases"].is_array())
          for (const auto& x : j["releases"])
            add(at, "release pushed", str(j, "pusher"), str(x, "commit"),
                str(x, "type") + ", authorized by " + join_array(x.value("authorizers", json::array())));
      }
    }
  }
  std::stable_sort(ev.begin(), ev.end(), [](auto& a, auto& b) { return a.at < b.at; });
  return ev;
}

std::string log_text(const std::vector<LogEvent>& events, const std::string& tz) {
  std::ostringstream out;
  for (const auto& e : events)
    out << core::format_in_zone(e.at, tz) << "  " << e.what << "  " << (e.who.empty() ? "?" : e.who)
        << (e.release.empty() ? "" : "  " + e.release.substr(0, 12)) << "  " << e.detail << "\n";
  if (events.empty()) out << "nothing recorded in that period\n";
  return out.str();
}

json log_json(const std::vector<LogEvent>& events) {
  json j = json::array();
  for (const auto& e : events)
    j.push_back({{"at", core::iso_utc(e.at)}, {"what", e.what}, {"who", e.who}, {"release", e.release}, {"detail", e.detail}});
  return j;
}

} // namespace rg::golive
