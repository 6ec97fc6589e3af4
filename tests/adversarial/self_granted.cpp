// Class 4 (self-granted): exceptions, identities and approvals written by the pusher — ignore
// files, inline markers and policy files in the pushed tree, the author approving their own
// release. Only the server's own files may grant anything.
#include "tests/adversarial/harness.hpp"

#include <doctest/doctest.h>

using namespace rg::test;
using namespace rg::test::adv;

namespace {

const std::string kLeak = "deploy notes\nuse " + kToken + " for staging\n";

// feature/leak as committed now, pushed: refused, the server unchanged, the demo rule named.
void expect_leak_refused(const Server& s, const Client& c) {
  const Snapshot before = snapshot(s);
  auto r = push_refused(s, c, before, "origin feature/leak");
  CHECK_MESSAGE(contains(r.err, "secrets/demo-token"), r.err);
}

} // namespace

TEST_SUITE("self_granted") {

TEST_CASE("self_granted: the release's author is its only authorizer (separation of duties)") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  c.feature("feature/own", "own.txt", "own\n");
  expect_accepted(c.push("-q origin feature/own"));
  const Snapshot before = snapshot(s);
  c.git("checkout -q main");
  c.git("merge -q --no-ff --no-edit feature/own");
  c.git("-c user.name='Dana Cruz' -c user.email=dana@example.com commit -q --no-verify --cleanup=verbatim --amend "
        "--reset-author -F -",
        "Release own\n\n" + kRoutine);
  push_refused(s, c, before, "--atomic origin main :feature/own");
}

TEST_CASE("self_granted: a .release-gate-ignore in the pushed tree with the secret's fingerprint") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  c.git("checkout -q -b feature/leak main");
  c.commit_file("notes/deploy.txt", kLeak, "notes");
  const Snapshot before = snapshot(s);
  auto r = push_refused(s, c, before, "origin feature/leak");
  const auto at = r.err.find("fingerprint: ");
  REQUIRE_MESSAGE(at != std::string::npos, r.err);
  const std::string fp = trimmed(r.err.substr(at + 13, r.err.find('\n', at) - at - 13));
  c.commit_file(".release-gate-ignore", fp + "\n", "ignore a false positive");
  r = push_refused(s, c, before, "origin feature/leak");
  CHECK_MESSAGE(contains(r.err, "secrets/demo-token"), r.err);
}

TEST_CASE("self_granted: an inline release-gate:allow marker on the secret's line") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  c.git("checkout -q -b feature/leak main");
  c.commit_file("notes/deploy.txt", "use " + kToken + " for staging # release-gate:allow\n", "notes");
  expect_leak_refused(s, c);
}

TEST_CASE("self_granted: a pushed .release-gate.yml that allowlists every path") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  c.git("checkout -q -b feature/leak main");
  c.write(".release-gate.yml", "version: 1\nsecrets:\n  allowlist:\n    paths: ['.*']\n");
  c.write("notes/deploy.txt", kLeak);
  c.git("add -A");
  c.git("commit -q --no-verify -m 'notes and config'");
  expect_leak_refused(s, c);
}

TEST_CASE("self_granted: a pushed .release-gate.yml that makes the pusher a CDO, used by the same release") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  c.git("checkout -q -b feature/roles main");
  c.commit_file(".release-gate.yml", "version: 1\nrelease:\n  roles:\n    cdo: [\"Eve Intern <eve@example.com>\"]\n",
                "roles");
  expect_accepted(c.push("-q origin feature/roles"));
  const Snapshot before = snapshot(s);
  c.merge_release("feature/roles",
                  "Release roles\n\nRelease-Type: architecture\nAuthorized-By: Eve Intern <eve@example.com>\n"
                  "CEO-Aware: #exec-checkins 2026-01-02\nQA-Signoff: QA-9 PASS\n"
                  "Rollback-Plan: git revert -m 1 HEAD; eta 30m; executor code.platform\n"
                  "Monitoring-Window: 48h; owner cdo\n");
  push_refused(s, c, before, "--atomic origin main :feature/roles");
}

TEST_CASE("self_granted: a secret under a path the shipped allowlist skips (vendor/, lock files)") {
  // Policy call, beyond the brief: the shipped pack skips vendor/ and lock files to cut false
  // positives, but the pusher chooses paths. Listed so the choice is made on purpose.
  for (const std::string path : {"vendor/acme/notes.txt", "web/yarn.lock"}) {
    CAPTURE(path);
    Server s;
    Client c(s);
    bootstrap(s, c);
    c.git("checkout -q -b feature/leak main");
    c.commit_file(path, kLeak, "notes");
    const Snapshot before = snapshot(s);
    push_refused(s, c, before, "origin feature/leak");
  }
}

} // TEST_SUITE
