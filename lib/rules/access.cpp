#include "lib/rules/access.hpp"

#include "lib/core/text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace rg::rules {

using core::Finding;

namespace {

Finding make(std::string rule, std::string ref, std::string message, std::string fix) {
  return core::ref_error(std::move(rule), std::move(ref), {}, std::move(message), std::move(fix));
}

bool holds_any(const change::Pusher& who, const std::vector<std::string>& roles) {
  return std::any_of(who.roles.begin(), who.roles.end(), [&](const std::string& r) {
    return std::find(roles.begin(), roles.end(), r) != roles.end();
  });
}

} // namespace

std::string display(const change::Pusher& who) {
  if (!who.known()) return "(unknown)";
  if (who.login.empty()) return core::printable("<" + who.email + ">");
  if (who.email.empty()) return core::printable(who.login);
  return core::printable(who.login + " <" + who.email + ">");
}

std::vector<Finding> check_access(const change::PushFacts& facts, const policy::ReleasePolicy& release,
                                  const policy::ServerPolicy& server) {
  std::vector<Finding> out;
  if (server.require_identity && !facts.pusher.known())
    out.push_back(make("push/identity-required", {}, "the server requires to know who pushes, and the host named no one",
                       "server admin: push through the host's authenticated transport (SSH/HTTPS),\n"
                       "which sets GL_USERNAME / GITHUB_USER_LOGIN / GITEA_PUSHER_NAME / GL_USER / REMOTE_USER"));
  if (release.push_roles.empty() || !facts.pusher.known() || holds_any(facts.pusher, release.push_roles))
    return out;
  // SOP section 6 puts rollback in the on-call's hands: a push that brings only rollbacks onto a
  // protected branch may come from a holder of a rollback role (the rollback rules still verify
  // each revert and that it takes out only what the branch had).
  const policy::ReleaseType* rollback = release.find_type("rollback");
  const bool may_roll_back = rollback && holds_any(facts.pusher, rollback->authorize_any);
  for (const auto& r : facts.refs) {
    if (r.kind != change::RefKind::protected_branch || r.update.is_delete()) continue;
    if (may_roll_back && !r.entering.empty() &&
        std::all_of(r.entering.begin(), r.entering.end(), [](const change::ChainCommit& c) { return c.rollback; }))
      continue;
    out.push_back(make("push/not-allowed-to-push", r.update.ref,
                       fmt::format("{} may not move {}: only holders of the roles {} may", display(facts.pusher),
                                   core::printable(r.short_name()), fmt::join(release.push_roles, ", ")),
                       fmt::format("ask a holder of one of those roles to push, or add {} to a role in the "
                                   "server's release-gate.yml",
                                   display(facts.pusher))));
  }
  return out;
}

bool may_bypass(const change::Pusher& who, const policy::ServerPolicy& server) {
  if (!who.known()) return false;
  const std::string login = core::to_lower(who.login), email = core::to_lower(who.email);
  for (const auto& u : server.bypass_users) {
    const std::string x = core::to_lower(core::trim(u));
    if (!x.empty() && (x == login || x == email)) return true;
  }
  return holds_any(who, server.bypass_roles);
}

std::vector<Finding> check_bypass(const change::Pusher& who, const std::optional<std::string>& reason,
                                  const policy::ServerPolicy& server) {
  std::vector<Finding> out;
  if (!reason) return out;
  if (!may_bypass(who, server))
    out.push_back(make("push/bypass-not-allowed", {},
                       fmt::format("{} may not use release-gate.bypass (allowed: roles {}; users {})", display(who),
                                   fmt::join(server.bypass_roles, ", "),
                                   server.bypass_users.empty() ? "none"
                                                               : fmt::format("{}", fmt::join(server.bypass_users, ", "))),
                       "push without -o release-gate.bypass, or ask a holder of a bypass role to push"));
  else if (core::trim(*reason).empty())
    out.push_back(make("push/bypass-without-reason", {}, "release-gate.bypass needs a reason",
                       "git push -o release-gate.bypass=\"<incident or reason>\" ..."));
  return out;
}

} // namespace rg::rules
