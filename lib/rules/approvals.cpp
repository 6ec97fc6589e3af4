#include "lib/rules/approvals.hpp"

#include "lib/core/names.hpp"
#include "lib/core/text.hpp"
#include "lib/message/trailers.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

namespace rg::rules {

using core::Finding;

namespace {

Finding make(std::string rule, const std::string& ref, const std::string& commit, std::string message,
             std::string fix) {
  return core::ref_error(std::move(rule), ref, commit, std::move(message), std::move(fix));
}

// A person id as approval refs and the pusher carry it: "dana", or "<e@x>" for a role holder
// written as `Name <email>`.
std::vector<std::string> roles_of_id(const policy::ReleasePolicy& p, const std::string& id) {
  if (id.empty()) return {};
  if (id.front() == '<') return p.roles_of(id.substr(1, id.size() - 2));
  return p.roles_of_person(id);
}

std::string id_of_email(const policy::ReleasePolicy& p, std::string_view email) {
  if (core::trim(email).empty()) return "";
  if (const auto* rec = p.person_by_email(email)) return rec->id;
  return fmt::format("<{}>", core::to_lower(core::trim(email)));  // (GCC 12 -Wrestrict false positive on "<" + s)
}

std::string holders(const policy::ReleasePolicy& p, const std::string& role) {
  std::set<std::string> ids;
  if (auto it = p.roles.find(role); it != p.roles.end())
    for (const auto& h : it->second) ids.insert(h.id.empty() ? h.email : h.id);
  return ids.empty() ? std::string("nobody is listed") : fmt::format("{}", fmt::join(ids, ", "));
}

std::string ref_person(const std::string& segment) {
  return segment.find('@') != std::string::npos ? fmt::format("<{}>", core::to_lower(segment)) : segment;
}

std::string approve_command(const std::string& commit, const std::string& role) {
  return fmt::format("release-gate approve {} --role {} --push origin", commit.substr(0, 12), role);
}

} // namespace

change::ApprovalFact parse_approval(std::string_view segment, std::string_view commit, std::string_view blob) {
  change::ApprovalFact a;
  a.person = ref_person(std::string(segment));
  a.valid = false;
  const auto j = nlohmann::json::parse(blob.substr(0, 64 * 1024), nullptr, false);
  if (!j.is_object() || j.value("format", "") != names::refs::approval_format || j.value("commit", "") != commit ||
      j.value("person", "") != segment)
    return a;
  a.valid = true;
  if (j.contains("roles") && j["roles"].is_array())
    for (const auto& r : j["roles"])
      if (r.is_string()) a.roles.push_back(r.get<std::string>());
  if (j.contains("qa") && j["qa"].is_array())
    for (const auto& q : j["qa"])
      if (q.is_object() && q.contains("id") && q["id"].is_string() && q.contains("verdict") && q["verdict"].is_string())
        a.qa.emplace_back(q["id"].get<std::string>(), q["verdict"].get<std::string>());
  return a;
}

std::vector<Finding> check_approval_pushes(const change::PushFacts& facts) {
  std::vector<Finding> out;
  for (const auto& r : facts.refs) {
    if (r.kind != change::RefKind::approval) continue;
    const std::string_view rest = std::string_view(r.ref).substr(names::refs::approvals.size());
    const auto slash = rest.find('/');
    const std::string commit(rest.substr(0, slash));
    if (slash == std::string_view::npos || commit.size() != 40 || r.approval_person.empty() ||
        r.approval_person.find('/') != std::string::npos) {
      out.push_back(make("approval/bad-ref", r.update.ref, {},
                         fmt::format("{} is not {}<commit id>/<person>", core::printable(r.update.ref),
                                     names::refs::approvals),
                         "write approvals with `release-gate approve <commit> --push origin`"));
      continue;
    }
    if (facts.pusher.person.empty() || facts.pusher.person != ref_person(r.approval_person))
      out.push_back(make("approval/not-yours", r.update.ref, commit,
                         fmt::format("{} may not write the approval of `{}`: an approval ref is accepted only from "
                                     "the person it names",
                                     facts.pusher.known() ? core::printable(facts.pusher.login + facts.pusher.email)
                                                          : std::string("an unknown pusher"),
                                     core::printable(r.approval_person)),
                         fmt::format("`{}` pushes it themselves, logged in as themselves: release-gate approve {} "
                                     "--push origin",
                                     core::printable(r.approval_person), commit.substr(0, 12))));
  }
  return out;
}

std::vector<Finding> check_approvals(const change::PushFacts& facts, const policy::ReleasePolicy& p) {
  std::vector<Finding> out;
  if (facts.empty_repository) return out;
  for (const auto& r : facts.refs) {
    if (r.kind != change::RefKind::protected_branch) continue;
    for (const auto& c : r.entering) {
      const std::string sha = c.id.substr(0, 12);
      std::vector<const change::ApprovalFact*> valid;
      for (const auto& a : c.approvals)
        if (a.valid) valid.push_back(&a);
      // A good signature (strict mode) is its signer's approval, for that one person only.
      std::vector<change::ApprovalFact> signed_by;
      for (const auto& sig : facts.signatures)
        if (sig.commit == c.id && sig.state == change::SignatureFact::State::good && !sig.signer.empty())
          signed_by.push_back({id_of_email(p, sig.signer), {}, {}, true});
      for (const auto& a : signed_by) valid.push_back(&a);
      auto approves = [&](const change::ApprovalFact& a, const std::string& role) {
        const auto held = roles_of_id(p, a.person);
        if (std::find(held.begin(), held.end(), role) == held.end()) return false;
        return a.roles.empty() || std::find(a.roles.begin(), a.roles.end(), role) != a.roles.end();
      };
      const policy::ReleaseType* type = p.find_type(c.release_type);
      if (c.rollback) {
        // Who executes it: the pusher holding a rollback role, or an approval by such a holder.
        const auto& any = type ? type->authorize_any : std::vector<std::string>{};
        if (any.empty()) continue;
        const bool pusher_may = std::any_of(facts.pusher.roles.begin(), facts.pusher.roles.end(), [&](const std::string& x) {
          return std::find(any.begin(), any.end(), x) != any.end();
        });
        const bool approved = std::any_of(valid.begin(), valid.end(), [&](const change::ApprovalFact* a) {
          return std::any_of(any.begin(), any.end(), [&](const std::string& role) { return approves(*a, role); });
        });
        if (!pusher_may && !approved)
          out.push_back(make("approval/missing", r.update.ref, c.id,
                             fmt::format("rollback {} is not proven to be executed by a holder of {}: neither the "
                                         "pusher holds one nor did one approve it",
                                         sha, fmt::join(any, ", ")),
                             fmt::format("push it as the on-call or CDO yourself, or have one of them run:\n{}",
                                         approve_command(c.id, any.front()))));
        continue;
      }
      if (!type) continue;  // the record rules report the missing or unknown type
      const std::string maker = id_of_email(p, c.committer_email);
      std::vector<std::string> needed = type->authorize;
      needed.insert(needed.end(), type->confirm.begin(), type->confirm.end());
      for (const auto& role : needed) {
        const bool ok = std::any_of(valid.begin(), valid.end(), [&](const change::ApprovalFact* a) {
          return approves(*a, role) && a->person != maker;
        });
        if (ok) continue;
        std::vector<std::string> present;
        for (const auto* a : valid) present.push_back(core::printable(a->person));
        out.push_back(make(
            "approval/missing", r.update.ref, c.id,
            fmt::format("release {} has no approval by a holder of `{}` other than who made it ({}); approvals "
                        "present: {}",
                        sha, role, maker.empty() ? "unknown" : core::printable(maker),
                        present.empty() ? std::string("none") : fmt::format("{}", fmt::join(present, ", "))),
            fmt::format("a holder of `{}` ({}) approves this exact commit, logged in as themselves:\n{}", role,
                        holders(p, role), approve_command(c.id, role))));
      }
      // The record names the same people as the proofs.
      std::set<std::string> approvers;
      for (const auto* a : valid) approvers.insert(a->person);
      std::vector<std::string> qa_ids;
      for (const auto& t : message::parse_trailers(c.message)) {
        if (message::key_equals(t.key, names::trailer::qa_signoff)) {
          const auto v = core::trim(t.value);
          qa_ids.emplace_back(v.substr(0, v.find_first_of(" \t")));
          continue;
        }
        if (!message::key_equals(t.key, names::trailer::authorized_by) &&
            !message::key_equals(t.key, names::trailer::confirmed_by))
          continue;
        const auto person = policy::parse_person(t.value);
        if (!person) continue;  // auth/malformed-person
        const std::string id = id_of_email(p, person->email);
        if (!approvers.count(id))
          out.push_back(make("approval/record-mismatch", r.update.ref, c.id,
                             fmt::format("`{}: {}` names someone who has not approved release {}",
                                         core::printable(t.key), core::printable(t.value), sha),
                             fmt::format("{} approves it (release-gate approve {} --push origin), or the line goes",
                                         core::printable(id), sha)));
      }
      // QA verdicts from the QA role's holders, when the policy names any.
      if (p.qa_role.empty() || p.roles.find(p.qa_role) == p.roles.end() || p.roles.at(p.qa_role).empty() ||
          !type->qa_gate)
        continue;
      for (const auto* a : valid) {
        if (!approves(*a, p.qa_role)) continue;
        for (const auto& [id, verdict] : a->qa)
          if (core::to_lower(verdict) != "pass")
            out.push_back(make("approval/qa-failed", r.update.ref, c.id,
                               fmt::format("{} recorded QA `{}` as {} for release {}", core::printable(a->person),
                                           core::printable(id), core::printable(verdict), sha),
                               "fix the failing criteria; the QA holder records a new verdict with\n"
                               "release-gate approve <commit> --qa <id> PASS --push origin"));
      }
      for (const auto& id : qa_ids) {
        const bool backed = std::any_of(valid.begin(), valid.end(), [&](const change::ApprovalFact* a) {
          return approves(*a, p.qa_role) && std::any_of(a->qa.begin(), a->qa.end(), [&](const auto& q) {
                   return q.first == id && core::to_lower(q.second) == "pass";
                 });
        });
        if (!backed)
          out.push_back(make("approval/qa-missing", r.update.ref, c.id,
                             fmt::format("`QA-Signoff: {}` on release {} is not backed by a PASS from a holder of `{}`",
                                         core::printable(id), sha, p.qa_role),
                             fmt::format("a holder of `{}` ({}) runs: release-gate approve {} --qa {} PASS --push origin",
                                         p.qa_role, holders(p, p.qa_role), sha, core::printable(id))));
      }
    }
  }
  return out;
}

} // namespace rg::rules
