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

// The SOP's checklist, with the part of release-gate that enforces each item.
int checklist() {
  struct Item { const char* gate; const char* item; const char* how; };
  static const Item items[] = {
      {"Technical", "All QA signoffs complete, no open FAIL criteria", "QA-Signoff trailers; any FAIL blocks (commit-msg, pre-receive)"},
      {"Technical", "No open SEV1 or SEV2 bugs in the affected codebase", "not enforced by git: the release type and authorizer attest it"},
      {"Technical", "Feature branch merged to main", "pre-receive: direct non-merge commits to main refused (hotfix and verified rollback excepted)"},
      {"Technical", "Branch deleted, no dangling feature branches", "pre-receive: merged feature/* branches must be deleted in the same push"},
      {"Technical", "Credential check passed, no plaintext secrets", "pre-commit (local) and pre-receive (server): secrets rule pack"},
      {"Documentation", "Documentation completion confirmed", "not enforced by git"},
      {"Operational", "Rollback plan documented (revert reference, eta, executor)", "Rollback-Plan trailer, validated (commit-msg, pre-receive)"},
      {"Operational", "Post-release monitoring window defined", "Monitoring-Window trailer, minimum per release type (24h/4h/48h)"},
      {"Authorization", "Authorization logged in the release commit message", "Release-Type + Authorized-By/CEO-*/Confirmed-By trailers per the SOP table"},
      {"Rollback", "git revert, never force-push", "release-rollback; pre-receive refuses non-fast-forward updates of main"},
  };
  for (const auto& i : items) std::cout << fmt::format("[{}] {}\n    -> {}\n", i.gate, i.item, i.how);
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
