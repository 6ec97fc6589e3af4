// The readiness policy section, the documentation gate and attestations: pure rules over plain
// data, and configuration errors that say where and suggest.

#include "lib/core/error.hpp"
#include "lib/policy/policy.hpp"
#include "lib/rules/attestation.hpp"
#include "lib/rules/documentation.hpp"
#include "lib/rules/release_message.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace rg;

namespace {

std::string config_error(const std::string& yaml) {
  auto p = policy::default_policy();
  try {
    policy::apply_text(p, yaml, "team.yml");
  } catch (const core::ConfigError& e) {
    return e.what();
  }
  return "";
}

change::PushFacts release_push(std::vector<std::string> paths, bool rollback = false) {
  change::PushFacts f;
  change::PushedRef r;
  r.update = {"1111111111111111111111111111111111111111", "2222222222222222222222222222222222222222", "refs/heads/main"};
  r.ref = "refs/heads/main";
  r.kind = change::RefKind::protected_branch;
  change::ChainCommit c;
  c.id = "2222222222222222222222222222222222222222";
  c.subject = "Release feature/api";
  c.merge = true;
  c.changed_paths = std::move(paths);
  c.rollback = rollback;
  r.entering.push_back(c);
  f.refs.push_back(r);
  return f;
}

} // namespace

TEST_SUITE("readiness") {

TEST_CASE("the readiness section: defaults, merging, and errors with file:line:col") {
  auto p = policy::default_policy();
  REQUIRE(p.readiness.documentation.size() == 3);
  CHECK(p.readiness.documentation[0].surface == "public-api");
  CHECK(p.readiness.enforce_documentation);
  policy::apply_text(p, R"(readiness:
  documentation:
    - surface: public-api
      when: ["src/api/**"]
      require: ["docs/**", "README.md"]
    - surface: sops
      when: []
  sources:
    open_sev: {provider: command, command: ["scripts/open-sev.sh"]}
    tracker:  {provider: monday, token_env: MONDAY_TOKEN, board: "123"}
  required: [tech.qa-signoff, ops.tracker-done]
)", "team.yml");
  REQUIRE(p.readiness.documentation.size() == 2);
  CHECK(p.readiness.documentation[0].when == std::vector<std::string>{"src/api/**"});
  CHECK(p.readiness.documentation[1].surface == "agent-contracts");
  REQUIRE(p.readiness.find_source("tracker"));
  CHECK(p.readiness.find_source("tracker")->api_url == "https://api.monday.com/v2");
  CHECK(p.readiness.find_source("open_sev")->command == std::vector<std::string>{"scripts/open-sev.sh"});
  CHECK(p.readiness.is_required("ops.tracker-done"));
  CHECK_FALSE(p.readiness.is_required("doc.signoff"));

  CHECK(config_error("readiness:\n  required: [tech.qa-signof]\n") ==
        "team.yml:2:14: `required`: unknown item id `tech.qa-signof`; did you mean `tech.qa-signoff`?");
  CHECK(config_error("readiness:\n  sources:\n    t: {provider: mondy, board: '1'}\n") ==
        "team.yml:3:19: `provider`: unknown provider `mondy`; did you mean `monday`?");
  CHECK(config_error("readiness:\n  sources:\n    t: {provider: monday, bord: '1'}\n") ==
        "team.yml:3:27: unknown key `bord` in `readiness.sources.t`; did you mean `board`?");
  CHECK(config_error("readiness:\n  sources:\n    t: {provider: github, labels: [SEV1]}\n") ==
        "team.yml:3:8: `readiness.sources.t` (provider github) needs `repo`");
  CHECK(config_error("readiness:\n  documentaton: []\n") ==
        "team.yml:2:3: unknown key `documentaton` in `readiness`; did you mean `documentation`?");
}

TEST_CASE("documentation rules: a surface changed without its docs is a gap; docs alone trigger nothing") {
  const std::vector<policy::DocRule> rules{{"public-api", {"src/api/**"}, {"docs/**", "README.md"}}};
  auto checks = rules::check_docs({"src/api/users.cpp", "src/core/x.cpp"}, rules);
  REQUIRE(checks.size() == 1);
  CHECK_FALSE(checks[0].satisfied());
  CHECK(rules::describe_gap(checks[0]) == "public-api: src/api/users.cpp changed; none of docs/**, README.md did");
  CHECK(rules::check_docs({"src/api/users.cpp", "docs/api.md"}, rules)[0].satisfied());
  CHECK_FALSE(rules::check_docs({"README.md"}, rules)[0].triggered());
}

TEST_CASE("pre-receive's documentation gate: releases entering main, rollbacks exempt, switch off") {
  auto p = policy::default_policy();
  auto findings = rules::check_documentation(release_push({"src/api/users.cpp"}), p.readiness);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].rule == "doc/missing-docs");
  CHECK(findings[0].where.ref == "refs/heads/main");
  CHECK(findings[0].message ==
        "release 222222222222 \"Release feature/api\" changes the public-api surface without its docs: "
        "public-api: src/api/users.cpp changed; none of README.md, README*, docs/** did");
  CHECK(rules::check_documentation(release_push({"src/api/users.cpp", "docs/api.md"}), p.readiness).empty());
  CHECK(rules::check_documentation(release_push({"src/api/users.cpp"}, true), p.readiness).empty());
  p.readiness.enforce_documentation = false;
  CHECK(rules::check_documentation(release_push({"src/api/users.cpp"}), p.readiness).empty());
}

TEST_CASE("attestations: required, naming the commit, passing; only the CI identity pushes them") {
  policy::ReadinessPolicy rp;
  rp.attestation.required = true;
  rules::AttestationFact f;
  f.ref = "refs/heads/main";
  f.commit = "2222222222222222222222222222222222222222";
  f.subjects = {f.commit, "3333333333333333333333333333333333333333"};
  auto out = rules::check_attestations({f}, rp);
  REQUIRE(out.size() == 1);
  CHECK(out[0].rule == "attest/missing");
  f.attested = f.subjects[1];
  f.body = R"({"format":"release-gate-attestation/1","commit":"3333333333333333333333333333333333333333","passed":true,"items":[{"id":"tech.no-open-sev","status":"pass"}]})";
  CHECK(rules::check_attestations({f}, rp).empty());
  f.body = R"({"format":"release-gate-attestation/1","commit":"3333333333333333333333333333333333333333","passed":false,"items":[{"id":"ops.tracker-done","status":"fail"}]})";
  out = rules::check_attestations({f}, rp);
  REQUIRE(out.size() == 1);
  CHECK(out[0].message == "the readiness attestation for 333333333333 does not pass: ops.tracker-done (fail)");
  f.body = "not json";
  CHECK(rules::check_attestations({f}, rp)[0].rule == "attest/invalid");

  change::PushFacts facts;
  change::PushedRef r;
  r.update = {std::string(change::zero_id), "4444444444444444444444444444444444444444",
              "refs/release-gate/attestations/3333333333333333333333333333333333333333"};
  r.ref = r.update.ref;
  facts.refs.push_back(r);
  facts.pusher.login = "dev";
  auto pushes = rules::check_attestation_pushes(facts, rp);
  REQUIRE(pushes.size() == 1);
  CHECK(pushes[0].message == "dev may not write readiness attestations");
  facts.pusher.roles = {"release-manager"};
  CHECK(rules::check_attestation_pushes(facts, rp).empty());
}

}

TEST_CASE("day one: an out-of-range duration says so, and the range") {
  auto p = policy::default_policy();
  policy::apply_text(p, "release:\n  roles:\n    cdo: [\"Dana Cruz <dana@example.com>\"]\n", "team.yml");
  const std::string msg = "Release\n\nRelease-Type: routine\nAuthorized-By: Dana Cruz <dana@example.com>\n"
                          "QA-Signoff: QA-1 PASS\nRollback-Plan: git revert HEAD; eta 9999h; executor code.platform\n"
                          "Monitoring-Window: 9999h; owner code.platform\n";
  std::vector<std::string> texts;
  for (const auto& f : rules::check_release_message(msg, {}, p.release)) texts.push_back(f.message);
  CHECK(std::find(texts.begin(), texts.end(),
                  "the rollback plan lacks a valid eta (`9999h` is out of range: a duration is from 1m to 365d)") != texts.end());
  CHECK(std::find(texts.begin(), texts.end(),
                  "monitoring window `9999h` is out of range: a duration is from 1m to 365d") != texts.end());
}

TEST_CASE("day one: rule ids in `disable` written as reports print them get a suggestion") {
  CHECK(config_error("secrets:\n  disable: [secrets/aws-access-key-id]\n") ==
        "team.yml:2:13: `disable`: no rule with id `secrets/aws-access-key-id`; write it without the `secrets/` prefix: "
        "`aws-access-key-id`");
  CHECK(config_error("secrets:\n  disable: [secrets/aws-acess-key-id]\n") ==
        "team.yml:2:13: `disable`: no rule with id `secrets/aws-acess-key-id`; did you mean `aws-access-key-id`?");
  CHECK(config_error("secrets:\n  disable: [zzzzzzzz]\n") ==
        "team.yml:2:13: `disable`: no rule with id `zzzzzzzz`; `release-gate rules` lists the ids");
}
