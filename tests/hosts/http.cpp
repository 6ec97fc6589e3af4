// Apache2 serving git http-backend on 127.0.0.1 behind HTTP basic auth (an htpasswd file): the
// web server names the user in REMOTE_USER, release-gate's pre-receive (installed by install.sh)
// judges the push.

#include "tests/hosts/support/scenarios.hpp"

#include <doctest/doctest.h>

using namespace rg::test;
using namespace rg::test::hosts;

TEST_SUITE("host-http") {

TEST_CASE("http: REMOTE_USER reaches the hook and the audit log") {
  HttpHost host;
  identity_reaches_the_audit_log(host);
}

TEST_CASE("http: release.push_roles refuses alice and dana, accepts dana@example.com") {
  HttpHost host;
  push_roles_decide_who_moves_main(host);
}

TEST_CASE("http: break-glass push options reach the hook over HTTP") {
  HttpHost host;
  break_glass_through_the_host(host);
}

TEST_CASE("http: a wrong password never reaches the hook") {
  HttpHost host;
  host.add_users({"dana@example.com"});
  host.create_repo("proj");
  host.install_policy("proj", host_policy());
  HostClient c(host, "proj");
  bootstrap(host, c, "proj");
  c.release("feature/a", "a.txt", "a\n");
  auto r = run(host.push_env_with_password("dana@example.com", "wrong") + " git push origin main", c.path());
  CHECK(r.exit_code != 0);
  CHECK(contains(r.err, "Authentication failed"));
  CHECK(host.audit("proj").size() == 1);
  CHECK(host.rev("proj", "refs/heads/main") != c.head());
}

} // TEST_SUITE
