#pragma once
// Scenarios every host must pass, written once over the Host interface; tests/hosts/<host>.cpp
// run them against a real server (TEST_CASE per scenario and host).

#include "tests/hosts/support/client.hpp"

#include <doctest/doctest.h>

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

} // namespace rg::test::hosts
