#include "lib/rollback/paperwork.hpp"

#include "lib/core/text.hpp"
#include "lib/rollback/message.hpp"

#include <algorithm>

namespace rg::rollback {
namespace {

void add_unique(std::vector<std::string>& v, std::string s) {
  if (!s.empty() && std::find(v.begin(), v.end(), s) == v.end()) v.push_back(std::move(s));
}

std::string join(const std::vector<std::string>& v, std::string_view sep, std::string_view none) {
  if (v.empty()) return std::string(none);
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : std::string(sep)) + s;
  return out;
}


std::string title(const IncidentInfo& info) {
  return info.incident.empty() ? std::string("SEV2 incident: rollback of ") + info.release_spec
                               : "SEV2 incident " + info.incident + ": rollback of " + info.release_spec;
}

} // namespace

ReleaseTrailers release_trailers(const std::vector<ReleaseRef>& release) {
  ReleaseTrailers out;
  for (const auto& r : release)
    for (const auto& t : trailers_of(r.message)) {
      const std::string key = core::to_lower(t.key);
      std::string value(core::trim(t.value));
      if (key == "release-type") add_unique(out.release_types, value);
      else if (key == "authorized-by" || key == "authorised-by" || key == "approved-by")
        add_unique(out.authorizers, value);
    }
  return out;
}

std::string incident_report(const IncidentInfo& info) {
  const ReleaseTrailers rt = release_trailers(info.release);
  std::string out = "# " + title(info) + "\n\n";
  out += "| Field | Value |\n| --- | --- |\n";
  out += "| Incident | " + (info.incident.empty() ? std::string("TODO: incident id") : info.incident) + " |\n";
  out += "| Severity | SEV2 |\n";
  out += "| Rolled back at | " + info.when_utc + " |\n";
  out += "| Executed by | " + info.executed_by + " |\n";
  out += "| Release | " + info.release_spec + " |\n";
  out += "| Release type | " + join(rt.release_types, ", ", "(no Release-Type trailer)") + " |\n";
  out += "| Authorized by | " + join(rt.authorizers, ", ", "(no Authorized-By trailer)") + " |\n";
  out += "| Branch | " + info.target +
         (info.landed_on != info.target ? " (rollback on branch " + info.landed_on + ")" : "") + " |\n";
  out += "| Pushed | " +
         (info.pushed           ? "yes, to " + info.remote
          : info.push_attempted ? "NO: git push to " + info.remote + " failed (exit " + std::to_string(info.push_exit) +
                                      "); push it: git push " + info.remote + " " + info.landed_on
                                : "no (push it: git push <remote> " + info.landed_on + ")") +
         " |\n\n";
  out += "## Reverted release commits (newest first)\n\n";
  for (const auto& r : info.release) out += "- `" + r.id + "` " + r.subject + "\n";
  out += "\n## Rollback commits\n\n";
  for (const auto& id : info.rollback_ids) out += "- `" + id + "`\n";
  if (info.merge_reverted)
    out += "\nA merge was reverted: re-landing that branch needs this rollback reverted first "
           "(with a RCA: line).\n";
  out += "\n## Impact\n\nTODO: who/what was affected, from when to when.\n";
  out += "\n## Timeline\n\n- TODO: release deployed\n- TODO: regression detected (how)\n- " +
         info.when_utc + ": rollback committed by " + info.executed_by + "\n- TODO: reverted version deployed and verified\n";
  out += "\n## Detection\n\nTODO: alert, monitoring window, or report that found it.\n";
  out += "\n## Root cause analysis (required before re-release)\n\nTODO: root cause; link it in "
         "the re-release commit as `RCA: <link>`.\n";
  out += "\n## Follow-ups\n\n- [ ] TODO: fix and tests\n- [ ] CDO and chief.staff notified in #agent-handoffs\n";
  return out;
}

std::string notification(const IncidentInfo& info) {
  const ReleaseTrailers rt = release_trailers(info.release);
  std::string out = "@cdo @chief.staff ROLLBACK " +
                    (info.incident.empty() ? std::string() : "— " + info.incident + " ") + "— " +
                    info.release_spec + " — " + info.when_utc + "\n";
  out += "Release " + info.release_spec + " (" + join(rt.release_types, ", ", "type unknown") +
         ", authorized by " + join(rt.authorizers, ", ", "unknown") + ") was reverted on " +
         info.landed_on + " by " + info.executed_by + ".\n";
  for (const auto& r : info.release) out += "Reverted: " + r.id + " " + r.subject + "\n";
  out += "Rollback commit" + std::string(info.rollback_ids.size() == 1 ? "" : "s") + ": " +
         join(info.rollback_ids, ", ", "none") + "\n";
  if (info.pushed)
    out += "Pushed to " + info.remote + " (" + info.landed_on +
           "): deploy the reverted version now (no QA gate for an emergency rollback).\n";
  else if (info.push_attempted)
    out += "NOT PUSHED: git push to " + info.remote + " failed (exit " + std::to_string(info.push_exit) +
           "). The rollback exists only locally and nothing is deployed. Fix the cause, then: git push " +
           info.remote + " " + info.landed_on + "\n";
  else
    out += "Not pushed yet (committed locally only; nothing is deployed): git push <remote> " + info.landed_on + "\n";
  if (info.report_file.empty())
    out += "SEV2 incident report: drafted below, NOT filed yet; file it per SOP-EXEC-escalation-incident-handling-v1.0.\n";
  else
    out += "SEV2 incident report: skeleton written to " + info.report_file +
           "; complete and file it per SOP-EXEC-escalation-incident-handling-v1.0.\n";
  out += "Root-cause analysis before any re-release: the re-release carries an `RCA: <link>` line.\n";
  return out;
}

} // namespace rg::rollback
