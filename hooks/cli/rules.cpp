// release-gate rules | explain <rule> | checklist: what the policy checks, and why.

#include "hooks/cli/command.hpp"
#include "hooks/cli/common.hpp"
#include "lib/core/error.hpp"
#include "lib/core/text.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>

namespace {

struct RulesArgs {
  std::string format = "text";
  std::string config;
  std::string rule;
};

const rg::policy::SecretRule* find_rule(const rg::policy::Policy& p, std::string_view id) {
  if (id.rfind("secrets/", 0) == 0) id.remove_prefix(8);
  for (const auto& r : p.secrets.rules)
    if (r.id == id) return &r;
  return nullptr;
}

int list_rules(const RulesArgs& a) {
  const auto policy = rg::cli::load_policy(a.config, ".");
  if (a.format == "json") {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& r : policy.secrets.rules)
      arr.push_back({{"id", "secrets/" + r.id},
                     {"description", r.description},
                     {"enabled", policy.secrets.disabled.count(r.id) == 0},
                     {"keywords", r.keywords},
                     {"path", r.path},
                     {"origin", r.origin}});
    std::cout << arr.dump(2) << "\n";
    return 0;
  }
  for (const auto& r : policy.secrets.rules)
    std::cout << fmt::format("secrets/{:<40} {}{}\n", r.id, r.description,
                             policy.secrets.disabled.count(r.id) ? " (disabled)" : "");
  std::cout << fmt::format("{} secret rules ({} disabled)\n", policy.secrets.rules.size(),
                           policy.secrets.disabled.size());
  return 0;
}

int explain(const RulesArgs& a) {
  const auto policy = rg::cli::load_policy(a.config, ".");
  const auto* r = find_rule(policy, a.rule);
  if (!r) {
    std::vector<std::string> ids;
    for (const auto& x : policy.secrets.rules) ids.push_back("secrets/" + x.id);
    std::string msg = fmt::format("no rule `{}`", a.rule);
    std::string want = a.rule.rfind("secrets/", 0) == 0 ? a.rule : "secrets/" + a.rule;
    if (auto hint = rg::core::did_you_mean(want, ids)) msg += fmt::format("; did you mean `{}`?", *hint);
    else msg += "; `release-gate rules` lists them";
    throw rg::core::UsageError(msg);
  }
  std::cout << fmt::format("secrets/{}: {}\n", r->id, r->description);
  std::cout << fmt::format("  defined at: {}\n", r->origin);
  std::cout << fmt::format("  enabled:    {}\n", policy.secrets.disabled.count(r->id) ? "no (disabled by policy)" : "yes");
  std::cout << fmt::format("  regex:      {}\n", r->regex);
  std::cout << fmt::format("  keywords:   {}\n", fmt::join(r->keywords, ", "));
  if (!r->path.empty()) std::cout << fmt::format("  files:      paths matching {}\n", r->path);
  if (r->min_entropy > 0) std::cout << fmt::format("  entropy:    at least {:.1f} bits per character\n", r->min_entropy);
  std::cout << "  silence:    append `release-gate:allow` to the line, or add the finding's fingerprint to "
            << policy.secrets.ignore_file << "\n";
  return 0;
}

// The SOP's checklist, sections 2-6, with the part of release-gate that enforces each item.
int checklist() {
  struct Item { const char* section; const char* item; const char* how; };
  static const Item items[] = {
      {"2 Technical", "All QA signoffs complete, no open FAIL criteria",
       "QA-Signoff trailers, any FAIL blocks (commit-msg, pre-receive); ready: tech.qa-signoff"},
      {"2 Technical", "No open SEV1 or SEV2 bugs in the affected codebase",
       "ready: tech.no-open-sev (readiness.sources.open_sev: github, gitlab, jira or command); server: ready --attest + readiness.attestation.required"},
      {"2 Technical", "Feature branch merged to main",
       "pre-receive: direct non-merge commits to main refused (hotfix and verified rollback excepted); ready: tech.merged (fast-forwards caught)"},
      {"2 Technical", "Branch deleted, no dangling feature branches",
       "pre-receive: merged work branches must be deleted in the same push; ready: tech.branch-deleted"},
      {"2 Technical", "Credential check passed, no plaintext secrets in changed files",
       "pre-commit (local) and pre-receive (server): secrets rule pack; ready: tech.credentials"},
      {"2 Documentation", "Documentation completion confirmed (documentation-completion signoff)",
       "ready: doc.signoff (Docs-Signoff: from readiness.docs_signoff_role)"},
      {"2 Documentation", "Agent contracts updated if agent capabilities changed",
       "readiness.documentation surface agent-contracts: ready doc.changes, pre-receive doc/missing-docs"},
      {"2 Documentation", "SOPs updated if workflows changed",
       "readiness.documentation surface sops: ready doc.changes, pre-receive doc/missing-docs"},
      {"2 Documentation", "README or integration guide updated if external surface changed",
       "readiness.documentation surface public-api: ready doc.changes, pre-receive doc/missing-docs"},
      {"2 Operational", "Monday.com items for all features marked Done with completion notes",
       "ready: ops.tracker-done (readiness.sources.tracker: monday, jira, github, gitlab or command); server: ready --attest"},
      {"2 Operational", "Rollback plan documented (revert reference, eta, executor)",
       "Rollback-Plan trailer, validated (commit-msg, pre-receive); ready: ops.rollback-plan"},
      {"2 Operational", "Post-release monitoring window defined (who watches what for how long)",
       "Monitoring-Window trailer, minimum per type (commit-msg, pre-receive); ready: ops.monitoring-window"},
      {"3 Authorization", "Routine release: CDO approval", "Authorized-By from a cdo holder (commit-msg, pre-receive); ready: auth.record"},
      {"3 Authorization", "Multi-feature or architectural release: CDO + CEO awareness",
       "CEO-Aware trailer; type inferred from lines of work (pre-receive release/mislabeled-type)"},
      {"3 Authorization", "Hotfix: CDO approves, CEO notified simultaneously", "CEO-Notified trailer (commit-msg, pre-receive)"},
      {"3 Authorization", "Customer-facing offer page or pricing: CMO + CEO confirm",
       "Confirmed-By from cmo and ceo; customer-facing paths force the type (pre-receive)"},
      {"3 Authorization", "Authorization logged in the release commit message",
       "the release record trailers (commit-msg, pre-receive, audit log); ready prints the record to paste"},
      {"3 Authorization", "Authorization logged in the Monday.com item as a completion note", "not enforced by git (a person does it)"},
      {"4 Communication", "Smoke test of primary user paths; RELEASE LIVE post in #agent-handoffs", "not enforced by git (a person does it)"},
      {"4 Communication", "Affected agent notified if agent capabilities changed; CRO told if customer-facing",
       "not enforced by git; ready's doc.changes names the agent-contract and public surfaces that changed"},
      {"5 Monitoring", "24 h standard, 4 h hotfix, 48 h architecture monitoring window",
       "Monitoring-Window minimum per type (release.types.*.monitoring_min)"},
      {"5 Monitoring", "Monitoring results logged in the Monday.com item", "not enforced by git (a person does it)"},
      {"6 Rollback", "git revert {commit}, never force-push",
       "release-rollback writes verified reverts; pre-receive refuses non-fast-forward updates of main and verifies rollbacks"},
      {"6 Rollback", "Deploy the revert at once (no QA gate for emergency rollback)", "Release-Type rollback: qa_gate false, may be a direct commit"},
      {"6 Rollback", "File a SEV2 incident report; notify CDO and chief.staff", "Incident trailer required on rollbacks; release-rollback prints the report and notice"},
      {"6 Rollback", "Root cause analysis before re-release", "RCA trailer required on re-releases (pre-receive release/missing-rca)"},
  };
  for (const auto& i : items) std::cout << fmt::format("[{}] {}\n    -> {}\n", i.section, i.item, i.how);
  return 0;
}

void setup_rules(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<RulesArgs>();
  auto* list = app.add_subcommand("rules", "List the secret rules of the policy in force");
  list->add_option("--format", args->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  list->add_option("--config", args->config, "policy file to apply instead of ./.release-gate.yml");
  list->callback([args, &exit_code] { exit_code = list_rules(*args); });

  auto* ex = app.add_subcommand("explain", "Explain one rule: what it matches and how to silence it");
  ex->add_option("rule", args->rule, "rule id, e.g. secrets/aws-access-key-id")->required();
  ex->add_option("--config", args->config, "policy file to apply instead of ./.release-gate.yml");
  ex->callback([args, &exit_code] { exit_code = explain(*args); });

  auto* cl = app.add_subcommand("checklist", "Print the SOP's release-readiness checklist and what enforces each item");
  cl->callback([&exit_code] { exit_code = checklist(); });
}

} // namespace

RG_CLI_COMMAND(setup_rules);
