#include "lib/rollback/message.hpp"

#include "lib/core/text.hpp"

#include "lib/message/trailers.hpp"

#include <cctype>

namespace rg::rollback {
namespace {

bool ieq(std::string_view a, std::string_view b) { return core::to_lower(a) == core::to_lower(b); }

std::string trailer_block(const std::vector<std::string>& reverted, std::string_view incident,
                          std::string_view authorized_by) {
  std::string out = std::string(kReleaseTypeTrailer) + ": " + std::string(kRollbackType) + "\n";
  for (const auto& id : reverted) out += std::string(kRollbackOfTrailer) + ": " + id + "\n";
  if (!incident.empty()) out += std::string(kIncidentTrailer) + ": " + std::string(incident) + "\n";
  if (!authorized_by.empty()) out += std::string(kAuthorizedByTrailer) + ": " + std::string(authorized_by) + "\n";
  return out;
}

bool is_hex(std::string_view s) {
  for (char c : s)
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  return !s.empty();
}

} // namespace

std::string subject_of(std::string_view message) {
  size_t pos = 0;
  while (pos < message.size()) {
    size_t eol = message.find('\n', pos);
    if (eol == std::string_view::npos) eol = message.size();
    std::string_view line = message.substr(pos, eol - pos);
    if (!core::trim(line).empty()) return std::string(line);
    pos = eol + 1;
  }
  return {};
}

std::string revert_message(const Reverted& r, std::string_view incident, std::string_view authorized_by) {
  std::string out = "Revert \"" + subject_of(r.message) + "\"\n\nThis reverts commit " + r.id;
  if (r.merge) out += ", reversing\nchanges made to " + r.parent;
  out += ".\n\n";
  return out + trailer_block({r.id}, incident, authorized_by);
}

std::string squash_message(std::string_view spec, const std::vector<Reverted>& commits,
                           std::string_view incident, std::string_view authorized_by) {
  std::string out = "Revert release " + std::string(spec) + " (" + std::to_string(commits.size()) +
                    (commits.size() == 1 ? " commit" : " commits") + ")\n\n";
  std::vector<std::string> ids;
  for (const auto& c : commits) {
    out += "This reverts commit " + c.id;
    if (c.merge) out += ", reversing\nchanges made to " + c.parent;
    out += ". (\"" + subject_of(c.message) + "\")\n";
    ids.push_back(c.id);
  }
  return out + "\n" + trailer_block(ids, incident, authorized_by);
}

std::vector<Trailer> trailers_of(std::string_view message) {
  // The project's parser reads trailers exactly as `git interpret-trailers` does.
  std::vector<Trailer> out;
  for (auto& t : message::parse_trailers(message)) out.push_back({std::move(t.key), std::move(t.value)});
  return out;
}

bool is_rollback_message(std::string_view message) {
  for (const auto& t : trailers_of(message)) {
    if (ieq(t.key, kRollbackOfTrailer)) return true;
    if (ieq(t.key, kReleaseTypeTrailer) && ieq(core::trim(t.value), kRollbackType)) return true;
  }
  return false;
}

std::vector<std::string> rollback_of(std::string_view message) {
  std::vector<std::string> out;
  for (const auto& t : trailers_of(message))
    if (ieq(t.key, kRollbackOfTrailer)) out.emplace_back(core::trim(t.value));
  return out;
}

std::vector<std::string> reverts_named(std::string_view message) {
  static constexpr std::string_view kLead = "This reverts commit ";
  std::vector<std::string> out;
  size_t pos = 0;
  while ((pos = message.find(kLead, pos)) != std::string_view::npos) {
    // Only at the start of a line, as git writes it.
    const bool line_start = pos == 0 || message[pos - 1] == '\n';
    pos += kLead.size();
    size_t end = pos;
    while (end < message.size() && std::isxdigit(static_cast<unsigned char>(message[end]))) ++end;
    std::string_view id = message.substr(pos, end - pos);
    if (line_start && is_hex(id) && (id.size() == 40 || id.size() == 64)) out.emplace_back(id);
  }
  return out;
}

std::optional<std::string> reverted_rollback(std::string_view message, const MessageLookup& message_of) {
  for (const auto& id : reverts_named(message)) {
    auto m = message_of(id);
    if (m && is_rollback_message(*m)) return id;
  }
  return std::nullopt;
}

std::vector<core::Finding> check_rerelease(std::string_view commit_id, std::string_view message,
                                           const MessageLookup& message_of,
                                           std::string_view rca_trailer) {
  auto rollback = reverted_rollback(message, message_of);
  if (!rollback) return {};
  for (const auto& t : trailers_of(message))
    if (ieq(t.key, rca_trailer) && !core::trim(t.value).empty()) return {};
  core::Finding f;
  f.rule = "rollback/rerelease-without-rca";
  f.severity = core::Severity::error;
  f.where.commit = std::string(commit_id);
  f.message = "commit re-releases changes removed by rollback " + rollback->substr(0, 12) +
              " without a root-cause analysis";
  f.fix = "add a trailer line to the commit message: " + std::string(rca_trailer) +
          ": <link to the root-cause analysis>\n(git commit --amend, then push again)";
  return {f};
}

} // namespace rg::rollback
