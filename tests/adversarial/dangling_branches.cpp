// Class 7 (racing) and the SOP's clean-up rule: after a push no feature branch may sit fully
// merged into main. The ways around it: push the branch back after the release, re-point one at
// old main history, name it outside the default globs, or have git refuse the deletion after
// the hook said yes.
#include "tests/adversarial/harness.hpp"
#include "tests/adversarial/rawpush.hpp"

#include <doctest/doctest.h>

using namespace rg::test;
using namespace rg::test::adv;

TEST_SUITE("dangling_branches") {

TEST_CASE("dangling_branches: feature/x pushed back after its release is on main") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  ship_release(s, c, "feature/x", "x.txt", "x\n");
  const std::string tip = c.rev("feature/x");  // the commit main merged
  const Snapshot before = snapshot(s);
  SUBCASE("at the merged feature tip") {
    auto r = push_refused(s, c, before, "origin feature/x");
    CHECK_MESSAGE(contains(r.err, "feature/x"), r.err);
  }
  SUBCASE("at the merged feature tip, via the raw client") {
    auto rep = raw::push(s.bare, {{raw::kZeroId, tip, "refs/heads/feature/x"}}, raw::empty_pack());
    expect_raw_refused(s, before, rep);
  }
  SUBCASE("at the release's first parent (main before the release)") {
    push_refused(s, c, before, "origin main^:refs/heads/feature/x");
  }
  CHECK(s.rev("refs/heads/feature/x").empty());
}

// Not a hole: a branch at main's current tip is how new work starts (`git switch -c feature/y
// main && git push -u origin feature/y`); nothing merged is left behind by it.
TEST_CASE("dangling_branches: control — a new branch at main's tip (starting work) is accepted") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  ship_release(s, c, "feature/x", "x.txt", "x\n");
  expect_accepted(c.push("origin main:refs/heads/feature/y"));
}

TEST_CASE("dangling_branches: an existing feature branch re-pointed at old main history") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  const std::string old_main = c.rev("main");
  ship_release(s, c, "feature/a", "a.txt", "a\n");
  c.feature("feature/y", "y.txt", "y\n");
  expect_accepted(c.push("-q origin feature/y"));
  const Snapshot before = snapshot(s);
  SUBCASE("force-push to an old main commit") {
    auto r = push_refused(s, c, before, "--force origin " + old_main + ":refs/heads/feature/y");
    CHECK_MESSAGE(contains(r.err, "feature/y"), r.err);
  }
  SUBCASE("a new branch created at an old main commit") {
    auto r = push_refused(s, c, before, "origin " + old_main + ":refs/heads/feature/old");
    CHECK_MESSAGE(contains(r.err, "feature/old"), r.err);
  }
}

TEST_CASE("dangling_branches: a merged branch named outside the default globs is left behind") {
  for (const std::string name : {"wip-thing", "bob/x", "Feature/x"}) {
    CAPTURE(name);
    Server s;
    Client c(s);
    bootstrap(s, c);
    c.feature(name, "w.txt", "w\n");
    expect_accepted(c.push("-q origin " + sh_quote(name)));
    const Snapshot before = snapshot(s);
    c.merge_release(sh_quote(name), "Release " + name + "\n\n" + kRoutine);
    auto r = push_refused(s, c, before, "origin main");
    CHECK_MESSAGE(contains(r.err, name), r.err);
    // The honest form (delete it in the same push) passes.
    expect_accepted(c.push("--atomic origin main :" + sh_quote(name)));
  }
}

TEST_CASE("dangling_branches: main + a deletion git refuses after the hook said yes (forged old value)") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  const std::string base = c.rev("main");
  const std::string tip = c.feature("feature/x", "x.txt", "x\n");
  expect_accepted(c.push("-q origin feature/x"));
  const std::string merge = c.merge_release("feature/x", "Release x\n\n" + kRoutine);
  const Snapshot before = snapshot(s);
  const std::string forged = base;  // not feature/x's current value: the deletion cannot apply
  auto rep = raw::push(s.bare,
                       {{base, merge, "refs/heads/main"}, {forged, raw::kZeroId, "refs/heads/feature/x"}},
                       raw::build_pack(c.path(), {merge, "^" + base, "^" + tip}));
  CHECK_MESSAGE(!rep.any_ok(), rep.dump());
  CHECK_MESSAGE(snapshot(s) == before, rep.dump());
  CHECK(s.rev("refs/heads/main") == base);
  CHECK(s.rev("refs/heads/feature/x") == tip);
}

TEST_CASE("dangling_branches: main + a deletion git refuses after the hook said yes (receive.denyDeletes)") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  const std::string base = c.rev("main");
  c.feature("feature/x", "x.txt", "x\n");
  expect_accepted(c.push("-q origin feature/x"));
  s.git("config receive.denyDeletes true");
  c.merge_release("feature/x", "Release x\n\n" + kRoutine);
  const Snapshot before = snapshot(s);
  push_refused(s, c, before, "origin main :feature/x");  // not atomic
  CHECK(s.rev("refs/heads/main") == base);
}

TEST_CASE("dangling_branches: the deletion is of a different ref that merely looks like the branch") {
  // The push deletes refs/tags/feature/x (a tag of the same short name), not the branch.
  Server s;
  Client c(s);
  bootstrap(s, c);
  c.feature("feature/x", "x.txt", "x\n");
  expect_accepted(c.push("-q origin feature/x"));
  c.git("tag feature/x feature/x");  // tag and branch of the same name
  expect_accepted(c.push("-q origin refs/tags/feature/x"));
  c.merge_release("refs/heads/feature/x", "Release x\n\n" + kRoutine);
  const Snapshot before = snapshot(s);
  push_refused(s, c, before, "--atomic origin main :refs/tags/feature/x");
}

} // TEST_SUITE
