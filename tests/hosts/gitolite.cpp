// gitolite3 over a real OpenSSH sshd on 127.0.0.1: each user logs in with their own key, gitolite
// names them in GL_USER, release-gate's pre-receive (installed by install.sh) judges the push.

#include "tests/hosts/support/scenarios.hpp"

#include <doctest/doctest.h>

using namespace rg::test;
using namespace rg::test::hosts;

TEST_SUITE("host-gitolite") {

TEST_CASE("gitolite: GL_USER reaches the hook and the audit log") {
  GitoliteHost host;
  identity_reaches_the_audit_log(host);
}

TEST_CASE("gitolite: release.push_roles refuses alice and dana, accepts dana@example.com") {
  GitoliteHost host;
  push_roles_decide_who_moves_main(host);
}

TEST_CASE("gitolite: break-glass push options reach the hook over SSH") {
  GitoliteHost host;
  break_glass_through_the_host(host);
}

TEST_CASE("gitolite: a key gitolite does not know never reaches the hook") {
  GitoliteHost host;
  host.add_users({"dana@example.com"});
  host.create_repo("proj");
  host.install_policy("proj", host_policy());
  HostClient c(host, "proj");
  bootstrap(host, c, "proj");
  // sshd refuses the key before gitolite or any hook runs.
  c.git("checkout -q -b feature/y");
  c.commit_file("y.txt", "y\n", "work on y");
  run_ok("ssh-keygen -q -t ed25519 -N '' -f " + sh_quote((c.path() / ".git/stranger").string()));
  auto r = run("GIT_SSH_COMMAND='ssh -i .git/stranger -o IdentitiesOnly=yes -o BatchMode=yes "
               "-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR' git push origin feature/y",
               c.path());
  CHECK(r.exit_code != 0);
  CHECK(contains(r.err, "Permission denied (publickey)"));
  CHECK(host.audit("proj").size() == 1);
  CHECK(host.rev("proj", "refs/heads/feature/y").empty());
}

} // TEST_SUITE
