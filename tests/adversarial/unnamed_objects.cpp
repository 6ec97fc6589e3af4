// Classes 1 and 2 (elsewhere, earlier): objects no ref names. git keeps the whole pack of an
// accepted push, so a commit C carrying a secret can reach the server's store riding on a
// harmless ref update, and be pointed to by a later push. The later push must still be judged
// on C's content: the store holding C proves nothing about C having passed the gate.
#include "tests/adversarial/harness.hpp"
#include "tests/adversarial/rawpush.hpp"

#include <doctest/doctest.h>

using namespace rg::test;
using namespace rg::test::adv;

namespace {

// C: a commit off main adding notes/deploy.txt with the demo secret (and nothing the shipped
// pack would flag on its own), on local branch `branch`.
std::string secret_commit(const Client& c, const std::string& branch) {
  c.git("checkout -q -b " + branch + " main");
  c.commit_file("notes/deploy.txt", "deploy notes\nuse " + kToken + " for staging\n", "add notes");
  c.git("checkout -q main");
  return c.rev(branch);
}

// Push 1 (raw): creates refs/heads/feature/harmless at a harmless commit H, with C in the pack.
// Returns H.
std::string smuggle(const Server& s, const Client& c, const std::string& secret) {
  const std::string base = c.rev("main");
  const std::string h = c.feature("feature/harmless", "ok.txt", "fine\n");
  c.git("checkout -q main");
  auto rep = raw::push(s.bare, {{raw::kZeroId, h, "refs/heads/feature/harmless"}},
                       raw::build_pack(c.path(), {h, secret, "^" + base}));
  INFO("push 1 (harmless ref, secret commit in the pack): " << rep.dump());
  return h;
}

// The rule and the path; the commit named may be C or the commit that brings C in.
void expect_secret_reported(const std::string& err, const std::string& path) {
  CHECK_MESSAGE(contains(err, "secrets/demo-token"), err);
  CHECK_MESSAGE(contains(err, path), err);
  CHECK_FALSE(contains(err, kToken));
}

// C smuggled in by push 1, then `ref` created at C by the raw client with an empty pack: refused,
// the server unchanged, the secret reported.
void expect_smuggled_named_refused(const std::string& ref) {
  Server s;
  Client c(s);
  bootstrap(s, c);
  const std::string secret = secret_commit(c, "feature/c");
  smuggle(s, c, secret);
  const Snapshot before = snapshot(s);
  auto rep = raw::push(s.bare, {{raw::kZeroId, secret, ref}}, raw::empty_pack());
  expect_raw_refused(s, before, rep);
  expect_secret_reported(rep.err, "notes/deploy.txt");
}

} // namespace

TEST_SUITE("unnamed_objects") {

TEST_CASE("unnamed_objects: smuggled in an unrelated push, then a branch is pointed at it (git client)") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  const std::string secret = secret_commit(c, "feature/c");
  smuggle(s, c, secret);
  const Snapshot before = snapshot(s);
  auto r = push_refused(s, c, before, "origin feature/c");
  expect_secret_reported(r.err, "notes/deploy.txt");
}

TEST_CASE("unnamed_objects: smuggled, then a branch is pointed at it with an empty pack (raw client)") {
  expect_smuggled_named_refused("refs/heads/feature/c");
}

TEST_CASE("unnamed_objects: smuggled, then a tag is pointed at it (raw client)") {
  expect_smuggled_named_refused("refs/tags/v9");
}

TEST_CASE("unnamed_objects: smuggled, the carrier ref deleted, then main gains C in a full release") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  const std::string secret = secret_commit(c, "feature/c");
  smuggle(s, c, secret);
  if (!s.rev("refs/heads/feature/harmless").empty()) expect_accepted(c.push("-q origin :feature/harmless"));
  const Snapshot before = snapshot(s);
  c.merge_release("feature/c", "Release config\n\n" + kRoutine);
  auto r = push_refused(s, c, before, "origin main");
  expect_secret_reported(r.err, "notes/deploy.txt");
}

TEST_CASE("unnamed_objects: push 1 creates tmp at C and is refused; push 2 must be refused too") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  const std::string secret = secret_commit(c, "tmp");
  const Snapshot before = snapshot(s);
  push_refused(s, c, before, "origin tmp");
  SUBCASE("git client, another branch") {
    c.git("branch feature/again " + secret);
    auto r2 = push_refused(s, c, before, "origin feature/again");
    expect_secret_reported(r2.err, "notes/deploy.txt");
  }
  SUBCASE("raw client, empty pack") {
    auto rep = raw::push(s.bare, {{raw::kZeroId, secret, "refs/heads/feature/again"}}, raw::empty_pack());
    expect_raw_refused(s, before, rep);
  }
}

TEST_CASE("unnamed_objects: C accepted before the secret rule existed; main gains it later") {
  Server s(kPolicyNoDemoRule);
  Client c(s);
  bootstrap(s, c);
  const std::string secret = secret_commit(c, "feature/c");
  expect_accepted(c.push("-q origin feature/c"));  // no rule knew the token yet
  s.set_policy(kPolicy);
  const Snapshot before = snapshot(s);
  SUBCASE("a release merge with a full record, branch deleted atomically") {
    c.merge_release("feature/c", "Release config\n\n" + kRoutine);
    auto r = push_refused(s, c, before, "--atomic origin main :feature/c");
    expect_secret_reported(r.err, "notes/deploy.txt");
  }
  SUBCASE("the branch is deleted first, then the release merge") {
    expect_accepted(c.push("-q origin :feature/c"));
    const Snapshot before2 = snapshot(s);
    c.merge_release("feature/c", "Release config\n\n" + kRoutine);
    auto r = push_refused(s, c, before2, "origin main");
    expect_secret_reported(r.err, "notes/deploy.txt");
  }
}

TEST_CASE("unnamed_objects: a secret blob in the pack that no pushed commit contains (raw client)") {
  // Push 1 carries a loose secret blob next to a harmless commit; push 2 adds it to a commit.
  Server s;
  Client c(s);
  bootstrap(s, c);
  c.write("loose.txt", "use " + kToken + " for staging\n");
  const std::string blob = trimmed(c.git("hash-object -w loose.txt").out);
  fs::remove(c.path() / "loose.txt");
  const std::string base = c.rev("main");
  const std::string h = c.feature("feature/harmless", "ok.txt", "fine\n");
  std::string pack = raw::build_pack_of(c.path(), {h, trimmed(c.git("rev-parse " + h + "^{tree}").out),
                                                   trimmed(c.git("rev-parse " + h + ":ok.txt").out), blob});
  auto rep = raw::push(s.bare, {{raw::kZeroId, h, "refs/heads/feature/harmless"}}, pack);
  INFO("push 1: " << rep.dump());
  // Push 2: a commit whose tree reuses the blob the server already holds.
  c.git("checkout -q -b feature/reuse main");
  c.git("update-index --add --cacheinfo 100644," + blob + ",notes/deploy.txt");
  c.git("commit -q --no-verify -m 'reuse'");
  const Snapshot before = snapshot(s);
  auto r = push_refused(s, c, before, "origin feature/reuse");
  expect_secret_reported(r.err, "notes/deploy.txt");
}

} // TEST_SUITE
