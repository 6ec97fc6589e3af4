#include "lib/policy/secrets.hpp"

#include "lib/core/text.hpp"
#include "lib/policy/yaml_util.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>

namespace rg::policy {

namespace {

bool valid_id(const std::string& id) {
  if (id.empty() || id.size() > 80) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
  });
}

SecretRule parse_rule(const YAML::Node& n, const std::string& file) {
  check_keys(n, file, "secrets.rules[]",
             {"id", "description", "regex", "secret_group", "keywords", "entropy", "path",
              "placeholders", "examples", "live", "pem_body", "paranoid", "ini_content"});
  SecretRule r;
  r.origin = where(n, file);
  if (!n["id"]) fail(n, file, "rule has no `id`");
  r.id = as_string(n["id"], file, "id");
  if (!valid_id(r.id))
    fail(n["id"], file, fmt::format("rule id `{}` must be lower-case letters, digits, '-', '_' or '.'", r.id));
  if (!n["regex"]) fail(n, file, fmt::format("rule {}: no `regex`", r.id));
  r.regex = as_string(n["regex"], file, "regex");
  if (n["description"]) r.description = as_string(n["description"], file, "description");
  if (n["secret_group"]) r.secret_group = int(as_int(n["secret_group"], file, "secret_group", 0, 20));
  if (n["keywords"]) {
    for (auto& k : as_strings(n["keywords"], file, "keywords")) {
      if (k.empty()) fail(n["keywords"], file, fmt::format("rule {}: empty keyword", r.id));
      r.keywords.push_back(core::to_lower(k));
    }
  }
  if (n["entropy"]) r.min_entropy = as_double(n["entropy"], file, "entropy");
  if (n["path"]) r.path = as_string(n["path"], file, "path");
  if (n["placeholders"]) r.skip_placeholders = as_bool(n["placeholders"], file, "placeholders");
  if (n["live"]) r.live = as_bool(n["live"], file, "live");
  if (n["pem_body"]) r.pem_body = as_bool(n["pem_body"], file, "pem_body");
  if (n["paranoid"]) r.paranoid = as_bool(n["paranoid"], file, "paranoid");
  if (n["ini_content"]) r.ini_content = as_bool(n["ini_content"], file, "ini_content");
  if (auto ex = n["examples"]) {
    check_keys(ex, file, "examples", {"match", "no_match", "path"});
    if (ex["match"]) r.match = as_strings(ex["match"], file, "match");
    if (ex["no_match"]) r.no_match = as_strings(ex["no_match"], file, "no_match");
    if (ex["path"]) r.example_path = as_string(ex["path"], file, "path");
  }
  return r;
}

} // namespace

void parse_secrets_section(const YAML::Node& node, const std::string& file, SecretsPolicy& into) {
  if (!node || node.IsNull()) return;
  check_keys(node, file, "secrets",
             {"version", "rules", "disable", "allowlist", "limits", "ignore_file", "test_credentials"});
  if (auto rules = node["rules"]) {
    if (!rules.IsSequence()) fail(rules, file, "`rules` must be a list of rules");
    // Where matches overlap, the rule listed first reports. A file's new rules go in front of
    // the rules it extends (a team's own rule outranks the pack's generic ones); a rule whose id
    // exists already replaces it in place.
    std::vector<SecretRule> added;
    for (const auto& item : rules) {
      SecretRule r = parse_rule(item, file);
      auto same = std::find_if(into.rules.begin(), into.rules.end(),
                               [&](const SecretRule& x) { return x.id == r.id; });
      if (same != into.rules.end()) *same = std::move(r);
      else added.push_back(std::move(r));
    }
    into.rules.insert(into.rules.begin(), std::make_move_iterator(added.begin()),
                      std::make_move_iterator(added.end()));
  }
  if (auto dis = node["disable"]) {
    std::vector<std::string> ids;
    for (const auto& r : into.rules) ids.push_back(r.id);
    size_t i = 0;
    for (auto& id : as_strings(dis, file, "disable")) {
      const YAML::Node item = dis.IsSequence() ? dis[i] : dis;
      ++i;
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
        std::string msg = fmt::format("`disable`: no rule with id `{}`", id);
        // Reports print ids as `secrets/<id>`; the policy names them without the prefix.
        const std::string bare = id.rfind("secrets/", 0) == 0 ? id.substr(8) : id;
        if (bare != id && std::find(ids.begin(), ids.end(), bare) != ids.end())
          msg += fmt::format("; write it without the `secrets/` prefix: `{}`", bare);
        else if (auto hint = core::did_you_mean(bare, ids)) msg += fmt::format("; did you mean `{}`?", *hint);
        else msg += "; `release-gate rules` lists the ids";
        fail(item, file, msg);
      }
      into.disabled.insert(id);
    }
  }
  if (auto al = node["allowlist"]) {
    check_keys(al, file, "allowlist", {"paths", "secrets", "stopwords"});
    auto add = [&](const char* key, std::vector<std::string>& to) {
      if (al[key])
        for (auto& s : as_strings(al[key], file, key)) to.push_back(s);
    };
    add("paths", into.allow.paths);
    if (al["secrets"]) into.allow.secrets_prevalidated = false;
    add("secrets", into.allow.secrets);
    add("stopwords", into.allow.stopwords);
    for (auto& w : into.allow.stopwords) w = core::to_lower(w);
  }
  if (auto lim = node["limits"]) {
    check_keys(lim, file, "limits", {"max_file_bytes", "max_line_bytes"});
    if (lim["max_file_bytes"])
      into.limits.max_file_bytes =
          uint64_t(as_int(lim["max_file_bytes"], file, "max_file_bytes", 1, 1LL << 40));
    if (lim["max_line_bytes"])
      into.limits.max_line_bytes =
          uint32_t(as_int(lim["max_line_bytes"], file, "max_line_bytes", 256, 1 << 30));
  }
  if (node["ignore_file"]) into.ignore_file = as_string(node["ignore_file"], file, "ignore_file");
  if (auto tc = node["test_credentials"]) {
    const std::string v = as_string(tc, file, "test_credentials");
    if (v == "warning") into.test_credentials = TestCredentials::warning;
    else if (v == "error") into.test_credentials = TestCredentials::error;
    else if (v == "ignore") into.test_credentials = TestCredentials::ignore;
    else fail(tc, file, fmt::format("`test_credentials` must be warning, error or ignore, not `{}`", v));
  }
}

} // namespace rg::policy
