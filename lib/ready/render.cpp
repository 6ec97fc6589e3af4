#include "lib/ready/render.hpp"

#include "lib/core/finding.hpp"
#include "lib/report/report.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

namespace rg::ready {

namespace {

std::string upper(Status s) {
  std::string t(to_string(s));
  for (auto& ch : t) ch = char(std::toupper((unsigned char)ch));
  return t;
}

std::string indent(const std::string& text, std::string_view pad) {
  std::string out;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    out += fmt::format("{}{}\n", pos == 0 ? "" : pad, text.substr(pos, nl - pos));
    pos = nl + 1;
  }
  return out;
}

std::vector<const Item*> not_passing(const Report& r) {
  std::vector<const Item*> out;
  for (const auto& i : r.items)
    if (i.status != Status::pass && i.required) out.push_back(&i);
  return out;
}

} // namespace

std::string to_text(const Report& r) {
  std::string out = fmt::format("release-gate ready: {} -> {} ({} commit{}, Release-Type {})\n\n", r.candidate, r.base,
                                r.commits, r.commits == 1 ? "" : "s", r.type);
  for (const auto& i : r.items) {
    out += fmt::format("{:<8} {:<22} {}{}\n", upper(i.status), i.id, i.title, i.required ? "" : " (optional)");
    for (const auto& e : i.evidence) out += "         evidence: " + indent(e, "                   ");
    if (!i.next.empty()) out += "         next: " + indent(i.next, "               ");
  }
  const auto bad = not_passing(r);
  if (bad.empty()) {
    out += fmt::format("\nREADY: all {} required items pass.\n", r.items.size());
  } else {
    std::vector<std::string> ids;
    for (const auto* i : bad) ids.push_back(fmt::format("{} ({})", i->id, to_string(i->status)));
    out += fmt::format("\nNOT READY: {} of {} required items do not pass: {}\n", bad.size(), r.items.size(), fmt::join(ids, ", "));
  }
  out += fmt::format("\nRelease record for the merge commit (Release-Type {}, {}); paste it as the last paragraph\n"
                     "of the merge message{}:\n\n{}",
                     r.type, r.type_reason, bad.empty() ? "" : " once the items above pass", r.record);
  return out;
}

std::string to_markdown(const Report& r) {
  auto cell = [](std::string s) {
    std::string out;
    for (char ch : s) {
      if (ch == '|') out += "\\|";
      else if (ch == '\n') out += "<br>";
      else out += ch;
    }
    return out;
  };
  std::string out = fmt::format("# Release readiness: {} → {}\n\n", cell(r.candidate), cell(r.base));
  out += fmt::format("Candidate tip `{}`, {} commit{}, Release-Type **{}** ({}).\n\n", r.tip.substr(0, 12), r.commits,
                     r.commits == 1 ? "" : "s", r.type, cell(r.type_reason));
  out += r.ready ? "**Ready:** every required item passes.\n\n" : "**Not ready:** see the items marked ✗ below.\n\n";
  std::string gate;
  for (const auto& i : r.items) {
    if (i.gate != gate) {
      gate = i.gate;
      std::string title = gate;
      title[0] = char(std::toupper((unsigned char)title[0]));
      out += fmt::format("\n## {} gate\n\n| | item | status | evidence | next step |\n|---|---|---|---|---|\n", title);
    }
    const char* box = i.status == Status::pass ? "[x]" : "[ ]";
    const char* mark = i.status == Status::pass ? "✓" : i.status == Status::fail ? "✗" : "?";
    out += fmt::format("| {} | {} `{}`{} | {} {} | {} | {} |\n", box, cell(i.title), i.id, i.required ? "" : " (optional)",
                       mark, to_string(i.status), cell(fmt::format("{}", fmt::join(i.evidence, "\n"))), cell(i.next));
  }
  out += fmt::format("\n## Release record\n\n```\n{}```\n\n", r.record);
  out += "## Authorization\n\nI have reviewed every item above.\n\nCDO (or delegate): ______________________  Date: __________\n";
  return out;
}

std::string to_json(const Report& r) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& i : r.items)
    items.push_back({{"id", i.id}, {"gate", i.gate}, {"title", i.title}, {"status", to_string(i.status)},
                     {"required", i.required}, {"evidence", i.evidence}, {"next", i.next}});
  nlohmann::json j{{"candidate", r.candidate}, {"base", r.base}, {"tip", r.tip}, {"commits", r.commits},
                   {"type", r.type}, {"type_reason", r.type_reason}, {"ready", r.ready}, {"items", items},
                   {"record", r.record}};
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string to_sarif(const Report& r) {
  std::vector<core::Finding> findings;
  std::vector<report::RuleInfo> rules;
  for (const auto& i : r.items) {
    rules.push_back({"ready/" + i.id, i.title});
    if (i.status == Status::pass) continue;
    core::Finding f;
    f.rule = "ready/" + i.id;
    f.severity = i.required && i.status == Status::fail ? core::Severity::error : core::Severity::warning;
    f.where.commit = r.tip;
    f.message = fmt::format("{}: {}: {}", to_string(i.status), i.title, fmt::join(i.evidence, "; "));
    f.fix = i.next;
    findings.push_back(std::move(f));
  }
  return report::to_sarif(findings, rules);
}

} // namespace rg::ready
