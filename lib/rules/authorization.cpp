#include "lib/rules/authorization.hpp"

#include "lib/core/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

namespace rg::rules {

namespace trailer = policy::trailer;
using core::Finding;

namespace {


struct Voucher {
  policy::Person person;
  uint32_t line;
};

// The name the policy gives the person with this address, if any.
std::optional<std::string> policy_name_of(const policy::ReleasePolicy& p, std::string_view email) {
  const std::string e = core::to_lower(email);
  for (const auto& [role, people] : p.roles)
    for (const auto& person : people)
      if (core::to_lower(person.email) == e && !person.name.empty()) return person.name;
  return std::nullopt;
}

bool is_placeholder(const policy::Person& person) {
  const std::string email = core::to_lower(person.email);
  return email.size() >= 8 && email.compare(email.size() - 8, 8, ".invalid") == 0;
}

std::string holders_of(const policy::ReleasePolicy& p, const std::string& role) {
  auto it = p.roles.find(role);
  if (it == p.roles.end() || it->second.empty()) return "nobody is listed";
  std::vector<std::string> names;
  for (const auto& person : it->second)
    names.push_back(person.name.empty() ? fmt::format("<{}>", person.email)
                                        : fmt::format("{} <{}>", person.name, person.email));
  return fmt::format("{}", fmt::join(names, ", "));
}

// Checks one kind of line (Authorized-By or Confirmed-By) against the roles it must cover.
void check_vouchers(const ReleaseRecord& rec, const ReleaseContext& ctx, const policy::ReleasePolicy& p,
                    std::string_view key, const std::vector<std::string>& roles, std::string_view missing_rule,
                    std::vector<Finding>& out) {
  const policy::ReleaseType& type = *rec.type;
  std::vector<Voucher> vouchers;
  for (auto* t : rec.all(key)) {
    if (core::trim(t->value).empty()) continue;  // release/empty-trailer says so
    auto person = policy::parse_person(t->value);
    if (!person) {
      out.push_back(record_finding("auth/malformed-person", ctx, t->line,
                            fmt::format("`{}: {}` must be `Name <email>`", key, core::printable(t->value)),
                            fmt::format("write it as: {}", suggested_line(key, type, p))));
      continue;
    }
    // The line names one person: the name must be the one the policy gives that address.
    if (auto known = policy_name_of(p, person->email);
        known && !person->name.empty() && core::to_lower(core::trim(*known)) != core::to_lower(person->name)) {
      out.push_back(record_finding("auth/name-mismatch", ctx, t->line,
                                   fmt::format("`{}: {}` pairs the name `{}` with the address of {}", key,
                                               core::printable(t->value), core::printable(person->name),
                                               core::printable(*known)),
                                   fmt::format("write the person as the policy names them: {} <{}>",
                                               core::printable(*known), core::printable(person->email))));
      continue;
    }
    vouchers.push_back({*person, t->line});
  }

  const std::string author = core::to_lower(ctx.author_email);
  for (const auto& role : roles) {
    std::vector<const Voucher*> holding;
    for (const auto& v : vouchers)
      if (p.holds_role(v.person.email, role)) holding.push_back(&v);
    if (holding.empty()) {
      if (vouchers.empty() && rec.all(key).empty() && misdirected_keys(rec, p).count(core::to_lower(key)))
        continue;  // "did you mean `Authorized-By`?" already says what is wrong
      auto held = p.roles.find(role);
      if (held != p.roles.end() && !held->second.empty() &&
          std::all_of(held->second.begin(), held->second.end(), [](const policy::Person& x) { return is_placeholder(x); })) {
        // A clone without the team's policy: the only holders are the shipped placeholders, and
        // a line naming one would be refused by the server. Say what is really missing.
        out.push_back(record_finding(
            std::string(missing_rule), ctx, 0,
            fmt::format("`{}` releases need {} `{}:` line from a holder of role `{}`, but release roles are not "
                        "configured here (only the shipped placeholders)",
                        type.name, std::string_view("AEIOU").find(key.front()) != std::string_view::npos ? "an" : "a", key, role),
            "get the team's policy: copy the server's release-gate.yml to .release-gate.yml at the top of this\n"
            "clone (or set RELEASE_GATE_CONFIG=<file>), then name a real holder of the role in this line"));
        continue;
      }
      std::string msg = fmt::format("`{}` releases need {} `{}:` line from a holder of role `{}`", type.name,
                                    std::string_view("AEIOU").find(key.front()) != std::string_view::npos ? "an" : "a", key, role);
      std::vector<std::string> others;
      for (const auto& v : vouchers) others.push_back(core::printable(v.person.email));
      if (!others.empty())
        msg += fmt::format("; {} do{} not hold it", fmt::join(others, ", "), others.size() == 1 ? "es" : "");
      out.push_back(record_finding(std::string(missing_rule), ctx, 0, msg,
                            fmt::format("add to the trailer block: {}\n(role `{}`: {})",
                                        suggested_line(key, type, p, role), role, holders_of(p, role))));
      continue;
    }
    // The shipped policy names placeholders at the reserved .invalid domain (RFC 2606): a line
    // naming one proves nothing, so the role counts as unfilled until the policy names people.
    if (std::all_of(holding.begin(), holding.end(), [](const Voucher* v) { return is_placeholder(v->person); })) {
      out.push_back(record_finding("auth/placeholder-role", ctx, holding.front()->line,
                            fmt::format("role `{}` is held only by the policy's placeholder {}: no real person "
                                        "vouched for this release",
                                        role, core::printable(holding.front()->person.email)),
                            fmt::format("name the real holders of `{}` under `release.roles` in .release-gate.yml "
                                        "and in the server's release-gate.yml, then use one of them here",
                                        role)));
      continue;
    }
    bool only_author = !author.empty() && std::all_of(holding.begin(), holding.end(), [&](const Voucher* v) {
      return core::to_lower(v->person.email) == author;
    });
    if (p.separation_of_duties && only_author)
      out.push_back(record_finding("auth/self-authorized", ctx, holding.front()->line,
                            fmt::format("the author ({}) is the only `{}` vouching for this release in `{}:` "
                                        "(separation of duties)",
                                        core::printable(ctx.author_email), role, key),
                            fmt::format("ask another holder of role `{}` to authorize it and add their line "
                                        "(role `{}`: {})",
                                        role, role, holders_of(p, role))));
  }

  // Lines from people who hold no role at all: not a failure when the roles are covered, but
  // worth a word (a typo in an e-mail, or a stale role list).
  for (const auto& v : vouchers)
    if (p.roles_of(v.person.email).empty())
      out.push_back(record_finding("auth/unknown-authorizer", ctx, v.line,
                            fmt::format("`{}: {}` names someone who holds no role in the release policy", key,
                                        core::printable(v.person.email)),
                            "check the e-mail address, or add the person to `release.roles` in the policy",
                            core::Severity::warning));

  // Separation of duties when no specific role is required but the line is. Not for a type
  // under an executing authority (authorize_any, the rollback): there the line names who
  // executes it, the on-call at 3 a.m. alone included (SOP section 6), so the author is meant
  // to be in it; check_authority() holds them to the role.
  const bool required = std::any_of(type.require.begin(), type.require.end(),
                                    [&](const std::string& k) { return message::key_equals(k, key); });
  if (roles.empty() && required && type.authorize_any.empty() && p.separation_of_duties && !author.empty() &&
      !vouchers.empty() &&
      std::all_of(vouchers.begin(), vouchers.end(),
                  [&](const Voucher& v) { return core::to_lower(v.person.email) == author; }))
    out.push_back(record_finding("auth/self-authorized", ctx, vouchers.front().line,
                          fmt::format("the author ({}) is the only one in `{}:` (separation of duties)",
                                      core::printable(ctx.author_email), key),
                          fmt::format("ask someone else to vouch for it in a `{}:` line", key)));
}

// authorize_any: at least one Authorized-By line from a real holder of one of the roles (a
// rollback names who executes it under the SOP's rollback authority).
void check_authority(const ReleaseRecord& rec, const ReleaseContext& ctx, const policy::ReleasePolicy& p,
                     std::vector<Finding>& out) {
  const auto& roles = rec.type->authorize_any;
  if (roles.empty()) return;
  for (auto* t : rec.all(trailer::authorized_by)) {
    auto person = policy::parse_person(t->value);
    if (!person || is_placeholder(*person)) continue;
    for (const auto& role : roles)
      if (p.holds_role(person->email, role)) return;
  }
  std::string holders;
  for (const auto& role : roles) holders += fmt::format("\n(role `{}`: {})", role, holders_of(p, role));
  out.push_back(record_finding(
      "auth/missing-authorization", ctx, 0,
      fmt::format("`{}` needs an `Authorized-By:` line naming who executes it, a holder of one of the roles {}",
                  rec.type->name, fmt::join(roles, ", ")),
      fmt::format("add to the trailer block: Authorized-By: Name <email>{}", holders)));
}

} // namespace

std::vector<Finding> check_authorization(const ReleaseRecord& rec, const ReleaseContext& ctx,
                                         const policy::ReleasePolicy& p) {
  std::vector<Finding> out;
  if (!rec.type) return out;
  check_vouchers(rec, ctx, p, trailer::authorized_by, rec.type->authorize, "auth/missing-authorization", out);
  check_vouchers(rec, ctx, p, trailer::confirmed_by, rec.type->confirm, "auth/missing-confirmation", out);
  check_authority(rec, ctx, p, out);
  return out;
}

} // namespace rg::rules
