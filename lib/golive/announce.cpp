#include "lib/golive/announce.hpp"

#include <cctype>

namespace rg::golive {
namespace {

std::string join(const std::vector<std::string>& v, const std::string& sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

} // namespace

std::string smoke_word(const json* last) {
  if (!last || !last->is_object()) return "NOT RUN";
  return last->value("result", std::string("NOT RUN"));
}

std::string live_line(const std::vector<std::string>& features, const std::string& when, const std::string& smoke) {
  return "✅ RELEASE LIVE — " + join(features, ", ") + " — " + when + " — smoke test: " + smoke;
}

std::string cro_note(const ReleaseFacts& f, const std::vector<std::string>& cro, const std::string& line) {
  std::vector<std::string> to;
  for (const auto& c : cro) to.push_back("@" + c);
  std::string out = (to.empty() ? std::string("@cro") : join(to, " ")) +
                    " customer-facing release is live, for prospect and customer conversations:\n";
  out += line + "\n";
  out += "What changed: " + join(f.features, ", ") + " (release " + f.id.substr(0, 12) + ", " +
         (f.type.empty() ? std::string("type not given") : f.type) + ").\n";
  return out;
}

std::string handoff_file_name(const std::string& agent, const ReleaseFacts& f, const std::string& iso) {
  std::string safe;
  for (char c : agent) safe += (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_') ? c : '_';
  if (safe.empty() || safe[0] == '.') safe = "_" + safe;
  std::string stamp;
  for (char c : iso) if (std::isdigit(static_cast<unsigned char>(c))) stamp += c;
  return stamp.substr(0, 12) + "-release-" + f.id.substr(0, 12) + "-" + safe + ".md";
}

std::string handoff_text(const std::string& agent, const std::vector<std::string>& paths, const ReleaseFacts& f,
                         const std::string& when) {
  std::string out = "# Handoff to " + agent + ": your contract changed\n\n";
  out += "- Release: " + f.id + " (" + f.subject + ")\n";
  out += "- Type: " + (f.type.empty() ? std::string("not given") : f.type) + "\n";
  out += "- Live: " + when + "\n";
  out += "- Lines of work: " + join(f.features, ", ") + "\n\n";
  out += "## What changed\n\n";
  for (const auto& p : paths) out += "- `" + p + "`\n";
  out += "\n## Where the new contract is\n\n";
  for (const auto& p : paths) out += "- `" + p + "` at commit " + f.id + " (`git show " + f.id.substr(0, 12) + ":" + p + "`)\n";
  out += "\nRead the new contract before your next session; questions to the CDO.\n";
  return out;
}

std::string completion_note(const ReleaseFacts& f, const std::string& line) {
  std::string out = "Completion note (release-gate): " + line + "\n";
  out += "Release " + f.id + " — " + f.subject + "\n";
  out += "Release-Type: " + (f.type.empty() ? std::string("not given") : f.type) + "\n";
  out += "Authorized-By: " + (f.authorizers.empty() ? std::string("(none recorded)") : join(f.authorizers, "; ")) + "\n";
  return out;
}

std::string status_report(const ReleaseFacts& f, const std::string& result, const std::string& summary,
                          const std::string& window_text) {
  std::string out = "Status Report (release-gate): monitoring " + result + " — release " + f.id.substr(0, 12) +
                    " (" + join(f.features, ", ") + ")\n";
  out += "Window: " + window_text + "\n";
  if (!summary.empty()) out += summary + "\n";
  return out;
}

} // namespace rg::golive
