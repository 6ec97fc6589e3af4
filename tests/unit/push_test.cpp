// Unit tests for the push model (parsing, identity, push options), the audit line, the server
// policy section and the protected-branch rules over plain facts.

#include "lib/audit/audit.hpp"
#include "lib/core/error.hpp"
#include "lib/policy/policy.hpp"
#include "lib/push/context.hpp"
#include "lib/push/update.hpp"
#include "lib/push/facts.hpp"
#include "lib/rules/access.hpp"
#include "lib/rules/approvals.hpp"
#include "lib/rules/dangling.hpp"
#include "lib/rules/protected_refs.hpp"
#include "lib/rules/rollback.hpp"
#include "lib/rules/signatures.hpp"
#include "tests/support/testutil.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <thread>

using namespace rg;

namespace {

const std::string A(40, 'a'), B(40, 'b'), Z(push::zero_id);

push::EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

std::string error_of(const std::string& input) {
  try {
    push::parse_updates(input);
  } catch (const core::Error& e) {
    return e.what();
  }
  return "";
}

} // namespace

TEST_CASE("parse_updates reads git's pre-receive lines") {
  auto u = push::parse_updates(Z + " " + A + " refs/heads/main\n\n" + B + " " + Z + " refs/tags/v1\r\n");
  REQUIRE(u.size() == 2);
  CHECK(u[0].is_create());
  CHECK_FALSE(u[0].is_delete());
  CHECK(u[0].short_name() == "main");
  CHECK(u[0].is_branch());
  CHECK(u[1].is_delete());
  CHECK(u[1].is_tag());
  CHECK(u[1].short_name() == "v1");
  CHECK(push::parse_updates(std::string(40, 'A') + " " + A + " refs/x")[0].old_id == A);
  CHECK(push::parse_updates("").empty());

  CHECK(error_of("abc def\n") == "stdin line 1: expected \"<old> <new> <ref>\", got \"abc def\"");
  CHECK(error_of(A + " " + B + " refs/heads/main\n" + A + " xyz refs/heads/x\n") ==
        "stdin line 2: \"xyz\" is not a 40-hex object id");
  CHECK(error_of(A + " " + B + " main") == "stdin line 1: \"main\" is not a full ref name");
  CHECK(error_of(std::string(64, 'a') + " " + B + " refs/heads/main") ==
        "stdin line 1: SHA-256 object ids are not supported");
}

TEST_CASE("identity comes from the host's variables, in order") {
  CHECK(push::detect_identity(env_of({})).display() == "(unknown)");
  CHECK_FALSE(push::detect_identity(env_of({{"REMOTE_USER", "  "}})).known());
  auto gl = push::detect_identity(env_of({{"GL_USERNAME", "dana"}, {"REMOTE_USER", "www"}}));
  CHECK(gl.login == "dana");
  CHECK(gl.source == "GL_USERNAME");
  CHECK(push::detect_identity(env_of({{"GITHUB_USER_LOGIN", "octo"}, {"GL_USER", "x"}})).source ==
        "GITHUB_USER_LOGIN");
  auto gitea = push::detect_identity(env_of({{"GITEA_PUSHER_NAME", "dana"}, {"GITEA_PUSHER_EMAIL", "d@x.io"}}));
  CHECK(gitea.display() == "dana <d@x.io>");
  CHECK(push::detect_identity(env_of({{"GITEA_PUSHER_EMAIL", "d@x.io"}})).display() == "<d@x.io>");
  CHECK(push::detect_identity(env_of({{"GL_USER", "gito"}})).source == "GL_USER");
  CHECK(push::detect_identity(env_of({{"REMOTE_USER", "web"}})).login == "web");
}

TEST_CASE("push options and the break-glass reason") {
  auto opts = push::push_options(env_of({{"GIT_PUSH_OPTION_COUNT", "2"},
                                         {"GIT_PUSH_OPTION_0", "ci.skip"},
                                         {"GIT_PUSH_OPTION_1", "release-gate.bypass= INC-7 db down "}}));
  REQUIRE(opts.size() == 2);
  CHECK(push::bypass_reason(opts) == std::optional<std::string>("INC-7 db down"));
  CHECK(push::push_options(env_of({{"GIT_PUSH_OPTION_COUNT", "x"}})).empty());
  CHECK_FALSE(push::bypass_reason({"ci.skip", "release-gate.bypassed=1"}).has_value());
  CHECK(push::bypass_reason({"release-gate.bypass"}) == std::optional<std::string>(""));
}

TEST_CASE("server policy section: keys, types and typos") {
  policy::Policy p = policy::default_policy();
  CHECK(p.server.audit_log == "release-gate-audit.jsonl");
  CHECK(p.server.fail_closed);
  policy::apply_text(p,
                     "server:\n  signatures: strict\n  allowed_signers: /etc/rg/signers\n"
                     "  bypass_roles: [cdo, ceo]\n  bypass_users: ops\n  time_budget_ms: 2500\n"
                     "  require_identity: true\n",
                     "srv.yml");
  CHECK(p.server.signatures == policy::SignatureMode::strict);
  CHECK(p.server.allowed_signers == "/etc/rg/signers");
  CHECK(p.server.bypass_roles == std::vector<std::string>{"cdo", "ceo"});
  CHECK(p.server.bypass_users == std::vector<std::string>{"ops"});
  CHECK(p.server.time_budget_ms == 2500);
  CHECK(p.server.require_identity);
  auto err = [](const std::string& yaml) {
    policy::Policy q = policy::default_policy();
    try {
      policy::apply_text(q, yaml, "srv.yml");
    } catch (const core::ConfigError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK(err("server:\n  signatures: maybe\n") == "srv.yml:2:15: `signatures` must be `off` or `strict`, not `maybe`");
  CHECK(err("server:\n  time_budget_ms: 0\n").rfind("srv.yml:2:19:", 0) == 0);
  CHECK(err("server:\n  bypass_role: [cdo]\n").find("did you mean `bypass_roles`?") != std::string::npos);
}

namespace {

change::PushedRef pushed(const std::string& old_id, const std::string& new_id, const std::string& ref,
                         change::RefKind kind = change::RefKind::protected_branch) {
  change::PushedRef r;
  r.update = {old_id, new_id, ref};
  r.ref = ref;
  r.current_id = old_id;
  r.kind = kind;
  r.new_kind = new_id == Z ? change::ObjectKind::none : change::ObjectKind::commit;
  r.new_commit = new_id == Z ? "" : new_id;
  return r;
}

change::ChainCommit chain(const std::string& id, const std::string& subject, bool merge, const std::string& type) {
  change::ChainCommit c;
  c.id = id;
  c.subject = subject;
  c.merge = merge;
  c.release_type = type;
  return c;
}

std::vector<std::string> rule_ids(const std::vector<core::Finding>& f) {
  std::vector<std::string> out;
  for (const auto& x : f) out.push_back(x.rule);
  return out;
}

} // namespace

TEST_CASE("protected-ref rules over plain facts") {
  rules::ProtectedRefRule rule;
  change::PushFacts facts;
  auto nff = pushed(A, B, "refs/heads/main");
  nff.fast_forward = false;
  facts.refs = {pushed(A, Z, "refs/heads/main"), nff};
  auto f = rules::check_refs(facts, rule);
  REQUIRE(f.size() == 2);
  CHECK(f[0].rule == "branch/protected-delete");
  CHECK(f[0].message == "main is protected and cannot be deleted");
  CHECK(f[1].rule == "branch/non-fast-forward");
  CHECK(f[1].message == "main aaaaaaaaaaaa..bbbbbbbbbbbb is not a fast-forward (history would be rewritten)");

  auto policy_change = chain(B, "Policy", true, "routine");
  policy_change.touches_policy = true;
  auto rollback = chain(A, "Revert", false, "rollback");
  rollback.rollback = true;  // judged by check_rollbacks, not as a direct commit
  auto ff = pushed(A, B, "refs/heads/main");
  ff.entering = {chain(B, "Release x", true, "routine"), chain(A, "Quick fix", false, ""),
                 chain(A, "Hotfix", false, "hotfix"), rollback, policy_change};
  facts.refs = {ff};
  f = rules::check_refs(facts, rule);
  REQUIRE(f.size() == 2);
  CHECK(f[0].rule == "branch/direct-commit");
  CHECK(f[0].message == "commit aaaaaaaaaaaa \"Quick fix\" is a direct (non-merge) commit on main");
  CHECK(f[1].rule == "branch/policy-change-needs-architecture");

  // A created protected ref is judged by its tip only: no direct-commit rule.
  auto created = pushed(Z, A, "refs/heads/main");
  created.entering = {chain(A, "Quick fix", false, "")};
  facts.refs = {created};
  CHECK(rules::check_refs(facts, rule).empty());

  // An alias is judged as the ref it writes, and says so.
  auto alias = pushed(A, B, "refs/heads/master");
  alias.ref = "refs/heads/main";
  alias.via_symref = true;
  alias.entering = {chain(B, "Quick fix", false, "")};
  facts.refs = {alias};
  f = rules::check_refs(facts, rule);
  REQUIRE(f.size() == 1);
  CHECK(f[0].message ==
        "commit bbbbbbbbbbbb \"Quick fix\" is a direct (non-merge) commit on main (pushed as refs/heads/master, "
        "which points to it)");
}

TEST_CASE("every command: replace refs, reserved names, stale old values, non-commits on protected refs") {
  rules::ProtectedRefRule rule;
  change::PushFacts facts;
  auto replace = pushed(Z, B, "refs/replace/" + A, change::RefKind::replace);
  auto head = pushed(Z, B, "refs/heads/HEAD", change::RefKind::work_branch);
  auto stale = pushed(A, B, "refs/heads/feature/x", change::RefKind::work_branch);
  stale.current_id = B;
  auto blob = pushed(A, B, "refs/heads/main");
  blob.new_kind = change::ObjectKind::blob;
  blob.new_commit.clear();
  facts.refs = {replace, head, stale, blob};
  CHECK(rule_ids(rules::check_refs(facts, rule)) ==
        std::vector<std::string>{"ref/replace", "ref/reserved-name", "ref/stale-old-value", "branch/not-a-commit"});
}

TEST_CASE("rollbacks: only of what the branch had, and only exact reverts") {
  change::PushFacts facts;
  auto r = pushed(A, B, "refs/heads/main");
  auto good = chain(B, "Revert", false, "rollback");
  good.rollback = true;
  good.rollback_verified = true;
  good.rollback_targets = {{"cccccccccccc", std::string(40, 'c'), true}};
  auto off_branch = good;
  off_branch.rollback_targets = {{"dddddddddddd", std::string(40, 'd'), false}};
  auto unknown = good;
  unknown.rollback_targets = {{"0123456", "", false}};
  auto unverified = good;
  unverified.rollback_verified = false;
  unverified.rollback_differing = {"payload.txt"};
  r.entering = {good, off_branch, unknown, unverified};
  facts.refs = {r};
  auto f = rules::check_rollbacks(facts);
  CHECK(rule_ids(f) == std::vector<std::string>{"rollback/not-on-branch", "rollback/unknown-commit", "rollback/unverified"});
  CHECK(f[0].message == "rollback bbbbbbbbbbbb reverts dddddddddddd, which was never part of main: a rollback may "
                        "only take out what the branch already had");
  CHECK(f[2].match == "differing paths: payload.txt");
}

TEST_CASE("dangling branches: one atomic command deletes them all; merged branches may not be pushed") {
  change::PushFacts facts;
  facts.dangling = {{"refs/heads/feature/x", A, "refs/heads/main"}, {"refs/heads/fix/y", B, "refs/heads/main"}};
  facts.protected_pushed = {"refs/heads/main"};
  auto f = rules::check_dangling(facts);
  REQUIRE(f.size() == 2);
  CHECK(f[0].message == "feature/x (aaaaaaaaaaaa) is fully merged into main and would be left behind");
  CHECK(f[1].fix == "delete merged branches in the same push:\ngit push --atomic origin main :feature/x :fix/y");
  facts.dangling.clear();
  CHECK(rules::check_dangling(facts).empty());
  auto old = pushed(Z, A, "refs/heads/wip", change::RefKind::work_branch);
  old.tip_already_merged = true;
  old.merged_into = "refs/heads/main";
  facts.refs = {old};
  f = rules::check_dangling(facts);
  REQUIRE(f.size() == 1);
  CHECK(f[0].rule == "branch/merged-branch-pushed");
}

TEST_CASE("access: push roles and break-glass come from the pusher's proven roles") {
  policy::ReleasePolicy rel;
  rel.push_roles = {"cdo"};
  policy::ServerPolicy srv;
  change::PushFacts facts;
  facts.refs = {pushed(A, B, "refs/heads/main")};
  facts.pusher.login = "bob";
  CHECK(rule_ids(rules::check_access(facts, rel, srv)) == std::vector<std::string>{"push/not-allowed-to-push"});
  facts.pusher.roles = {"cdo"};
  CHECK(rules::check_access(facts, rel, srv).empty());
  CHECK(rules::may_bypass(facts.pusher, srv));
  CHECK(rule_ids(rules::check_bypass(facts.pusher, std::string(""), srv)) ==
        std::vector<std::string>{"push/bypass-without-reason"});
  facts.pusher.roles.clear();
  CHECK(rule_ids(rules::check_bypass(facts.pusher, std::string("INC-1"), srv)) ==
        std::vector<std::string>{"push/bypass-not-allowed"});
}

TEST_CASE("the pusher's roles: exact addresses only, never a local part or a name") {
  policy::ReleasePolicy rel;
  rel.roles["cdo"] = {{"Dana Cruz", "dana@corp.test", ""}};
  CHECK(push::roles_of(rel, {"dana@corp.test", "", "REMOTE_USER"}) == std::vector<std::string>{"cdo"});
  // A host account's e-mail is chosen by its user: it counts only where the policy says so.
  CHECK(push::roles_of(rel, {"x", "Dana@Corp.test", "GITEA_PUSHER_NAME"}).empty());
  rel.verified_email_hosts = {"gitea"};
  CHECK(push::roles_of(rel, {"x", "Dana@Corp.test", "GITEA_PUSHER_NAME"}) == std::vector<std::string>{"cdo"});
  CHECK(push::roles_of(rel, {"dana", "", "GL_USERNAME"}).empty());
  CHECK(push::roles_of(rel, {"Dana Cruz", "", "GL_USER"}).empty());
}

TEST_CASE("people: every identity named once, roles by person, logins per host kind, exact") {
  auto p = policy::default_policy();
  policy::apply_text(p, R"(version: 1
release:
  people:
    dana:
      name: Dana Cruz
      emails: [dana@corp.test, d.cruz@corp.test]
      logins: {gitlab: dcruz, gitolite: dana, http: dana@corp.test}
    sam:
      name: Sam Oncall
      emails: [sam@corp.test]
  roles:
    cdo: [dana]
    on-call: [sam, "Old Form <old@corp.test>"]
)", "people.yml");
  const auto& rel = p.release;
  CHECK(push::person_of(rel, {"dcruz", "", "GL_USERNAME"}) == "dana");
  CHECK(push::person_of(rel, {"dana", "", "GL_USER"}) == "dana");
  CHECK(push::person_of(rel, {"dana", "", "GL_USERNAME"}).empty());  // dana is her gitolite login only
  CHECK(push::person_of(rel, {"DCRUZ", "", "GL_USERNAME"}).empty()); // logins are exact
  CHECK(push::person_of(rel, {"d.cruz@corp.test", "", "REMOTE_USER"}) == "dana");
  CHECK(push::roles_of(rel, {"d.cruz@corp.test", "", "REMOTE_USER"}) == std::vector<std::string>{"cdo"});
  CHECK(push::roles_of(rel, {"sam@corp.test", "", "REMOTE_USER"}) == std::vector<std::string>{"on-call"});
  CHECK(push::person_of(rel, {"old@corp.test", "", "REMOTE_USER"}) == "<old@corp.test>");
  CHECK(push::roles_of(rel, {"old@corp.test", "", "REMOTE_USER"}) == std::vector<std::string>{"on-call"});
  CHECK(rel.holds_role("D.Cruz@corp.test", "cdo"));
  auto err = [](const std::string& yaml) {
    auto q = policy::default_policy();
    try {
      policy::apply_text(q, yaml, "p.yml");
    } catch (const core::ConfigError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK(err("release:\n  roles:\n    cdo: [nobody]\n").find("no person `nobody` under `people`") != std::string::npos);
  CHECK(err("release:\n  people:\n    x:\n      logins: {gitlap: x}\n").find("did you mean `gitlab`") != std::string::npos);
}

TEST_CASE("verified approvals: per role, by a holder other than the maker; a signature proves its signer only") {
  auto pol = policy::default_policy();
  policy::apply_text(pol, R"(version: 1
release:
  people:
    dana: {name: Dana Cruz, emails: [dana@corp.test]}
    mo: {name: Mo Reyes, emails: [mo@corp.test]}
    chris: {name: Chris Ode, emails: [chris@corp.test]}
    dev: {name: Dev, emails: [dev@corp.test]}
  roles:
    cdo: [dana]
    cmo: [mo]
    ceo: [chris]
)", "v.yml");
  const auto& rel = pol.release;
  change::PushFacts facts;
  auto r = pushed(A, B, "refs/heads/main");
  auto c = chain(B, "Release pricing", true, "customer-facing");
  c.committer_email = "dev@corp.test";
  c.message = "Release pricing\n\nRelease-Type: customer-facing\nAuthorized-By: Dana Cruz <dana@corp.test>\n"
              "Confirmed-By: Mo Reyes <mo@corp.test>\nConfirmed-By: Chris Ode <chris@corp.test>\n";
  r.entering = {c};
  facts.refs = {r};
  auto ids = [&] { return rule_ids(rules::check_approvals(facts, rel)); };
  CHECK(ids() == std::vector<std::string>{"approval/missing", "approval/missing", "approval/missing",
                                          "approval/record-mismatch", "approval/record-mismatch",
                                          "approval/record-mismatch"});
  // One strict signature by Dana proves Dana, not the CMO and the CEO the record also names.
  facts.signatures = {{B, "refs/heads/main", change::SignatureFact::State::good, {"dana@corp.test", "mo@corp.test"}, "",
                       "dana@corp.test"}};
  CHECK(ids().size() == 4);
  facts.refs[0].entering[0].approvals = {{"mo", {}, {}, true}, {"chris", {"ceo"}, {}, true}};
  CHECK(ids().empty());
  // An approval for another role than the one needed, or an invalid blob, proves nothing.
  facts.refs[0].entering[0].approvals = {{"mo", {}, {}, true}, {"chris", {"cmo"}, {}, true}};
  CHECK(ids() == std::vector<std::string>{"approval/missing"});  // the CEO role: Chris approved only as cmo
  facts.refs[0].entering[0].approvals = {{"mo", {}, {}, false}, {"chris", {}, {}, true}};
  CHECK(ids() == std::vector<std::string>{"approval/missing", "approval/record-mismatch"});
  // The maker's own approval does not count.
  facts.signatures.clear();
  facts.refs[0].entering[0].committer_email = "dana@corp.test";
  facts.refs[0].entering[0].approvals = {{"dana", {}, {}, true}, {"mo", {}, {}, true}, {"chris", {}, {}, true}};
  CHECK(ids() == std::vector<std::string>{"approval/missing"});
  // Approval refs are written only by the person they name.
  change::PushFacts p2;
  auto ap = pushed(Z, B, "refs/release-gate/approvals/" + A + "/dana", change::RefKind::approval);
  ap.approval_person = "dana";
  p2.refs = {ap};
  p2.pusher.login = "eve";
  CHECK(rule_ids(rules::check_approval_pushes(p2)) == std::vector<std::string>{"approval/not-yours"});
  p2.pusher.person = "dana";
  CHECK(rules::check_approval_pushes(p2).empty());
}

TEST_CASE("signature findings") {
  using S = change::SignatureFact::State;
  auto f = rules::check_signatures({{A, "refs/heads/main", S::good, {"d@x"}, "", "d@x"},
                                    {A, "refs/heads/main", S::unsigned_commit, {}, "", ""},
                                    {A, "refs/heads/main", S::bad, {"d@x", "e@x"}, "Could not verify", ""}});
  REQUIRE(f.size() == 2);
  CHECK(f[0].rule == "sig/unsigned");
  CHECK(f[1].message == "release commit aaaaaaaaaaaa is not signed by its authorizer (d@x, e@x)");
  CHECK(f[1].match == "Could not verify");
}

TEST_CASE("audit: one JSON line per record, appended whole by concurrent writers") {
  audit::Record r;
  r.time = "2026-01-02T03:04:05.000Z";
  r.pusher = "dana\nx";
  r.refs = {{"refs/heads/main", A, B}};
  r.verdict = "rejected";
  r.rules = {"branch/direct-commit"};
  r.bypass_reason = "INC-1";
  const std::string line = audit::to_json_line(r);
  CHECK(line.find('\n') == line.size() - 1);
  auto j = nlohmann::json::parse(line);
  CHECK(j["pusher"] == "dana?x");
  CHECK(j["refs"][0]["new"] == B);
  CHECK(j["bypass_reason"] == "INC-1");

  test::TempDir dir;
  const auto file = dir / "audit.jsonl";
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      audit::Record x = r;
      x.pusher = std::string(3000, char('a' + t));  // long lines make interleaving visible
      for (int i = 0; i < 50; ++i) audit::append_line(file, audit::to_json_line(x));
    });
  for (auto& t : threads) t.join();
  std::istringstream in(test::read_file(file));
  std::string l;
  int n = 0;
  while (std::getline(in, l)) {
    auto k = nlohmann::json::parse(l);
    const std::string p = k["pusher"];
    CHECK(p == std::string(3000, p[0]));
    ++n;
  }
  CHECK(n == 400);
}
