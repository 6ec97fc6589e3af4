// Positive controls: the legitimate pushes the adversarial cases are variations of. If one of
// these fails, the gate is refusing honest work (or the harness is broken) and the refusals in
// the other suites mean nothing.
#include "tests/adversarial/harness.hpp"
#include "tests/adversarial/rawpush.hpp"

#include <doctest/doctest.h>

using namespace rg::test;
using namespace rg::test::adv;

TEST_SUITE("positive_controls") {

TEST_CASE("positive: a routine release merge with a full record, feature branch deleted atomically") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  c.feature("feature/login", "login.txt", "login\n");
  REQUIRE(c.push("-q origin feature/login").exit_code == 0);
  const std::string merge = c.merge_release("feature/login", "Release login\n\n" + kRoutine);
  auto r = c.push("--atomic origin main :feature/login");
  expect_accepted(r);
  CHECK(s.rev("refs/heads/main") == merge);
  CHECK(s.rev("refs/heads/feature/login").empty());
}

TEST_CASE("positive: a hotfix direct commit") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  c.write("crash.txt", "fixed\n");
  c.git("add crash.txt");
  const std::string fix = c.commit_msg("Hotfix: crash on login\n\n" + kHotfix, false);
  auto r = c.push("origin main");
  expect_accepted(r);
  CHECK(s.rev("refs/heads/main") == fix);
}

TEST_CASE("positive: a real rollback (git revert -m 1 of a release on main, authorized by the CDO)") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  const std::string release = ship_release(s, c, "feature/bad", "bad.txt", "regression\n");
  c.git("revert --no-edit -m 1 " + release);
  const std::string git_msg = c.git("log -1 --format=%B").out;
  const std::string rollback =
      c.reword(trimmed(git_msg) + "\n\nRelease-Type: rollback\nRollback-Of: " + release + "\n" + kRollbackTail);
  auto r = c.push("origin main");
  expect_accepted(r);
  CHECK(s.rev("refs/heads/main") == rollback);
  CHECK(s.rev("refs/heads/main:bad.txt").empty());
}

TEST_CASE("positive: the raw client creates a clean feature branch and deletes it") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  const std::string base = c.head();
  const std::string tip = c.feature("feature/raw", "raw.txt", "raw\n");
  auto rep = raw::push(s.bare, {{raw::kZeroId, tip, "refs/heads/feature/raw"}},
                       raw::build_pack(c.path(), {tip, "^" + base}));
  CHECK_MESSAGE(rep.unpack == "ok", rep.dump());
  CHECK_MESSAGE(rep.status["refs/heads/feature/raw"] == "ok", rep.dump());
  CHECK(rep.advertised.at("refs/heads/main") == base);
  CHECK(s.rev("refs/heads/feature/raw") == tip);

  rep = raw::push(s.bare, {{tip, raw::kZeroId, "refs/heads/feature/raw"}}, "", raw::Options{.atomic = true, .push_options = {}});
  CHECK_MESSAGE(rep.status["refs/heads/feature/raw"] == "ok", rep.dump());
  CHECK(s.rev("refs/heads/feature/raw").empty());
}

TEST_CASE("positive: a small push under the adversarial budget policy (300 ms, fail_closed: false)") {
  Server s(kPolicy + "  time_budget_ms: 300\n  fail_closed: false\n");
  Client c(s);
  bootstrap(s, c);
  c.feature("feature/small", "small.txt", "small\n");
  expect_accepted(c.push("origin feature/small"));
}

} // TEST_SUITE
