#pragma once
// Scenarios every host must pass, written once over the Host interface; tests/hosts/<host>.cpp
// run them against a real server (TEST_CASE per scenario and host).

#include "tests/hosts/support/client.hpp"

#include <doctest/doctest.h>

#include <memory>
#include <string>

namespace rg::test::hosts {

/// An initial main on the server, pushed by the CDO (the first push into an empty repository).
inline void bootstrap(const Host& host, const HostClient& c, const std::string& repo) {
  c.commit_file("README.md", "hello\n", "Initial import");
  auto r = c.push_as("dana@example.com", "-q origin main");
  REQUIRE_MESSAGE(r.exit_code == 0, r.all() << "\n" << host.logs());
  REQUIRE(host.rev(repo, "refs/heads/main") == c.head());
}

/// The login the host authenticated reaches the hook: it is the audit record's `pusher`, with
/// the variable it came in as `pusher_source`; post-receive records the same push.
inline void identity_reaches_the_audit_log(Host& host) {
  host.add_users({"alice", "dana@example.com"});
  host.create_repo("proj");
  host.install_policy("proj", host_policy());
  HostClient c(host, "proj");
  bootstrap(host, c, "proj");

  auto audit = host.audit("proj");
  REQUIRE(audit.size() == 1);
  CHECK(audit[0]["verdict"] == "accepted");
  CHECK(audit[0]["pusher"] == "dana@example.com");
  CHECK(audit[0]["pusher_source"] == host.pusher_variable());
  auto applied = host.audit("proj", "post-receive");
  REQUIRE(applied.size() == 1);
  CHECK(applied[0]["verdict"] == "applied");
  CHECK(applied[0]["push"] == audit[0]["push"]);

  // Reading goes through the same authentication, and never reaches the hook.
  auto ls = c.git_as("alice", "ls-remote origin refs/heads/main");
  CHECK_MESSAGE(ls.exit_code == 0, ls.all());
  CHECK(ls.out == c.head() + "\trefs/heads/main\n");
  CHECK(host.audit("proj").size() == 1);

  // Another user on a work branch (not protected): accepted, and recorded as that user.
  c.git("checkout -q -b feature/x");
  c.commit_file("x.txt", "x\n", "work on x");
  auto r = c.push_as("alice", "origin feature/x");
  CHECK_MESSAGE(r.exit_code == 0, r.all() << "\n" << host.logs());
  CHECK(host.rev("proj", "refs/heads/feature/x") == c.head());
  audit = host.audit("proj");
  REQUIRE(audit.size() == 2);
  CHECK(audit[1]["verdict"] == "accepted");
  CHECK(audit[1]["pusher"] == "alice");
  CHECK(audit[1]["pusher_source"] == host.pusher_variable());
}

/// release.push_roles through the host: a user without the role is refused (refs unchanged),
/// a login equal to the local part of the CDO's e-mail is someone else, the login equal to the
/// CDO's e-mail is the CDO.
inline void push_roles_decide_who_moves_main(Host& host) {
  host.add_users({"alice", "dana", "dana@example.com"});
  host.create_repo("proj");
  host.install_policy("proj", host_policy());
  HostClient c(host, "proj");
  bootstrap(host, c, "proj");
  const std::string before = host.rev("proj", "refs/heads/main");
  c.release("feature/a", "a.txt", "a\n");

  auto r = c.push_as("alice", "origin main");
  CHECK(r.exit_code != 0);
  CHECK_MESSAGE(contains(r.err, "remote: refs/heads/main: error: alice may not move main: only holders of the roles cdo may "
                        "[push/not-allowed-to-push]"), r.err);
  CHECK(contains(r.err, "! [remote rejected] main -> main (pre-receive hook declined)"));
  CHECK(host.rev("proj", "refs/heads/main") == before);
  auto a = host.audit("proj").back();
  CHECK(a["verdict"] == "rejected");
  CHECK(a["pusher"] == "alice");
  CHECK(a["pusher_source"] == host.pusher_variable());
  CHECK(a["rules"] == nlohmann::json::array({"push/not-allowed-to-push"}));

  // "dana" is not dana@example.com: a login is never matched against an e-mail's local part.
  r = c.push_as("dana", "origin main");
  CHECK(r.exit_code != 0);
  CHECK_MESSAGE(contains(r.err, "remote: refs/heads/main: error: dana may not move main: only holders of the roles cdo may "
                        "[push/not-allowed-to-push]"), r.err);
  CHECK(host.rev("proj", "refs/heads/main") == before);
  CHECK(host.audit("proj").back()["pusher"] == "dana");

  r = c.push_as("dana@example.com", "origin main");
  CHECK_MESSAGE(r.exit_code == 0, r.all() << "\n" << host.logs());
  CHECK(contains(r.err, "remote: release-gate: ok"));
  CHECK(host.rev("proj", "refs/heads/main") == c.head());
  a = host.audit("proj").back();
  CHECK(a["verdict"] == "accepted");
  CHECK(a["pusher"] == "dana@example.com");
  CHECK(host.audit("proj", "post-receive").size() == 2);  // the import and this release
}

/// Break-glass push options travel through the host: refused for a user who may not use it,
/// honoured for server.bypass_users.
inline void break_glass_through_the_host(Host& host) {
  host.add_users({"alice", "ops-lead", "dana@example.com"});
  host.create_repo("proj");
  host.install_policy("proj", host_policy());
  HostClient c(host, "proj");
  bootstrap(host, c, "proj");
  const std::string before = host.rev("proj", "refs/heads/main");
  c.commit_file("hot.txt", "hot\n", "Emergency change");

  auto r = c.push_as("alice", "-o 'release-gate.bypass=INC-42 outage' origin main");
  CHECK(r.exit_code != 0);
  CHECK(contains(r.err, "alice may not use release-gate.bypass"));
  CHECK(contains(r.err, "[push/bypass-not-allowed]"));
  CHECK(host.rev("proj", "refs/heads/main") == before);
  auto a = host.audit("proj").back();
  CHECK(a["verdict"] == "rejected");
  CHECK(a["bypass_reason"] == "INC-42 outage");
  CHECK(a["bypass_honoured"] == false);

  r = c.push_as("ops-lead", "-o 'release-gate.bypass=INC-42 outage' origin main");
  CHECK_MESSAGE(r.exit_code == 0, r.all() << "\n" << host.logs());
  CHECK(contains(r.err, "remote: release-gate: BREAK-GLASS: accepted for ops-lead: \"INC-42 outage\""));
  CHECK(host.rev("proj", "refs/heads/main") == c.head());
  a = host.audit("proj").back();
  CHECK(a["verdict"] == "bypassed");
  CHECK(a["pusher"] == "ops-lead");
  CHECK(a["pusher_source"] == host.pusher_variable());
  CHECK(a["bypass_honoured"] == true);
}

// ---- server.authorization: verified, through the host ------------------------------------------

/// People whose gitolite and HTTP logins are the host users: Dana is the one CDO, Sam the
/// on-call, Dev (release manager) makes the merges, Eve holds no role. The on-call holds no push
/// role: a push that brings only rollbacks may come from a holder of a rollback role.
inline std::string verified_policy() {
  return "version: 1\n"
         "release:\n"
         "  people:\n"
         "    dana: {name: Dana Cruz, emails: [dana@example.com], logins: {gitolite: dana, http: dana}}\n"
         "    dev: {name: Test Dev, emails: [dev@example.com], logins: {gitolite: dev, http: dev}}\n"
         "    eve: {name: Eve Intern, emails: [eve@example.com], logins: {gitolite: eve, http: eve}}\n"
         "    sam: {name: Sam Oncall, emails: [sam@example.com], logins: {gitolite: sam, http: sam}}\n"
         "  roles:\n"
         "    cdo: [dana]\n"
         "    on-call: [sam]\n"
         "    release-manager: [dev]\n"
         "  push_roles: [cdo, release-manager]\n"  // the on-call pushes rollbacks without a push role
         "server:\n"
         "  authorization: verified\n";
}

/// What a refused push must leave as it was: every ref on the server (approval refs included)
/// and main's tree.
inline std::string server_state(const Host& host, const std::string& repo) {
  return host.git(repo, "for-each-ref --format='%(objectname) %(refname)'").out + "main tree " +
         host.rev(repo, "refs/heads/main^{tree}");
}

/// The approval ref of `person` for `commit` on the server ("" when there is none).
inline std::string approval_on_server(const Host& host, const std::string& repo, const std::string& commit,
                                      const std::string& person) {
  return host.rev(repo, "refs/release-gate/approvals/" + commit + "/" + person);
}

/// A team of four on a verified server: the import and a release candidate made by dev, the
/// candidate pushed to feature/a so that approvers can fetch the exact commit.
struct VerifiedTeam {
  explicit VerifiedTeam(Host& h) : host(h) {
    host.add_users({"dana", "dev", "eve", "sam"});
    host.create_repo("proj");
    host.install_policy("proj", verified_policy());
    write_file(policy_dir / "team.yml", verified_policy());
    dev.commit_file("README.md", "hello\n", "Initial import");
    auto r = dev.push_as("dev", "-q origin main");
    REQUIRE_MESSAGE(r.exit_code == 0, r.all() << "\n" << host.logs());
    // Made by dev (the clone's identity, dev@example.com); the record names the CDO.
    release = dev.release("feature/a", "a.txt", "a\n");
    r = dev.push_as("dev", "-q origin main:refs/heads/feature/a");
    REQUIRE_MESSAGE(r.exit_code == 0, r.all() << "\n" << host.logs());
    REQUIRE(host.rev("proj", "refs/heads/feature/a") == release);
  }

  /// `login`'s own clone with the candidate fetched (authenticated as `login`).
  std::unique_ptr<HostClient> clone_as(const std::string& login) const {
    auto c = std::make_unique<HostClient>(host, "proj");
    auto r = c->git_as(login, "fetch -q origin");
    REQUIRE_MESSAGE(r.exit_code == 0, r.all() << "\n" << host.logs());
    c->git("checkout -q -B main origin/main");
    return c;
  }

  /// `release-gate approve <release> --as <person> --config <team.yml> --push origin <extra>`
  /// (the build tree's binary) in `clone`, the push authenticated as `login`.
  RunResult approve(const HostClient& clone, const std::string& login, const std::string& person,
                    const std::string& extra = "") const {
    return run(host.push_env(login) + " " + sh_quote(bin("release-gate")) + " approve " + release + " --as " +
                   person + " --config " + sh_quote((policy_dir / "team.yml").string()) + " --push origin " + extra,
               clone.path());
  }

  /// dev pushes the release: main and the deletion of its work branch, atomically.
  RunResult push_release() const { return dev.push_as("dev", "--atomic origin main :feature/a"); }

  Host& host;
  TempDir policy_dir;  // the approvers' --config, outside every repository
  HostClient dev{host, "proj"};
  std::string release;
};

/// Done-when 1 and 4: the one CDO approves, from her own login and her own clone, a merge someone
/// else (dev) made; dev's push of the release is accepted.
inline void verified_cdo_approval_lets_release_in(Host& host) {
  VerifiedTeam t(host);
  const std::string before = server_state(host, "proj");

  // Without her approval the typed Authorized-By line proves nothing.
  auto r = t.push_release();
  CHECK(r.exit_code != 0);
  CHECK_MESSAGE(contains(r.err, "[approval/missing]"), r.err);
  CHECK(server_state(host, "proj") == before);

  auto dana = t.clone_as("dana");
  r = t.approve(*dana, "dana", "dana", "--role cdo");
  CHECK_MESSAGE(r.exit_code == 0, r.all() << "\n" << host.logs());
  CHECK(contains(r.out, "approve: pushed to origin"));
  const std::string approval = approval_on_server(host, "proj", t.release, "dana");
  CHECK(!approval.empty());
  CHECK(approval + "\n" == dana->git("rev-parse refs/release-gate/approvals/" + t.release + "/dana").out);
  auto a = host.audit("proj").back();
  CHECK(a["verdict"] == "accepted");
  CHECK(a["pusher"] == "dana");
  CHECK(a["pusher_source"] == host.pusher_variable());

  r = t.push_release();
  CHECK_MESSAGE(r.exit_code == 0, r.all() << "\n" << host.logs());
  CHECK(contains(r.err, "remote: release-gate: ok"));
  CHECK(host.rev("proj", "refs/heads/main") == t.release);
  CHECK(host.rev("proj", "refs/heads/feature/a").empty());
  a = host.audit("proj").back();
  CHECK(a["verdict"] == "accepted");
  CHECK(a["pusher"] == "dev");
}

/// Done-when 2 and 3: an approval by someone who holds no cdo role does not let the release in,
/// and the refusal names whose approval is missing with the exact command; the CDO's approval
/// ref pushed by anyone but the CDO is refused and not created.
inline void verified_wrong_or_forged_approval_is_refused(Host& host) {
  VerifiedTeam t(host);
  const std::string sha = t.release.substr(0, 12);

  // Eve approves as herself, from her own login: the ref is hers, so the server stores it...
  auto eve = t.clone_as("eve");
  auto r = t.approve(*eve, "eve", "eve");
  CHECK_MESSAGE(r.exit_code == 0, r.all() << "\n" << host.logs());
  CHECK(!approval_on_server(host, "proj", t.release, "eve").empty());

  // ...but she holds no cdo role: the release is refused, saying who must approve and how.
  std::string before = server_state(host, "proj");
  r = t.push_release();
  CHECK(r.exit_code != 0);
  CHECK_MESSAGE(contains(r.err, "release " + sha + " has no approval by a holder of `cdo` other than who made it (dev); "
                                "approvals present: eve [approval/missing]"),
                r.err);
  CHECK_MESSAGE(contains(r.err, "a holder of `cdo` (dana) approves this exact commit, logged in as themselves:"), r.err);
  CHECK_MESSAGE(contains(r.err, "release-gate approve " + sha + " --role cdo --push origin"), r.err);
  CHECK(contains(r.err, "! [remote rejected] main -> main (pre-receive hook declined)"));
  CHECK(server_state(host, "proj") == before);
  auto a = host.audit("proj").back();
  CHECK(a["verdict"] == "rejected");
  CHECK(a["pusher"] == "dev");

  // The CDO's approval ref written by someone else (eve, and dev who made the merge), each
  // logged in as themselves: refused, no ref created, nothing else moved.
  for (const std::string login : {"eve", "dev"}) {
    CAPTURE(login);
    auto clone = t.clone_as(login);
    before = server_state(host, "proj");
    r = t.approve(*clone, login, "dana", "--role cdo");
    CHECK(r.exit_code != 0);
    CHECK_MESSAGE(contains(r.err, login + " may not write the approval of `dana`: an approval ref is accepted only from "
                                          "the person it names [approval/not-yours]"),
                  r.err);
    CHECK(contains(r.err, "approve: the push failed"));
    CHECK(approval_on_server(host, "proj", t.release, "dana").empty());
    CHECK(server_state(host, "proj") == before);
    a = host.audit("proj").back();
    CHECK(a["verdict"] == "rejected");
    CHECK(a["pusher"] == login);
    CHECK(a["pusher_source"] == host.pusher_variable());
    CHECK(a["rules"] == nlohmann::json::array({"approval/not-yours"}));
  }

  // And the release is still refused for the CDO's missing approval.
  before = server_state(host, "proj");
  r = t.push_release();
  CHECK(r.exit_code != 0);
  CHECK(contains(r.err, "release-gate approve " + sha + " --role cdo --push origin"));
  CHECK(server_state(host, "proj") == before);
}

/// Done-when 5: the on-call pushes the SOP's literal rollback (`git revert -m 1 <release>`, as
/// it is, no record) from her own login; the same revert pushed by users without a rollback
/// role is refused.
inline void verified_on_call_pushes_rollback(Host& host) {
  VerifiedTeam t(host);
  auto dana = t.clone_as("dana");
  auto r = t.approve(*dana, "dana", "dana", "--role cdo");
  REQUIRE_MESSAGE(r.exit_code == 0, r.all() << "\n" << host.logs());
  r = t.push_release();
  REQUIRE_MESSAGE(r.exit_code == 0, r.all() << "\n" << host.logs());
  REQUIRE(host.rev("proj", "refs/heads/main") == t.release);

  // Sam, the on-call, reverts the release in her own clone.
  auto sam = t.clone_as("sam");
  sam->git("-c user.name='Sam Oncall' -c user.email=sam@example.com revert --no-edit -m 1 " + t.release);
  const std::string revert = sam->head();
  CHECK(!fs::exists(sam->path() / "a.txt"));

  // Pushed by someone who holds no rollback role (eve; dev, the release manager who made the
  // release and may move main): refused.
  for (const std::string login : {"eve", "dev"}) {
    CAPTURE(login);
    const std::string before = server_state(host, "proj");
    r = sam->push_as(login, "origin main");
    CHECK(r.exit_code != 0);
    CHECK_MESSAGE(contains(r.err, "commit " + revert.substr(0, 12) + " is a `git revert` with no rollback record, and "
                                  "the pusher (" + login + ") is not known to hold a rollback role (cdo, on-call)"),
                  r.err);
    CHECK(contains(r.err, "[rollback/no-record]"));
    CHECK(contains(r.err, "! [remote rejected] main -> main (pre-receive hook declined)"));
    CHECK(server_state(host, "proj") == before);
    auto a = host.audit("proj").back();
    CHECK(a["verdict"] == "rejected");
    CHECK(a["pusher"] == login);
  }

  // The on-call, proven by the host: accepted as it is.
  r = sam->push_as("sam", "origin main");
  CHECK_MESSAGE(r.exit_code == 0, r.all() << "\n" << host.logs());
  CHECK(host.rev("proj", "refs/heads/main") == revert);
  CHECK(host.git("proj", "cat-file -e refs/heads/main:a.txt").exit_code != 0);
  auto a = host.audit("proj").back();
  CHECK(a["verdict"] == "accepted");
  CHECK(a["pusher"] == "sam");
  CHECK(a["pusher_source"] == host.pusher_variable());
}

} // namespace rg::test::hosts
