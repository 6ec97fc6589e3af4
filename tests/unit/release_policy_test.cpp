// The release section of the policy: defaults from rules/release-policy.yml, overrides, errors.

#include "lib/core/error.hpp"
#include "lib/policy/policy.hpp"
#include "lib/policy/release.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace rg::policy;

namespace {

std::string config_error(const std::string& yaml) {
  Policy p = default_policy();
  try {
    apply_text(p, yaml, "team.yml");
  } catch (const rg::core::ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

} // namespace

TEST_SUITE("release-policy") {

TEST_CASE("defaults encode the SOP table") {
  const ReleasePolicy r = default_policy().release;
  CHECK(r.type_names() == std::vector<std::string>{"routine", "multi-feature", "architecture", "hotfix",
                                                    "customer-facing", "rollback"});
  CHECK(r.find_type("routine")->authorize == std::vector<std::string>{"cdo"});
  CHECK(r.find_type("routine")->monitoring_min_minutes == 24 * 60);
  CHECK(r.find_type("HOTFIX")->monitoring_min_minutes == 4 * 60);
  CHECK(r.find_type("architecture")->monitoring_min_minutes == 48 * 60);
  CHECK(r.find_type("customer-facing")->confirm == std::vector<std::string>{"cmo", "ceo"});
  CHECK(r.find_type("rollback")->require == std::vector<std::string>{"Rollback-Of", "Incident", "Authorized-By"});
  CHECK_FALSE(r.find_type("rollback")->qa_gate);
  CHECK(r.direct_commit_types() == std::vector<std::string>{"hotfix", "rollback"});
  const auto& mf = r.find_type("multi-feature")->require;
  CHECK(std::find(mf.begin(), mf.end(), "CEO-Aware") != mf.end());
  const auto& hf = r.find_type("hotfix")->require;
  CHECK(std::find(hf.begin(), hf.end(), "CEO-Notified") != hf.end());
  CHECK(r.separation_of_duties);
  CHECK(r.rca_trailer == "RCA");
  CHECK(r.push_roles == std::vector<std::string>{"cdo", "release-manager"});
  CHECK(r.find_type("nope") == nullptr);
  // The shipped roles are placeholders nobody can receive mail at.
  for (const auto& [role, people] : r.roles)
    for (const auto& person : people) CHECK(person.email.find("example.invalid") != std::string::npos);
}

TEST_CASE("branch helpers") {
  const ReleasePolicy r = default_policy().release;
  CHECK(r.is_protected("refs/heads/main"));
  CHECK_FALSE(r.is_protected("refs/heads/main2"));
  CHECK(r.is_release_branch("refs/heads/release/2.0"));
  CHECK_FALSE(r.is_release_branch("refs/heads/release"));
  CHECK(r.is_feature_branch("refs/heads/feature/login"));
  CHECK_FALSE(r.is_feature_branch("refs/heads/main"));
}

TEST_CASE("roles by e-mail, case-insensitively") {
  Policy p = default_policy();
  apply_text(p,
             "release:\n  roles:\n    cdo: ['Dana Cruz <Dana@Example.com>', 'Del Egate <del@example.com>']\n"
             "    ceo: ['Dana Cruz <dana@example.com>']\n",
             "team.yml");
  const auto& r = p.release;
  CHECK(r.roles_of("dana@example.com") == std::vector<std::string>{"cdo", "ceo"});
  CHECK(r.holds_role("DEL@example.com", "cdo"));
  CHECK_FALSE(r.holds_role("del@example.com", "ceo"));
  CHECK(r.may_push("del@example.com"));
  CHECK_FALSE(r.may_push("intern@example.com"));
  CHECK(r.roles.at("cmo").size() == 1);  // untouched roles keep their defaults
}

TEST_CASE("types merge field by field; new types can be added") {
  Policy p = default_policy();
  apply_text(p,
             "release:\n  types:\n    routine:\n      monitoring_min: 12h\n"
             "    docs-only:\n      description: Documentation\n      authorize: [cdo]\n"
             "      require: [Authorized-By, root-cause]\n  rca:\n    trailer: Root-Cause\n",
             "team.yml");
  const auto* routine = p.release.find_type("routine");
  CHECK(routine->monitoring_min_minutes == 12 * 60);
  CHECK(routine->authorize == std::vector<std::string>{"cdo"});
  const auto* docs = p.release.find_type("docs-only");
  REQUIRE(docs);
  // rca is parsed before types, so `require` may name the policy's RCA trailer.
  CHECK(docs->require == std::vector<std::string>{"Authorized-By", "Root-Cause"});
  CHECK(p.release.rca_trailer == "Root-Cause");
}

TEST_CASE("errors name file:line:col, the key, and a suggestion") {
  CHECK(config_error("release:\n  types:\n    routine:\n      authorize: [cdoo]\n") ==
        "team.yml:4:19: `authorize`: no role `cdoo` in `release.roles`; did you mean `cdo`?");
  CHECK(config_error("release:\n  types:\n    routine:\n      require: [Authorised-By]\n") ==
        "team.yml:4:17: `require`: unknown trailer `Authorised-By`; did you mean `Authorized-By`?");
  CHECK(config_error("release:\n  types:\n    routine:\n      monitoring_min: a day\n") ==
        "team.yml:4:23: `monitoring_min`: `a day` is not a duration (write e.g. 24h, 90m, 2d)");
  CHECK(config_error("release:\n  roles:\n    cdo: [Dana Cruz]\n") ==
        "team.yml:3:11: role `cdo`: no person `Dana Cruz` under `people` (or write `Name <email>`)");
  CHECK(config_error("release:\n  sepration_of_duties: false\n") ==
        "team.yml:2:3: unknown key `sepration_of_duties` in `release`; did you mean `separation_of_duties`?");
  CHECK(config_error("release:\n  types:\n    routine:\n      authorise: [cdo]\n") ==
        "team.yml:4:7: unknown key `authorise` in `release.types.routine`; did you mean `authorize`?");
  CHECK(config_error("release:\n  customer_facing:\n    type: customer\n") ==
        "team.yml:3:11: `type`: no release type `customer`; known: routine, multi-feature, architecture, "
        "hotfix, customer-facing, rollback");
  CHECK(config_error("release:\n  rca:\n    trailer: Root Cause\n") ==
        "team.yml:3:14: `trailer`: `Root Cause` is not a trailer key (ASCII letters, digits, '-')");
  CHECK(config_error("release:\n  types:\n    Routine!: {}\n") ==
        "team.yml:3:5: release type `Routine!` must be lower-case letters, digits, '-', '_' or '.'");
  CHECK(config_error("release:\n  separation_of_duties: maybe\n") ==
        "team.yml:2:25: `separation_of_duties` must be true or false");
}

TEST_CASE("durations") {
  CHECK(parse_duration_minutes("24h") == 1440);
  CHECK(parse_duration_minutes(" 4 h ") == 240);
  CHECK(parse_duration_minutes("90m") == 90);
  CHECK(parse_duration_minutes("1h30m") == 90);
  CHECK(parse_duration_minutes("2d") == 2880);
  CHECK(parse_duration_minutes("48 hours") == 2880);
  CHECK(parse_duration_minutes("15 min") == 15);
  CHECK_FALSE(parse_duration_minutes("").has_value());
  CHECK_FALSE(parse_duration_minutes("24").has_value());
  CHECK_FALSE(parse_duration_minutes("0h").has_value());
  CHECK_FALSE(parse_duration_minutes("soon").has_value());
  CHECK_FALSE(parse_duration_minutes("9999999h").has_value());
  CHECK(format_minutes(1440) == "24h");
  CHECK(format_minutes(2880) == "2d");
  CHECK(format_minutes(90) == "1h30m");
  CHECK(format_minutes(15) == "15m");
}

TEST_CASE("parse_person") {
  auto p = parse_person("Dana Cruz <dana@example.com>");
  REQUIRE(p);
  CHECK(p->name == "Dana Cruz");
  CHECK(p->email == "dana@example.com");
  CHECK(parse_person("<dana@example.com>")->name.empty());
  CHECK_FALSE(parse_person("dana@example.com").has_value());
  CHECK_FALSE(parse_person("Dana <dana>").has_value());
  CHECK_FALSE(parse_person("Dana <da na@example.com>").has_value());
  CHECK_FALSE(parse_person("").has_value());
}
}
