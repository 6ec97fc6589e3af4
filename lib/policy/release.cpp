#include "lib/policy/release.hpp"

#include "lib/core/text.hpp"
#include "lib/policy/yaml_util.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace rg::policy {

namespace {

bool matches_any(std::string_view ref, const std::vector<std::string>& globs) {
  return std::any_of(globs.begin(), globs.end(),
                     [&](const std::string& g) { return core::glob_match(g, ref); });
}

bool valid_name(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
  });
}

std::string hint(std::string_view word, const std::vector<std::string>& candidates) {
  if (auto h = core::did_you_mean(word, candidates)) return fmt::format("; did you mean `{}`?", *h);
  return fmt::format("; known: {}", fmt::join(candidates, ", "));
}

std::vector<std::string> role_names(const ReleasePolicy& p) {
  std::vector<std::string> out;
  for (const auto& [name, _] : p.roles) out.push_back(name);
  return out;
}

// A list of role names, each of which must be defined in `roles:`.
std::vector<std::string> parse_roles_list(const YAML::Node& n, const std::string& file,
                                          std::string_view key, const ReleasePolicy& p) {
  auto list = as_strings(n, file, key);
  for (size_t i = 0; i < list.size(); ++i) {
    list[i] = core::to_lower(list[i]);
    if (!p.roles.count(list[i])) {
      const YAML::Node item = n.IsSequence() ? n[i] : n;
      fail(item, file, fmt::format("`{}`: no role `{}` in `release.roles`{}", key, list[i],
                                   hint(list[i], role_names(p))));
    }
  }
  return list;
}

void parse_type(const YAML::Node& n, const std::string& file, ReleaseType& t,
                const ReleasePolicy& p) {
  if (n.IsNull()) return;
  check_keys(n, file, fmt::format("release.types.{}", t.name),
             {"description", "authorize", "authorize_any", "confirm", "require", "monitoring_min", "direct_commit",
              "qa_gate"});
  if (n["description"]) t.description = as_string(n["description"], file, "description");
  if (n["authorize"]) t.authorize = parse_roles_list(n["authorize"], file, "authorize", p);
  if (n["authorize_any"]) t.authorize_any = parse_roles_list(n["authorize_any"], file, "authorize_any", p);
  if (n["confirm"]) t.confirm = parse_roles_list(n["confirm"], file, "confirm", p);
  if (auto req = n["require"]) {
    std::vector<std::string> known = known_trailer_keys();
    known.push_back(p.rca_trailer);
    t.require.clear();
    auto list = as_strings(req, file, "require");
    for (size_t i = 0; i < list.size(); ++i) {
      auto it = std::find_if(known.begin(), known.end(), [&](const std::string& k) {
        return core::to_lower(k) == core::to_lower(list[i]);
      });
      if (it == known.end())
        fail(req.IsSequence() ? req[i] : req, file,
             fmt::format("`require`: unknown trailer `{}`{}", list[i], hint(list[i], known)));
      t.require.push_back(*it);
    }
  }
  if (auto m = n["monitoring_min"]) {
    std::string text = as_string(m, file, "monitoring_min");
    if (core::trim(text) == "0") {
      t.monitoring_min_minutes = 0;
    } else if (auto mins = parse_duration_minutes(text)) {
      t.monitoring_min_minutes = *mins;
    } else {
      fail(m, file, fmt::format("`monitoring_min`: `{}` is not a duration (write e.g. 24h, 90m, 2d)", text));
    }
  }
  if (n["direct_commit"]) t.direct_commit = as_bool(n["direct_commit"], file, "direct_commit");
  if (n["qa_gate"]) t.qa_gate = as_bool(n["qa_gate"], file, "qa_gate");
}

} // namespace

std::vector<std::string> known_trailer_keys() {
  return {std::string(trailer::release_type),  std::string(trailer::authorized_by),
          std::string(trailer::ceo_aware),     std::string(trailer::ceo_notified),
          std::string(trailer::confirmed_by),  std::string(trailer::qa_signoff),
          std::string(trailer::rollback_plan), std::string(trailer::monitoring_window),
          std::string(trailer::rollback_of),   std::string(trailer::incident)};
}

std::optional<Person> parse_person(std::string_view text) {
  text = core::trim(text);
  auto lt = text.rfind('<');
  if (lt == std::string_view::npos || text.empty() || text.back() != '>') return std::nullopt;
  std::string_view email = text.substr(lt + 1, text.size() - lt - 2);
  auto at = email.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == email.size()) return std::nullopt;
  if (email.find_first_of(" \t<>") != std::string_view::npos) return std::nullopt;
  // Exactly one address: a name holding another `<...>` or `@` would let a line name two people.
  std::string_view name = core::trim(text.substr(0, lt));
  if (name.find_first_of("<>@") != std::string_view::npos) return std::nullopt;
  return Person{std::string(name), std::string(email), {}};
}

const PersonRecord* ReleasePolicy::person(std::string_view id) const {
  for (const auto& p : people)
    if (p.id == id) return &p;
  return nullptr;
}

const PersonRecord* ReleasePolicy::person_by_email(std::string_view email) const {
  const std::string e = core::to_lower(core::trim(email));
  if (e.empty()) return nullptr;
  for (const auto& p : people)
    if (std::find(p.emails.begin(), p.emails.end(), e) != p.emails.end()) return &p;
  return nullptr;
}

std::vector<std::string> ReleasePolicy::roles_of_person(std::string_view id) const {
  std::vector<std::string> out;
  for (const auto& [role, holders] : roles)
    for (const auto& h : holders)
      if (!h.id.empty() && h.id == id) {
        out.push_back(role);
        break;
      }
  return out;
}

bool ReleasePolicy::is_protected(std::string_view ref) const {
  return matches_any(ref, protected_branches);
}

bool ReleasePolicy::is_release_branch(std::string_view ref) const {
  return matches_any(ref, release_branches);
}

bool ReleasePolicy::is_feature_branch(std::string_view ref) const {
  return matches_any(ref, feature_branches) && !is_protected(ref) && !is_release_branch(ref) &&
         !matches_any(ref, long_lived_branches);
}

const ReleaseType* ReleasePolicy::find_type(std::string_view name) const {
  const std::string want = core::to_lower(core::trim(name));
  for (const auto& t : types)
    if (t.name == want) return &t;
  return nullptr;
}

std::vector<std::string> ReleasePolicy::type_names() const {
  std::vector<std::string> out;
  for (const auto& t : types) out.push_back(t.name);
  return out;
}

std::vector<std::string> ReleasePolicy::roles_of(std::string_view email) const {
  std::vector<std::string> out;
  const std::string want = core::to_lower(core::trim(email));
  for (const auto& [role, holders] : roles)
    for (const auto& person : holders)
      if (!want.empty() && core::to_lower(person.email) == want) {
        out.push_back(role);
        break;
      }
  return out;
}

bool ReleasePolicy::holds_role(std::string_view email, std::string_view role) const {
  auto held = roles_of(email);
  return std::find(held.begin(), held.end(), core::to_lower(role)) != held.end();
}

bool ReleasePolicy::may_push(std::string_view email) const {
  if (push_roles.empty()) return true;
  return std::any_of(push_roles.begin(), push_roles.end(),
                     [&](const std::string& r) { return holds_role(email, r); });
}

std::vector<std::string> ReleasePolicy::direct_commit_types() const {
  std::vector<std::string> out;
  for (const auto& t : types)
    if (t.direct_commit) out.push_back(t.name);
  return out;
}

std::optional<int> parse_duration_minutes(std::string_view text) {
  std::string s = core::to_lower(core::trim(text));
  long long total = 0;
  size_t i = 0;
  bool any = false;
  auto skip_blanks = [&] {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  };
  while (true) {
    skip_blanks();
    if (i == s.size()) break;
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    long long n = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      n = n * 10 + (s[i++] - '0');
      if (n > 1000000) return std::nullopt;
    }
    skip_blanks();
    size_t u = i;
    while (i < s.size() && s[i] >= 'a' && s[i] <= 'z') ++i;
    std::string_view unit = std::string_view(s).substr(u, i - u);
    long long factor = 0;
    if (unit == "m" || unit == "min" || unit == "mins" || unit == "minute" || unit == "minutes")
      factor = 1;
    else if (unit == "h" || unit == "hr" || unit == "hrs" || unit == "hour" || unit == "hours")
      factor = 60;
    else if (unit == "d" || unit == "day" || unit == "days")
      factor = 24 * 60;
    else
      return std::nullopt;
    total += n * factor;
    any = true;
    if (total > 366LL * 24 * 60) return std::nullopt;
  }
  if (!any || total == 0) return std::nullopt;
  return int(total);
}

std::string format_minutes(int minutes) {
  if (minutes % (24 * 60) == 0 && minutes >= 48 * 60) return fmt::format("{}d", minutes / (24 * 60));
  if (minutes % 60 == 0) return fmt::format("{}h", minutes / 60);
  if (minutes > 60) return fmt::format("{}h{}m", minutes / 60, minutes % 60);
  return fmt::format("{}m", minutes);
}

void parse_release_section(const YAML::Node& node, const std::string& file, ReleasePolicy& into) {
  if (!node || node.IsNull()) return;
  check_keys(node, file, "release",
             {"protected_branches", "release_branches", "feature_branches", "long_lived_branches", "people",
              "verified_email_hosts", "qa_role", "roles", "types",
              "push_roles", "separation_of_duties", "customer_facing", "multi_feature", "rca"});
  if (node["protected_branches"])
    into.protected_branches = as_strings(node["protected_branches"], file, "protected_branches");
  if (node["release_branches"])
    into.release_branches = as_strings(node["release_branches"], file, "release_branches");
  if (node["feature_branches"])
    into.feature_branches = as_strings(node["feature_branches"], file, "feature_branches");
  if (node["long_lived_branches"])
    into.long_lived_branches = as_strings(node["long_lived_branches"], file, "long_lived_branches");

  // Order matters: roles before the types and lists that name them; rca before `require`.
  if (auto rca = node["rca"]) {
    check_keys(rca, file, "release.rca", {"trailer", "required_for_re_release"});
    if (rca["trailer"]) {
      std::string t = as_string(rca["trailer"], file, "trailer");
      // git reads a key only if it is ASCII letters, digits and '-'.
      bool ok = !t.empty() && std::all_of(t.begin(), t.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
      });
      if (!ok)
        fail(rca["trailer"], file, fmt::format("`trailer`: `{}` is not a trailer key (ASCII letters, digits, '-')", t));
      into.rca_trailer = t;
    }
    if (rca["required_for_re_release"])
      into.rca_required_for_re_release =
          as_bool(rca["required_for_re_release"], file, "required_for_re_release");
  }
  if (auto people = node["people"]) {
    if (!people.IsMap()) fail(people, file, "`people` must map a person id to their name, emails and logins");
    for (const auto& kv : people) {
      PersonRecord rec;
      rec.id = kv.first.Scalar();
      if (!valid_name(rec.id))
        fail(kv.first, file, fmt::format("person id `{}` must be lower-case letters, digits, '-', '_' or '.'", rec.id));
      const auto& n = kv.second;
      if (!n.IsMap()) fail(n, file, fmt::format("person `{}`: expected a mapping with name, emails, logins", rec.id));
      check_keys(n, file, "release.people." + rec.id, {"name", "emails", "logins"});
      if (n["name"]) rec.name = as_string(n["name"], file, "name");
      if (n["emails"])
        for (const auto& e : as_strings(n["emails"], file, "emails")) {
          if (!parse_person("<" + e + ">")) fail(n["emails"], file, fmt::format("person `{}`: `{}` is not an e-mail address", rec.id, e));
          rec.emails.push_back(core::to_lower(e));
        }
      if (auto logins = n["logins"]) {
        if (!logins.IsMap()) fail(logins, file, "`logins` must map a host kind (gitlab, github, gitea, gitolite, http) to a login");
        std::vector<std::string> kinds(std::begin(host_kinds), std::end(host_kinds));
        for (const auto& l : logins) {
          const std::string kind = l.first.Scalar();
          if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end())
            fail(l.first, file, fmt::format("unknown host kind `{}`{}; one of: {}", kind, hint(kind, kinds), fmt::join(kinds, ", ")));
          rec.logins[kind] = as_string(l.second, file, kind);
        }
      }
      if (rec.emails.empty() && rec.logins.empty())
        fail(n, file, fmt::format("person `{}` has no e-mail and no login: nothing could identify them", rec.id));
      auto it = std::find_if(into.people.begin(), into.people.end(), [&](const PersonRecord& p) { return p.id == rec.id; });
      if (it != into.people.end()) *it = std::move(rec);
      else into.people.push_back(std::move(rec));
    }
  }
  if (node["verified_email_hosts"])
    into.verified_email_hosts = as_strings(node["verified_email_hosts"], file, "verified_email_hosts");
  if (node["qa_role"]) into.qa_role = as_string(node["qa_role"], file, "qa_role");
  if (auto roles = node["roles"]) {
    if (!roles.IsMap()) fail(roles, file, "`roles` must map a role name to a list of person ids or `Name <email>`");
    for (const auto& kv : roles) {
      std::string role = kv.first.Scalar();
      if (!valid_name(role))
        fail(kv.first, file, fmt::format("role name `{}` must be lower-case letters, digits, '-', '_' or '.'", role));
      std::vector<Person> people;
      auto list = as_strings(kv.second, file, role);
      for (size_t i = 0; i < list.size(); ++i) {
        if (list[i].find('<') == std::string::npos) {  // a person id
          const PersonRecord* rec = into.person(list[i]);
          if (!rec)
            fail(kv.second.IsSequence() ? kv.second[i] : kv.second, file,
                 fmt::format("role `{}`: no person `{}` under `people` (or write `Name <email>`)", role, list[i]));
          for (const auto& e : rec->emails) people.push_back(Person{rec->name, e, rec->id});
          if (rec->emails.empty()) people.push_back(Person{rec->name, "", rec->id});
          continue;
        }
        auto person = parse_person(list[i]);
        if (!person)
          fail(kv.second.IsSequence() ? kv.second[i] : kv.second, file,
               fmt::format("role `{}`: `{}` is not a person id or `Name <email>`", role, list[i]));
        if (const PersonRecord* rec = into.person_by_email(person->email)) person->id = rec->id;
        people.push_back(*person);
      }
      into.roles[role] = std::move(people);
    }
  }
  if (auto types = node["types"]) {
    if (!types.IsMap()) fail(types, file, "`types` must map a release type name to its rules");
    for (const auto& kv : types) {
      std::string name = kv.first.Scalar();
      if (!valid_name(name))
        fail(kv.first, file, fmt::format("release type `{}` must be lower-case letters, digits, '-', '_' or '.'", name));
      auto it = std::find_if(into.types.begin(), into.types.end(),
                             [&](const ReleaseType& t) { return t.name == name; });
      if (it == into.types.end()) {
        into.types.push_back(ReleaseType{});
        it = std::prev(into.types.end());
        it->name = name;
      }
      parse_type(kv.second, file, *it, into);
    }
  }
  if (node["push_roles"]) into.push_roles = parse_roles_list(node["push_roles"], file, "push_roles", into);
  if (node["separation_of_duties"])
    into.separation_of_duties = as_bool(node["separation_of_duties"], file, "separation_of_duties");

  auto check_type = [&](const YAML::Node& n, const std::string& name, std::string_view key) {
    if (!into.find_type(name))
      fail(n, file, fmt::format("`{}`: no release type `{}`{}", key, name, hint(name, into.type_names())));
  };
  if (auto cf = node["customer_facing"]) {
    check_keys(cf, file, "release.customer_facing", {"paths", "type"});
    if (cf["paths"]) into.customer_facing_paths = as_strings(cf["paths"], file, "paths");
    if (cf["type"]) {
      into.customer_facing_type = core::to_lower(as_string(cf["type"], file, "type"));
      check_type(cf["type"], into.customer_facing_type, "type");
    }
  }
  if (auto mf = node["multi_feature"]) {
    check_keys(mf, file, "release.multi_feature", {"min_branches", "types"});
    if (mf["min_branches"])
      into.multi_feature_min_branches = size_t(as_int(mf["min_branches"], file, "min_branches", 2, 1000));
    if (auto ts = mf["types"]) {
      into.multi_feature_types.clear();
      auto list = as_strings(ts, file, "types");
      for (size_t i = 0; i < list.size(); ++i) {
        std::string name = core::to_lower(list[i]);
        check_type(ts.IsSequence() ? ts[i] : ts, name, "types");
        into.multi_feature_types.push_back(name);
      }
    }
  }
}

} // namespace rg::policy
