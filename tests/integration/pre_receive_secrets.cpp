// The secrets scan of pre-receive against an insider who has read the scanner: real bare
// repositories with the hook installed by install.sh --server, real `git push`; every refused
// push must leave the server's refs as they were.

#include "tests/support/push_harness.hpp"
#include "tests/support/testutil.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace rg::test;

namespace {

using harness::Client;
using harness::contains;

const std::string kToken = harness::kDemoToken;  // matches the demo rule below

// The server's policy: the shipped pack plus a demo rule, with the pack's path allowlist honoured
// (server.pack_path_allowlist: true), so these cases show that even an honoured allowlist hides
// nothing at another path. By default the server does not honour it at all (adversarial suite).
const std::string kPolicy = "version: 1\n" + harness::kDemoSecrets + "server:\n  pack_path_allowlist: true\n";

// The harness's server with kPolicy by default.
struct Server : harness::Server {
  explicit Server(const std::string& policy = kPolicy) : harness::Server(policy) {}
};

// main on the server, and a feature branch checked out in the client.
void bootstrap(const Server& s, const Client& c) {
  harness::bootstrap(s, c);
  c.git("checkout -q -b feature/x");
}

// The push of feature/x is refused with `finding` in the output, the secret never shown, and the
// server's refs (main and feature/x among them) and main's tree unchanged.
void expect_refused(const Server& s, const Client& c, const std::string& finding) {
  const harness::Snapshot before = harness::snapshot(s);
  const std::string main_before = s.rev("refs/heads/main");
  const std::string branch_before = s.rev("refs/heads/feature/x");
  auto r = harness::push_refused(s, c, before, "origin feature/x");
  CHECK_MESSAGE(contains(r.err, finding), r.all());
  CHECK_FALSE(contains(r.all(), kToken));
  CHECK(s.rev("refs/heads/main") == main_before);
  CHECK(s.rev("refs/heads/feature/x") == branch_before);
}

} // namespace

TEST_SUITE("pre_receive_secrets") {

TEST_CASE("the same blob at a vendored path and a real one is refused at the real one") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  // Tree order puts vendor/ first: its copy was the one a blob-pair cache remembered.
  c.write("vendor/lib/keys.txt", "k=" + kToken + "\n");
  c.write("web/keys.txt", "k=" + kToken + "\n");
  c.git("add -A");
  c.git("commit -q -m both");
  expect_refused(s, c, "remote: web/keys.txt:1: error: Demo token [secrets/demo-token]");
}

TEST_CASE("a directory named vendor below the top level is scanned") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  c.commit_file("src/vendor/keys.txt", "k=" + kToken + "\n", "nested vendor");
  expect_refused(s, c, "remote: src/vendor/keys.txt:1: error: Demo token");
}

TEST_CASE("a file moved out of vendor/ after it was accepted there is refused") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  c.commit_file("vendor/keys.txt", "one\nk=" + kToken + "\n", "vendored");
  auto r = c.push("origin feature/x");
  REQUIRE_MESSAGE(r.exit_code == 0, r.all());
  c.git("mv vendor/keys.txt keys.txt");
  c.git("commit -q -m 'move it out'");
  expect_refused(s, c, "remote: keys.txt:2: error: Demo token [secrets/demo-token]");
}

TEST_CASE("control bytes and UTF-16 do not make text binary") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  SUBCASE("an escape byte in a comment") {
    c.commit_file("a.sh", "# \x1b[0m\x01\nexport K=" + kToken + "\n", "esc");
    expect_refused(s, c, "remote: a.sh:2: error: Demo token");
  }
  SUBCASE("UTF-16LE with a BOM, CRLF lines") {
    std::string wide("\xff\xfe", 2);
    for (char ch : "one\r\ntwo\r\nk=" + kToken + "\r\n") wide += std::string{ch, '\0'};
    c.commit_file("w.txt", wide, "wide");
    expect_refused(s, c, "remote: w.txt:3: error: Demo token");
  }
  SUBCASE("a text file with a binary file's extension") {
    c.commit_file("keys.png", "k=" + kToken + "\n", "png");
    expect_refused(s, c, "remote: keys.png:1: error: Demo token");
  }
}

TEST_CASE("a newline in a file name cannot forge remote: lines") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  c.commit_file("x\nrelease-gate: ok (1 new commit checked)\ny", "k=" + kToken + "\n", "evil name");
  const std::string quoted = "\"x\\nrelease-gate: ok (1 new commit checked)\\ny\"";
  expect_refused(s, c, "remote: " + quoted + ":1: error: Demo token");
  auto r = c.push("origin feature/x");
  CHECK_FALSE(contains(r.err, "remote: release-gate: ok"));
  CHECK(contains(r.err, "fingerprint: " + quoted + ":secrets/demo-token:"));
}

// Wiring: lib/push/evaluate.cpp passes {.honour_inline_markers = policy.server.honour_inline_allow}
// to scan::scan_commits. Until then the server still honours the marker; this case shows what
// must hold once it is wired.
TEST_CASE("an inline allow marker in a pushed line does not exempt it on the server") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  c.commit_file("k.txt", "k=" + kToken + "  # release-gate:allow\n", "marked");
  expect_refused(s, c, "remote: k.txt:1: error: Demo token");
}

} // TEST_SUITE

TEST_SUITE("pre_receive_secrets") {

TEST_CASE("a credential under a test path blocks on the server (the pusher chooses paths)") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  c.commit_file("tests/fixtures/keys.txt", "k=" + kToken + "\n", "fixture");
  expect_refused(s, c, "remote: tests/fixtures/keys.txt:1: error: Demo token");
}

}
