#include "lib/ready/readiness.hpp"

#include "lib/core/error.hpp"
#include "lib/core/quote.hpp"
#include "lib/core/text.hpp"
#include "lib/message/trailers.hpp"
#include "lib/rules/documentation.hpp"
#include "lib/rules/release_message.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>

namespace rg::ready {

namespace {

namespace trailer = names::trailer;
using message::key_equals;

// A trailer value found in the candidate, with where it came from.
struct Found {
  std::string value;
  std::string from;  ///< "commit 1a2b3c4d5e6f" or "--record"
};

// The release lines found across the candidate's messages (oldest first) and a draft record:
// single-valued lines keep the newest, QA sign-offs the newest per id.
struct Gathered {
  std::vector<Found> types, authorized, confirmed;
  std::map<std::string, Found> single;               // lower-case key -> newest
  std::vector<std::pair<std::string, Found>> qa;     // id -> newest, in first-seen order
};

void gather_message(std::string_view msg, const std::string& from, Gathered& g) {
  for (const auto& t : message::parse_trailers(msg)) {
    const std::string v(core::trim(t.value));
    if (key_equals(t.key, trailer::release_type)) g.types.push_back({v, from});
    else if (key_equals(t.key, trailer::authorized_by) || key_equals(t.key, trailer::confirmed_by)) {
      auto& list = key_equals(t.key, trailer::authorized_by) ? g.authorized : g.confirmed;
      if (std::none_of(list.begin(), list.end(), [&](const Found& f) { return f.value == v; })) list.push_back({v, from});
    } else if (key_equals(t.key, trailer::qa_signoff)) {
      const std::string id = v.substr(0, v.find_first_of(" \t"));
      auto it = std::find_if(g.qa.begin(), g.qa.end(), [&](const auto& p) { return p.first == id; });
      if (it == g.qa.end()) g.qa.emplace_back(id, Found{v, from});
      else it->second = Found{v, from};
    } else {
      g.single[core::to_lower(t.key)] = {v, from};
    }
  }
}

const Found* single(const Gathered& g, std::string_view key) {
  auto it = g.single.find(core::to_lower(key));
  return it == g.single.end() ? nullptr : &it->second;
}

bool has_word(std::string_view text, std::string_view word) {
  const std::string t = core::to_lower(text), w = core::to_lower(word);
  for (size_t pos = t.find(w); pos != std::string::npos; pos = t.find(w, pos + 1)) {
    const bool left = pos == 0 || !std::isalnum((unsigned char)t[pos - 1]);
    const bool right = pos + w.size() >= t.size() || !std::isalnum((unsigned char)t[pos + w.size()]);
    if (left && right) return true;
  }
  return false;
}

bool placeholder_roles(const policy::ReleasePolicy& rel, const std::vector<std::string>& roles) {
  for (const auto& r : roles) {
    auto it = rel.roles.find(r);
    if (it == rel.roles.end()) continue;
    for (const auto& p : it->second)
      if (core::to_lower(p.email).ends_with(".invalid")) return true;
  }
  return false;
}

std::string holders(const policy::ReleasePolicy& rel, const std::string& role) {
  auto it = rel.roles.find(role);
  if (it == rel.roles.end() || it->second.empty()) return fmt::format("role `{}` (nobody holds it)", role);
  std::vector<std::string> names;
  for (const auto& p : it->second) names.push_back(p.name.empty() ? "<" + p.email + ">" : p.name + " <" + p.email + ">");
  return fmt::format("{}: {}", role, fmt::join(names, ", "));
}

constexpr std::string_view kRolesNotConfigured =
    "release roles are not configured in this clone: the shipped placeholders (…@example.invalid) are in force";
constexpr std::string_view kGetPolicy =
    "get the team's policy: copy the server's release-gate.yml to .release-gate.yml at the top of this clone\n"
    "(or point RELEASE_GATE_CONFIG at it), then run `release-gate ready` again";

Item make(std::string id, std::string gate, std::string title, const policy::ReadinessPolicy& rp) {
  Item i;
  i.required = rp.is_required(id);
  i.id = std::move(id);
  i.gate = std::move(gate);
  i.title = std::move(title);
  return i;
}

// Which item a record finding belongs to.
std::string item_for(const core::Finding& f) {
  if (f.rule.rfind("release/qa-", 0) == 0) return "tech.qa-signoff";
  if (f.rule.rfind("release/rollback-plan", 0) == 0) return "ops.rollback-plan";
  if (f.rule.rfind("release/monitoring-", 0) == 0) return "ops.monitoring-window";
  if (f.rule == "release/template-placeholder" || f.rule == "release/missing-trailer" || f.rule == "release/empty-trailer") {
    if (f.message.find(trailer::qa_signoff) != std::string::npos) return "tech.qa-signoff";
    if (f.message.find(trailer::rollback_plan) != std::string::npos) return "ops.rollback-plan";
    if (f.message.find(trailer::monitoring_window) != std::string::npos) return "ops.monitoring-window";
  }
  return "auth.record";
}

Item source_item(std::string id, std::string gate, std::string title, std::string_view source_name,
                 const policy::Policy& p, const Options& opts, const SourceAsk& ask, std::string_view fail_next) {
  Item i = make(std::move(id), std::move(gate), std::move(title), p.readiness);
  const policy::Source* s = p.readiness.find_source(source_name);
  if (!s) {
    i.status = Status::missing;
    i.evidence.push_back(fmt::format("no source configured (readiness.sources.{})", source_name));
    i.next = fmt::format("configure readiness.sources.{} (command, monday, github, gitlab or jira; docs/release-policy.md),\n"
                         "or check it by hand and leave `{}` out of readiness.required",
                         source_name, i.id);
    return i;
  }
  if (!opts.external) {
    i.status = Status::unknown;
    i.evidence.push_back(fmt::format("{} ({}) not asked: --no-external", s->name, policy::to_string(s->provider)));
    i.next = "run without --no-external where the source can be reached";
    return i;
  }
  const providers::Result r = ask(*s);
  i.evidence.push_back(r.summary);
  for (const auto& d : r.details) i.evidence.push_back(d);
  switch (r.status) {
    case providers::Status::pass: i.status = Status::pass; break;
    case providers::Status::fail:
      i.status = Status::fail;
      i.next = std::string(fail_next);
      break;
    case providers::Status::unknown:
      i.status = Status::unknown;
      i.next = fmt::format("fix access to readiness.sources.{} ({}) and run `release-gate ready` again", s->name, s->where);
      break;
  }
  return i;
}

} // namespace

std::string_view to_string(Status s) {
  switch (s) {
    case Status::pass: return "pass";
    case Status::fail: return "fail";
    case Status::missing: return "missing";
    case Status::unknown: return "unknown";
  }
  return "?";
}

Report evaluate(const Candidate& c, const policy::Policy& p, const Options& opts, const SourceAsk& ask) {
  const auto& rel = p.release;
  const auto& rp = p.readiness;
  Report rep;
  rep.candidate = c.label;
  rep.base = c.base_label;
  rep.tip = c.tip_id;
  rep.commits = c.commits.size();

  Gathered g;
  for (const auto& cc : c.commits) gather_message(cc.message, "commit " + cc.id.substr(0, 12), g);
  if (!opts.record_text.empty()) gather_message(opts.record_text, "--record", g);

  // The release type: asked for, else declared, else inferred from the change as the server does.
  const policy::ReleaseType* type = nullptr;
  if (opts.type) {
    type = rel.find_type(*opts.type);
    if (!type) {
      std::string msg = fmt::format("unknown release type `{}`", core::printable(*opts.type));
      if (auto h = core::did_you_mean(*opts.type, rel.type_names())) msg += fmt::format("; did you mean `{}`?", *h);
      else msg += fmt::format("; valid types: {}", fmt::join(rel.type_names(), ", "));
      throw core::UsageError(msg);
    }
    rep.type_reason = "--type";
  } else if (!g.types.empty() && rel.find_type(g.types.back().value)) {
    type = rel.find_type(g.types.back().value);
    rep.type_reason = "declared in " + g.types.back().from;
  } else {
    std::vector<std::string> facing;
    for (const auto& path : c.changed_paths)
      for (const auto& glob : rel.customer_facing_paths)
        if (core::glob_match(core::to_lower(glob), core::to_lower(path))) facing.push_back(path);
    if (!facing.empty() && rel.find_type(rel.customer_facing_type)) {
      type = rel.find_type(rel.customer_facing_type);
      rep.type_reason = fmt::format("inferred: customer-facing path {}", core::quote_name(facing.front()));
    } else if (c.lines_of_work >= rel.multi_feature_min_branches && !rel.multi_feature_types.empty() &&
               rel.find_type(rel.multi_feature_types.front())) {
      type = rel.find_type(rel.multi_feature_types.front());
      rep.type_reason = fmt::format("inferred: {} lines of work", c.lines_of_work);
    } else {
      type = rel.find_type("routine");
      if (!type && !rel.types.empty()) type = &rel.types.front();
      rep.type_reason = fmt::format("inferred: {} line{} of work, no customer-facing path", c.lines_of_work,
                                    c.lines_of_work == 1 ? "" : "s");
    }
  }
  if (!type) throw core::ConfigError("the policy defines no release types");
  rep.type = type->name;

  // The record: what was found, else the line to fill in.
  std::vector<std::string> lines;
  auto add = [&](std::string_view key, const std::string& value) { lines.push_back(fmt::format("{}: {}", key, value)); };
  auto suggest = [&](std::string_view key, std::string_view role = {}) {
    lines.push_back(rules::suggested_line(key, *type, rel, role));
  };
  add(trailer::release_type, type->name);
  const bool wants_auth = !type->authorize.empty() || !type->authorize_any.empty() ||
                          std::any_of(type->require.begin(), type->require.end(), [](const std::string& k) { return key_equals(k, trailer::authorized_by); });
  if (!g.authorized.empty()) for (const auto& f : g.authorized) add(trailer::authorized_by, f.value);
  else if (wants_auth) {
    if (!type->authorize.empty()) for (const auto& r : type->authorize) suggest(trailer::authorized_by, r);
    else suggest(trailer::authorized_by, type->authorize_any.empty() ? std::string_view{} : std::string_view(type->authorize_any.front()));
  }
  if (!g.confirmed.empty()) for (const auto& f : g.confirmed) add(trailer::confirmed_by, f.value);
  else for (const auto& r : type->confirm) suggest(trailer::confirmed_by, r);
  for (std::string_view key : {trailer::ceo_aware, trailer::ceo_notified, trailer::rollback_of, trailer::incident}) {
    const bool req = std::any_of(type->require.begin(), type->require.end(), [&](const std::string& k) { return key_equals(k, key); });
    if (const Found* f = single(g, key)) add(key, f->value);
    else if (req) suggest(key);
  }
  if (type->qa_gate) {
    if (!g.qa.empty()) for (const auto& [id, f] : g.qa) add(trailer::qa_signoff, f.value);
    else suggest(trailer::qa_signoff);
  }
  for (std::string_view key : {trailer::rollback_plan, trailer::monitoring_window}) {
    if (const Found* f = single(g, key)) add(key, f->value);
    else suggest(key);
  }
  if (const Found* f = single(g, rel.rca_trailer)) add(rel.rca_trailer, f->value);
  if (const Found* f = single(g, trailer::docs_signoff)) add(trailer::docs_signoff, f->value);
  else if (!rp.docs_signoff_role.empty()) lines.push_back(fmt::format("{}: <{} who confirmed the docs>", trailer::docs_signoff, rp.docs_signoff_role));
  rep.record = fmt::format("{}\n", fmt::join(lines, "\n"));

  // The record checked exactly as commit-msg and pre-receive will check the merge commit.
  rules::ReleaseContext ctx;
  ctx.author_name = c.merger_name;
  ctx.author_email = c.merger_email;
  ctx.changed_paths = c.changed_paths;
  ctx.merged_feature_branches = c.lines_of_work;
  const std::string merge_message = fmt::format("Release {}\n\n{}", c.label, rep.record);
  std::map<std::string, std::vector<core::Finding>> by_item;
  for (auto& f : rules::check_release_message(merge_message, ctx, rel))
    if (f.severity == core::Severity::error) by_item[item_for(f)].push_back(std::move(f));
  auto apply_findings = [&](Item& i) {
    auto it = by_item.find(i.id);
    if (it == by_item.end() || i.status == Status::missing) return;
    bool only_placeholders = true;
    for (const auto& f : it->second) {
      i.evidence.push_back(fmt::format("{} [{}]", f.message, f.rule));
      only_placeholders = only_placeholders && (f.rule == "release/template-placeholder" || f.rule == "release/missing-trailer");
    }
    i.status = only_placeholders ? Status::missing : Status::fail;
    if (i.next.empty()) i.next = it->second.front().fix;
  };

  // Technical gate.
  {
    Item i = make("tech.qa-signoff", "technical", "All QA sign-offs complete, no open FAIL criteria", rp);
    if (!type->qa_gate) {
      i.status = Status::pass;
      i.evidence.push_back(fmt::format("no QA gate for Release-Type {}", type->name));
    } else if (g.qa.empty()) {
      i.status = Status::missing;
      i.evidence.push_back("no QA-Signoff line in the candidate's commits");
      i.next = "ask QA to sign off (SOP-DEV-qa-signoff-v1.0) and record it on the branch:\n"
               "git commit --allow-empty -m \"QA sign-off\" -m \"QA-Signoff: <qa-id> PASS\"";
    } else {
      std::vector<std::string> failed;
      for (const auto& [id, f] : g.qa) {
        const bool fail = has_word(f.value, "FAIL");
        i.evidence.push_back(fmt::format("QA-Signoff: {} ({}){}", core::printable(f.value), f.from, fail ? " — FAIL" : ""));
        if (fail) failed.push_back(core::printable(id));
      }
      i.status = failed.empty() ? Status::pass : Status::fail;
      if (!failed.empty())
        i.next = fmt::format("fix what {} failed, have QA re-run it and record the new result on the branch:\n"
                             "git commit --allow-empty -m \"QA sign-off\" -m \"QA-Signoff: {} PASS\"",
                             fmt::join(failed, ", "), failed.front());
    }
    apply_findings(i);
    rep.items.push_back(std::move(i));
  }
  rep.items.push_back(source_item("tech.no-open-sev", "technical", "No open SEV1 or SEV2 bugs in the affected codebase",
                                  "open_sev", p, opts, ask,
                                  "fix or re-triage the open SEV1/SEV2 bugs listed (SOP-DEV-bug-triage-v1.0), then run `release-gate ready` again"));
  {
    Item i = make("tech.merged", "technical", "Feature branch merged to main (SOP-DEV-implementation-workflow-v1.0 phase 7)", rp);
    if (!c.merged_by.empty()) {
      i.status = Status::pass;
      i.evidence.push_back(fmt::format("release merge {} brings {} commits into {}", c.merged_by.substr(0, 12), c.commits.size(), c.base_label));
    } else if (c.fast_forwarded) {
      i.status = Status::fail;
      i.evidence.push_back(fmt::format("{} is already in {}'s history without a merge commit: git fast-forwarded it", c.label, c.base_label));
      i.next = fmt::format("undo the fast-forward (git reset --keep ORIG_HEAD on {0}) and merge with a merge commit:\n"
                           "git merge --no-ff {1}   (the release record goes in that merge's message)", c.base_label, c.label);
    } else if (c.commits.empty()) {
      i.status = Status::fail;
      i.evidence.push_back(fmt::format("{} has no commits {} lacks", c.label, c.base_label));
      i.next = "nothing to release: name the branch that holds the release";
    } else if (!c.conflicts.empty()) {
      i.status = Status::fail;
      std::vector<std::string> shown;
      for (const auto& path : c.conflicts) shown.push_back(core::quote_name(path));
      i.evidence.push_back(fmt::format("merging into {} conflicts in {}", c.base_label, fmt::join(shown, ", ")));
      i.next = fmt::format("merge {0} into {1} (or rebase it) and resolve the conflicts, then run ready again", c.base_label, c.label);
    } else {
      i.status = Status::pass;
      i.evidence.push_back(fmt::format("{} ({} commit{}) merges into {} without conflicts", c.label, c.commits.size(),
                                       c.commits.size() == 1 ? "" : "s", c.base_label));
      i.next = fmt::format("merge with a merge commit carrying the record below: git merge --no-ff {}", c.label);
    }
    rep.items.push_back(std::move(i));
  }
  {
    Item i = make("tech.branch-deleted", "technical", "Branch deleted, no dangling feature branches", rp);
    if (c.left_behind.empty()) {
      i.status = Status::pass;
      i.evidence.push_back(fmt::format("no other work branch is fully merged into {}", c.base_label));
    } else {
      i.status = Status::fail;
      i.evidence.push_back(fmt::format("merged into {} and not deleted: {}", c.base_label, fmt::join(c.left_behind, ", ")));
      std::vector<std::string> dels;
      for (const auto& b : c.left_behind) dels.push_back(":" + b);
      i.next = fmt::format("delete them: git push origin {}", fmt::join(dels, " "));
    }
    if (!c.branch_ref.empty() && i.status == Status::pass)
      i.next = fmt::format("delete {0} in the same push as the merge: git push --atomic origin {1} :{0}",
                           c.branch_ref.substr(11), c.base_label);
    rep.items.push_back(std::move(i));
  }
  {
    Item i = make("tech.credentials", "technical", "Credential check passed: no plaintext secrets in changed files", rp);
    if (c.secrets.empty()) {
      i.status = Status::pass;
      i.evidence.push_back(fmt::format("no secrets in the lines and messages of {} commit{}", c.commits.size(), c.commits.size() == 1 ? "" : "s"));
    } else {
      i.status = Status::fail;
      for (const auto& f : c.secrets)
        i.evidence.push_back(fmt::format("{}{} {} [{}] in commit {}", core::quote_name(f.where.path),
                                         f.where.line ? fmt::format(":{}", f.where.line) : std::string(), f.match,
                                         f.rule, f.where.commit.substr(0, 12)));
      i.next = "remove the secrets from the branch's history (git rebase -i), rotate the credentials;\n"
               "`release-gate scan --range " + c.base_id.substr(0, 12) + ".." + c.tip_id.substr(0, 12) + "` lists them";
    }
    rep.items.push_back(std::move(i));
  }

  // Documentation gate.
  {
    Item i = make("doc.changes", "documentation", "Agent contracts, SOPs, README / integration guide updated where surfaces changed", rp);
    const auto checks = rules::check_docs(c.changed_paths, rp.documentation);
    std::vector<const rules::DocCheck*> gaps;
    for (const auto& k : checks) {
      if (!k.triggered()) continue;
      if (k.satisfied()) {
        std::vector<std::string> docs;
        for (const auto& d : k.docs) docs.push_back(core::quote_name(d));
        i.evidence.push_back(fmt::format("{}: changed with its docs ({})", k.surface, fmt::join(docs, ", ")));
      } else {
        gaps.push_back(&k);
        i.evidence.push_back(rules::describe_gap(k));
      }
    }
    if (gaps.empty()) {
      i.status = Status::pass;
      if (i.evidence.empty()) i.evidence.push_back(rp.documentation.empty() ? "no documentation rules (readiness.documentation)"
                                                                             : "no documented surface changed");
    } else {
      i.status = Status::fail;
      std::vector<std::string> want;
      for (const auto* k : gaps) want.push_back(fmt::format("{} ({})", k->surface, fmt::join(k->expected, " or ")));
      i.next = fmt::format("update the docs on {}: {}; the server refuses the release without them", c.label, fmt::join(want, "; "));
    }
    rep.items.push_back(std::move(i));
  }
  {
    Item i = make("doc.signoff", "documentation", "Documentation completion confirmed (SOP-DEV-documentation-completion-v1.0)", rp);
    const std::string& role = rp.docs_signoff_role;
    if (const Found* f = single(g, trailer::docs_signoff)) {
      const auto person = policy::parse_person(f->value);
      i.evidence.push_back(fmt::format("Docs-Signoff: {} ({})", core::printable(f->value), f->from));
      if (!person) {
        i.status = Status::fail;
        i.next = "write it as `Docs-Signoff: Name <email>`";
      } else if (!role.empty() && rel.roles.count(role) && !rel.holds_role(person->email, role)) {
        i.status = Status::fail;
        i.next = fmt::format("the docs sign-off must come from {}", holders(rel, role));
      } else {
        i.status = Status::pass;
      }
    } else {
      i.status = Status::missing;
      i.evidence.push_back("no Docs-Signoff line in the candidate's commits");
      i.next = placeholder_roles(rel, {role}) ? std::string(kGetPolicy)
                                              : fmt::format("ask the documentation owner ({}) to confirm and record it on the branch:\n"
                                                            "git commit --allow-empty -m \"Docs sign-off\" -m \"Docs-Signoff: Name <email>\"",
                                                            holders(rel, role));
    }
    rep.items.push_back(std::move(i));
  }

  // Operational gate.
  rep.items.push_back(source_item("ops.tracker-done", "operational", "Monday.com items for all features in this release marked Done",
                                  "tracker", p, opts, ask,
                                  "finish the items listed and mark them Done with completion notes, then run `release-gate ready` again"));
  for (auto [id, key, title] : {std::tuple{"ops.rollback-plan", trailer::rollback_plan,
                                           "Rollback plan documented (revert reference, estimated revert time, who executes)"},
                                std::tuple{"ops.monitoring-window", trailer::monitoring_window,
                                           "Post-release monitoring window defined (who watches, for how long)"}}) {
    Item i = make(id, "operational", title, rp);
    if (const Found* f = single(g, key)) {
      i.status = Status::pass;
      i.evidence.push_back(fmt::format("{}: {} ({})", key, core::printable(f->value), f->from));
    } else {
      i.status = Status::missing;
      i.evidence.push_back(fmt::format("no {} line in the candidate's commits", key));
      i.next = fmt::format("write it on the branch (or in the merge's record): {}", rules::suggested_line(key, *type, rel));
    }
    apply_findings(i);
    rep.items.push_back(std::move(i));
  }

  // The authorization record (SOP section 3): the rest of what commit-msg and pre-receive check.
  {
    Item i = make("auth.record", "authorization", fmt::format("Release record complete for Release-Type {} (SOP section 3)", type->name), rp);
    std::vector<std::string> roles = type->authorize;
    roles.insert(roles.end(), type->confirm.begin(), type->confirm.end());
    roles.insert(roles.end(), type->authorize_any.begin(), type->authorize_any.end());
    i.status = Status::pass;
    i.evidence.push_back(fmt::format("Release-Type {} ({})", type->name, rep.type_reason));
    if (placeholder_roles(rel, roles)) {
      i.status = Status::missing;
      i.evidence.push_back(std::string(kRolesNotConfigured));
      i.next = std::string(kGetPolicy);
    } else {
      apply_findings(i);
      if (i.status == Status::pass)
        i.next = "the authorizers named in the record must approve before the merge";
    }
    rep.items.push_back(std::move(i));
  }

  // Verified authorization: which approvals are present and which are missing (the server
  // needs one per required role, from a holder other than who made the commit).
  if (p.server.authorization == policy::AuthorizationMode::verified) {
    Item i = make("auth.approvals", "authorization", "Each required role approved by its holder (verified mode)", rp);
    const std::string subject = c.merged_by.empty() ? c.tip_id : c.merged_by;
    std::vector<std::string> roles = type->authorize;
    roles.insert(roles.end(), type->confirm.begin(), type->confirm.end());
    std::vector<std::string> missing;
    for (const auto& role : roles) {
      std::vector<std::string> by;
      for (const auto& a : c.approvals) {
        if (!a.valid) continue;
        const auto held = a.person.front() == '<' ? rel.roles_of(a.person.substr(1, a.person.size() - 2))
                                                  : rel.roles_of_person(a.person);
        if (std::find(held.begin(), held.end(), role) != held.end() &&
            (a.roles.empty() || std::find(a.roles.begin(), a.roles.end(), role) != a.roles.end()))
          by.push_back(core::printable(a.person));
      }
      if (by.empty()) missing.push_back(role);
      i.evidence.push_back(by.empty() ? fmt::format("{}: no approval yet", role)
                                      : fmt::format("{}: approved by {}", role, fmt::join(by, ", ")));
    }
    i.status = missing.empty() ? Status::pass : Status::missing;
    if (!missing.empty())
      i.next = fmt::format("{}: release-gate approve {} --role {} --push origin{}",
                           c.merged_by.empty() ? "make the release commit first (the server wants the exact commit), "
                                                 "push it to a release branch, then each holder runs"
                                               : "each holder runs, logged in as themselves",
                           subject.substr(0, 12), fmt::join(missing, " / "),
                           "  (fetch approvals: git fetch origin 'refs/release-gate/*:refs/release-gate/*')");
    rep.items.push_back(std::move(i));
  }

  // Any other configured source is an item of its own.
  for (const auto& s : rp.sources) {
    if (s.name == "open_sev" || s.name == "tracker") continue;
    rep.items.push_back(source_item("ext." + s.name, "external", fmt::format("External check `{}`", s.name), s.name, p, opts,
                                    ask, fmt::format("resolve what readiness.sources.{} reports", s.name)));
  }

  rep.ready = std::all_of(rep.items.begin(), rep.items.end(),
                          [](const Item& i) { return !i.required || i.status == Status::pass; });
  return rep;
}

} // namespace rg::ready
