// Class 5 (mislabelled): a release declared as a weaker type than the truth — multi-feature
// work as routine, customer-facing paths spelled another way, a re-release of rolled-back
// content dressed as new work without its RCA.
#include "tests/adversarial/harness.hpp"

#include <doctest/doctest.h>

using namespace rg::test;
using namespace rg::test::adv;

TEST_SUITE("type_downgrades") {

TEST_CASE("type_downgrades: two feature lines of work declared routine") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  c.feature("feature/one", "one.txt", "1\n");
  c.feature("feature/two", "two.txt", "2\n");
  SUBCASE("feature branches never pushed") {
    const Snapshot before = snapshot(s);
    c.merge_release("feature/one feature/two", "Release one and two\n\n" + kRoutine);
    auto r = push_refused(s, c, before, "origin main");
    CHECK_MESSAGE(contains(r.err, "routine"), r.err);
  }
  SUBCASE("feature branches pushed, then deleted before the release") {
    expect_accepted(c.push("-q origin feature/one feature/two"));
    expect_accepted(c.push("-q origin :feature/one :feature/two"));
    const Snapshot before = snapshot(s);
    c.merge_release("feature/one feature/two", "Release one and two\n\n" + kRoutine);
    push_refused(s, c, before, "origin main");
  }
  SUBCASE("both merged into an integration branch first, one merge into main") {
    expect_accepted(c.push("-q origin feature/one feature/two"));
    c.git("checkout -q -b integration main");
    c.git("merge -q --no-ff --no-edit feature/one");
    c.git("merge -q --no-ff --no-edit feature/two");
    const Snapshot before = snapshot(s);
    c.merge_release("integration", "Release integration\n\n" + kRoutine);
    push_refused(s, c, before, "--atomic origin main :feature/one :feature/two");
  }
  SUBCASE("second feature squashed into the first branch") {
    expect_accepted(c.push("-q origin feature/one feature/two"));
    c.git("checkout -q feature/one");
    c.git("merge -q --no-ff --no-edit feature/two");
    const Snapshot before = snapshot(s);
    c.merge_release("feature/one", "Release one\n\n" + kRoutine);
    push_refused(s, c, before, "--atomic origin main :feature/one :feature/two");
  }
}

TEST_CASE("type_downgrades: customer-facing paths spelled differently, declared routine") {
  for (const std::string path : {"Pricing/plan.html", "web/PRICING/index.html", "site/Offer/page.html",
                                 "site/OFFER.html", "web/pricing.HTML"}) {
    CAPTURE(path);
    Server s;
    Client c(s);
    bootstrap(s, c);
    c.feature("feature/p", path, "<p>$9</p>\n");
    const Snapshot before = snapshot(s);
    c.merge_release("feature/p", "Release plans\n\n" + kRoutine);
    auto r = push_refused(s, c, before, "origin main");
    CHECK_MESSAGE(contains(r.err, path), r.err);
  }
}

TEST_CASE("type_downgrades: a pricing page brought in by a pure rename, declared routine") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  ship_release(s, c, "feature/draft", "drafts/plan.html", "<p>$9</p>\n");
  c.git("checkout -q -b feature/move main");
  c.git("mv drafts web");
  fs::create_directories(c.path() / "web" / "pricing");
  c.git("mv web/plan.html web/pricing/plan.html");
  c.git("commit -q --no-verify -m 'Move draft'");
  const Snapshot before = snapshot(s);
  c.merge_release("feature/move", "Release move\n\n" + kRoutine);
  auto r = push_refused(s, c, before, "origin main");
  CHECK_MESSAGE(contains(r.err, "web/pricing/plan.html"), r.err);
}

TEST_CASE("type_downgrades: re-release of rolled-back content without Revert in the message and no RCA") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  const std::string release = ship_release(s, c, "feature/bad", "bad.txt", "regression\n");
  const std::string original = c.rev(release + "^2");
  c.git("revert --no-edit -m 1 " + release);
  const std::string rollback = c.reword(trimmed(c.git("log -1 --format=%B").out) +
                                        "\n\nRelease-Type: rollback\nRollback-Of: " + release + "\n" + kRollbackTail);
  expect_accepted(c.push("-q origin main"));
  REQUIRE(s.rev("refs/heads/main") == rollback);
  c.git("checkout -q -b feature/again main");
  SUBCASE("the same file re-added by a new commit") {
    c.commit_file("bad.txt", "regression\n", "Add bad.txt");
  }
  SUBCASE("the original commit cherry-picked") {
    c.git("cherry-pick " + original);
  }
  SUBCASE("the revert of the rollback, reworded") {
    c.git("revert --no-edit " + rollback);
    c.reword("Restore the login flow\n");
  }
  const Snapshot before = snapshot(s);
  c.merge_release("feature/again", "Release login flow\n\n" + kRoutine);
  auto r = push_refused(s, c, before, "origin main");
  CHECK_MESSAGE(contains(r.err, "RCA"), r.err);
}

} // TEST_SUITE
