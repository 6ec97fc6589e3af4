#include "lib/policy/readiness.hpp"

#include "lib/core/text.hpp"
#include "lib/policy/yaml_util.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>

namespace rg::policy {

namespace {

struct ProviderName {
  ProviderKind kind;
  std::string_view name;
};
constexpr std::array<ProviderName, 5> kProviders{{{ProviderKind::command, "command"},
                                                  {ProviderKind::monday, "monday"},
                                                  {ProviderKind::github, "github"},
                                                  {ProviderKind::gitlab, "gitlab"},
                                                  {ProviderKind::jira, "jira"}}};

std::string hint(std::string_view word, const std::vector<std::string>& candidates) {
  if (auto h = core::did_you_mean(word, candidates)) return fmt::format("; did you mean `{}`?", *h);
  return fmt::format("; known: {}", fmt::join(candidates, ", "));
}

// Keys each provider reads, so a key meant for another provider is an error with a suggestion
// instead of a silently ignored line.
void check_source_keys(const YAML::Node& n, const std::string& file, const std::string& section, ProviderKind k) {
  switch (k) {
    case ProviderKind::command:
      check_keys(n, file, section, {"provider", "command", "timeout_ms"});
      break;
    case ProviderKind::monday:
      check_keys(n, file, section, {"provider", "api_url", "token_env", "token_file", "board", "group",
                                    "status_column", "done", "timeout_ms", "max_pages"});
      break;
    case ProviderKind::github:
    case ProviderKind::gitlab:
      check_keys(n, file, section, {"provider", "api_url", "token_env", "token_file", "repo", "labels",
                                    "timeout_ms", "max_pages"});
      break;
    case ProviderKind::jira:
      check_keys(n, file, section, {"provider", "api_url", "token_env", "token_file", "user_env", "jql",
                                    "timeout_ms", "max_pages"});
      break;
  }
}

Source parse_source(const std::string& name, const YAML::Node& n, const std::string& file, const Source* base) {
  const std::string section = "readiness.sources." + name;
  if (!n.IsMap()) fail(n, file, fmt::format("`{}` must be a mapping", section));
  Source s = base ? *base : Source{};
  s.name = name;
  s.where = where(n, file);
  if (auto p = n["provider"]) {
    const std::string v = as_string(p, file, "provider");
    auto it = std::find_if(kProviders.begin(), kProviders.end(), [&](const ProviderName& x) { return x.name == v; });
    if (it == kProviders.end()) {
      std::vector<std::string> names;
      for (const auto& x : kProviders) names.emplace_back(x.name);
      fail(p, file, fmt::format("`provider`: unknown provider `{}`{}", v, hint(v, names)));
    }
    if (base && it->kind != base->provider) {  // another provider: nothing of the old one carries over
      const std::string at = s.where;
      s = Source{};
      s.name = name;
      s.where = at;
    }
    s.provider = it->kind;
  } else if (!base) {
    fail(n, file, fmt::format("`{}` needs `provider:` (command, monday, github, gitlab or jira)", section));
  }
  check_source_keys(n, file, section, s.provider);
  if (auto v = n["command"]) s.command = as_strings(v, file, "command");
  if (auto v = n["api_url"]) s.api_url = as_string(v, file, "api_url");
  if (auto v = n["token_env"]) s.token_env = as_string(v, file, "token_env");
  if (auto v = n["token_file"]) s.token_file = as_string(v, file, "token_file");
  if (auto v = n["user_env"]) s.user_env = as_string(v, file, "user_env");
  if (auto v = n["board"]) s.board = as_string(v, file, "board");
  if (auto v = n["group"]) s.group = as_string(v, file, "group");
  if (auto v = n["status_column"]) s.status_column = as_string(v, file, "status_column");
  if (auto v = n["done"]) s.done = as_strings(v, file, "done");
  if (auto v = n["repo"]) s.repo = as_string(v, file, "repo");
  if (auto v = n["labels"]) s.labels = as_strings(v, file, "labels");
  if (auto v = n["jql"]) s.jql = as_string(v, file, "jql");
  if (auto v = n["timeout_ms"]) s.timeout_ms = uint32_t(as_int(v, file, "timeout_ms", 1, 600000));
  if (auto v = n["max_pages"]) s.max_pages = uint32_t(as_int(v, file, "max_pages", 1, 1000));

  // What each provider cannot work without, said where it is configured.
  auto need = [&](bool ok, std::string_view key) {
    if (!ok) fail(n, file, fmt::format("`{}` (provider {}) needs `{}`", section, to_string(s.provider), key));
  };
  switch (s.provider) {
    case ProviderKind::command: need(!s.command.empty(), "command"); break;
    case ProviderKind::monday: need(!s.board.empty(), "board"); break;
    case ProviderKind::github:
    case ProviderKind::gitlab:
      need(!s.repo.empty(), "repo");
      need(!s.labels.empty(), "labels");
      break;
    case ProviderKind::jira:
      need(!s.api_url.empty(), "api_url");
      need(!s.jql.empty(), "jql");
      break;
  }
  if (s.api_url.empty()) {
    if (s.provider == ProviderKind::monday) s.api_url = "https://api.monday.com/v2";
    if (s.provider == ProviderKind::github) s.api_url = "https://api.github.com";
    if (s.provider == ProviderKind::gitlab) s.api_url = "https://gitlab.com";
  }
  return s;
}

} // namespace

std::string_view to_string(ProviderKind k) {
  for (const auto& p : kProviders)
    if (p.kind == k) return p.name;
  return "?";
}

const std::vector<std::string>& readiness_item_ids() {
  static const std::vector<std::string> ids{
      "tech.qa-signoff", "tech.no-open-sev",  "tech.merged",      "tech.branch-deleted",
      "tech.credentials", "doc.changes",      "doc.signoff",      "ops.tracker-done",
      "ops.rollback-plan", "ops.monitoring-window", "auth.record"};
  return ids;
}

const Source* ReadinessPolicy::find_source(std::string_view name) const {
  for (const auto& s : sources)
    if (s.name == name) return &s;
  return nullptr;
}

bool ReadinessPolicy::is_required(std::string_view id) const {
  return required.empty() || std::find(required.begin(), required.end(), id) != required.end();
}

void parse_readiness_section(const YAML::Node& node, const std::string& file, ReadinessPolicy& into) {
  if (!node) return;
  if (node.IsNull()) return;
  check_keys(node, file, "readiness",
             {"required", "documentation", "enforce_documentation", "docs_signoff_role", "sources", "attestation"});

  if (auto s = node["sources"]) {
    if (!s.IsMap()) fail(s, file, "`readiness.sources` must be a mapping of names to sources");
    for (const auto& kv : s) {
      const std::string name = kv.first.Scalar();
      auto it = std::find_if(into.sources.begin(), into.sources.end(), [&](const Source& x) { return x.name == name; });
      Source parsed = parse_source(name, kv.second, file, it == into.sources.end() ? nullptr : &*it);
      if (it == into.sources.end()) into.sources.push_back(std::move(parsed));
      else *it = std::move(parsed);
    }
  }

  if (auto r = node["required"]) {
    // Item ids are checked like keys: a typo would otherwise quietly make an item optional.
    std::vector<std::string> known = readiness_item_ids();
    for (const auto& s : into.sources)
      if (s.name != "open_sev" && s.name != "tracker") known.push_back("ext." + s.name);
    const auto list = as_strings(r, file, "required");
    for (size_t i = 0; i < list.size(); ++i)
      if (std::find(known.begin(), known.end(), list[i]) == known.end())
        fail(r.IsSequence() ? r[i] : r, file, fmt::format("`required`: unknown item id `{}`{}", list[i], hint(list[i], known)));
    into.required = list;
  }

  if (auto d = node["documentation"]) {
    if (!d.IsSequence()) fail(d, file, "`readiness.documentation` must be a list of {surface, when, require}");
    for (const auto& e : d) {
      check_keys(e, file, "readiness.documentation", {"surface", "when", "require"});
      if (!e["surface"]) fail(e, file, "a documentation rule needs `surface:` (the name reports use)");
      DocRule rule;
      rule.surface = as_string(e["surface"], file, "surface");
      if (e["when"]) rule.when = as_strings(e["when"], file, "when");
      if (e["require"]) rule.require = as_strings(e["require"], file, "require");
      auto it = std::find_if(into.documentation.begin(), into.documentation.end(),
                             [&](const DocRule& x) { return x.surface == rule.surface; });
      if (rule.when.empty()) {  // `when: []` switches an inherited rule off
        if (it != into.documentation.end()) into.documentation.erase(it);
        continue;
      }
      if (rule.require.empty())
        fail(e, file, fmt::format("documentation rule `{}` needs `require:` (the docs that must change)", rule.surface));
      if (it == into.documentation.end()) into.documentation.push_back(std::move(rule));
      else *it = std::move(rule);
    }
  }
  if (auto v = node["enforce_documentation"]) into.enforce_documentation = as_bool(v, file, "enforce_documentation");
  if (auto v = node["docs_signoff_role"]) into.docs_signoff_role = as_string(v, file, "docs_signoff_role");

  if (auto a = node["attestation"]) {
    check_keys(a, file, "readiness.attestation", {"required", "ref_prefix", "pushers", "users"});
    if (auto v = a["required"]) into.attestation.required = as_bool(v, file, "required");
    if (auto v = a["ref_prefix"]) {
      into.attestation.ref_prefix = as_string(v, file, "ref_prefix");
      if (into.attestation.ref_prefix.rfind("refs/", 0) != 0 || into.attestation.ref_prefix.back() != '/')
        fail(v, file, "`ref_prefix` must start with `refs/` and end with `/`");
    }
    if (auto v = a["pushers"]) into.attestation.pushers = as_strings(v, file, "pushers");
    if (auto v = a["users"]) into.attestation.users = as_strings(v, file, "users");
  }
}

} // namespace rg::policy
