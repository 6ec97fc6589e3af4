// lib/rollback: messages, re-release detection, paperwork, and the library API on real
// repositories (compare-and-swap, verification, nothing written before publish()).
#include "lib/git/check.hpp"
#include "lib/git/handles.hpp"
#include "lib/git/repo.hpp"
#include "lib/rollback/message.hpp"
#include "lib/rollback/paperwork.hpp"
#include "lib/rollback/rollback.hpp"
#include "lib/rollback/verify.hpp"
#include "tests/support/testutil.hpp"

#include <doctest/doctest.h>

#include <map>

using namespace rg::rollback;
using rg::test::TempRepo;

namespace {

const rg::git::Library kLibgit2;

const std::string kA = "1111111111111111111111111111111111111111";
const std::string kB = "2222222222222222222222222222222222222222";
const std::string kP = "3333333333333333333333333333333333333333";

std::string trim_nl(std::string s) {
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

git_oid oid(const std::string& hex) {
  auto id = rg::git::parse_oid(trim_nl(hex));
  REQUIRE(id.has_value());
  return *id;
}

std::string objects_state(const TempRepo& r) { return r.git("count-objects -v").out; }

} // namespace

TEST_SUITE("rollback") {
TEST_CASE("revert messages are git's, plus the rollback trailers") {
  Reverted plain{kA, "Add pricing page\n\nLong body.\n\nAuthorized-By: cdo\n", kP, false};
  CHECK(revert_message(plain, "") ==
        "Revert \"Add pricing page\"\n\nThis reverts commit " + kA +
            ".\n\nRelease-Type: rollback\nRollback-Of: " + kA + "\n");
  Reverted merge{kB, "\n\nMerge branch 'feature/x'\n", kP, true};
  CHECK(revert_message(merge, "INC-42") ==
        "Revert \"Merge branch 'feature/x'\"\n\nThis reverts commit " + kB +
            ", reversing\nchanges made to " + kP +
            ".\n\nRelease-Type: rollback\nRollback-Of: " + kB + "\nIncident: INC-42\n");
  CHECK(squash_message("v1.2", {plain, merge}, "INC-1") ==
        "Revert release v1.2 (2 commits)\n\n"
        "This reverts commit " + kA + ". (\"Add pricing page\")\n"
        "This reverts commit " + kB + ", reversing\nchanges made to " + kP +
            ". (\"Merge branch 'feature/x'\")\n\n"
        "Release-Type: rollback\nRollback-Of: " + kA + "\nRollback-Of: " + kB + "\nIncident: INC-1\n");
}

TEST_CASE("trailers mark rollbacks; revert bodies name what they revert") {
  const std::string rb = revert_message({kA, "x\n", kP, false}, "");
  CHECK(is_rollback_message(rb));
  CHECK(rollback_of(rb) == std::vector<std::string>{kA});
  CHECK_FALSE(is_rollback_message("Revert \"x\"\n\nThis reverts commit " + kA + ".\n"));
  CHECK(is_rollback_message("fix\n\nrelease-type: Rollback\n"));
  CHECK(reverts_named("Revert \"x\"\n\nThis reverts commit " + kA + ".\n") == std::vector<std::string>{kA});
  CHECK(reverts_named("see: This reverts commit " + kA + ".\n").empty()); // not at line start
  CHECK(reverts_named("This reverts commit 1234abc.\n").empty());         // abbreviated: not trusted
}

TEST_CASE("a re-release (revert of a rollback) needs a root-cause line") {
  std::map<std::string, std::string> msgs{{kA, revert_message({kB, "feature\n", kP, false}, "")},
                                          {kB, "feature\n"}};
  MessageLookup lookup = [&](const std::string& id) -> std::optional<std::string> {
    auto it = msgs.find(id);
    if (it == msgs.end()) return std::nullopt;
    return it->second;
  };
  const std::string rerelease = "Revert \"Revert \"feature\"\"\n\nThis reverts commit " + kA + ".\n";
  CHECK(reverted_rollback(rerelease, lookup) == std::optional<std::string>(kA));
  // Reverting an ordinary commit is not a re-release.
  CHECK_FALSE(reverted_rollback("Revert \"feature\"\n\nThis reverts commit " + kB + ".\n", lookup));
  auto f = check_rerelease(kP, rerelease, lookup);
  REQUIRE(f.size() == 1);
  CHECK(f[0].rule == "rollback/rerelease-without-rca");
  CHECK(f[0].where.commit == kP);
  CHECK(f[0].message == "commit re-releases changes removed by rollback 111111111111 without a root-cause analysis");
  CHECK(f[0].fix.rfind("add a trailer line to the commit message: RCA: <link", 0) == 0);
  CHECK(check_rerelease(kP, rerelease + "\nRCA: https://wiki/rca/42\n", lookup).empty());
  CHECK(check_rerelease(kP, rerelease + "\nRCA: INC-42 postmortem\n", lookup, "RCA").empty());
  CHECK(check_rerelease(kP, rerelease + "\nRoot-Cause: https://x\n", lookup, "RCA").size() == 1);
}

TEST_CASE("paperwork reads release type and authorizers from the release's trailers") {
  IncidentInfo info;
  info.incident = "INC-9";
  info.when_utc = "2026-01-02 03:04 UTC";
  info.executed_by = "Test Dev <dev@example.com>";
  info.release_spec = "v1.2";
  info.release = {{kA, "Add pricing", "Add pricing\n\nRelease-Type: customer-facing\nAuthorized-By: cmo\nAuthorized-By: ceo\n"},
                  {kB, "Fix", "Fix\n\nrelease-type: customer-facing\napproved-by: cdo\n"}};
  info.rollback_ids = {kP};
  info.target = info.landed_on = "main";
  auto rt = release_trailers(info.release);
  CHECK(rt.release_types == std::vector<std::string>{"customer-facing"});
  CHECK(rt.authorizers == std::vector<std::string>{"cmo", "ceo", "cdo"});
  const std::string report = incident_report(info);
  CHECK(report.rfind("# SEV2 incident INC-9: rollback of v1.2\n", 0) == 0);
  CHECK(report.find("| Release type | customer-facing |\n") != std::string::npos);
  CHECK(report.find("| Authorized by | cmo, ceo, cdo |\n") != std::string::npos);
  CHECK(report.find("| Executed by | Test Dev <dev@example.com> |\n") != std::string::npos);
  CHECK(report.find("- `" + kA + "` Add pricing\n") != std::string::npos);
  CHECK(report.find("- `" + kP + "`\n") != std::string::npos);
  CHECK(notification(info) ==
        "@cdo @chief.staff ROLLBACK — INC-9 — v1.2 — 2026-01-02 03:04 UTC\n"
        "Release v1.2 (customer-facing, authorized by cmo, ceo, cdo) was reverted on main by Test Dev <dev@example.com>.\n"
        "Reverted: " + kA + " Add pricing\nReverted: " + kB + " Fix\n"
        "Rollback commit: " + kP + "\n"
        "Not pushed yet (committed locally only; nothing is deployed): git push <remote> main\n"
        "SEV2 incident report: drafted below, NOT filed yet; file it per SOP-EXEC-escalation-incident-handling-v1.0.\n"
        "Root-cause analysis before any re-release: the re-release carries an `RCA: <link>` line.\n");
  SUBCASE("a failed push is never reported as deployed") {
    info.push_attempted = true;
    info.push_exit = 1;
    info.remote = "origin";
    info.report_file = "inc-9.md";
    const std::string n = notification(info);
    CHECK(n.find("NOT PUSHED: git push to origin failed (exit 1). The rollback exists only locally and nothing is "
                 "deployed. Fix the cause, then: git push origin main\n") != std::string::npos);
    CHECK(n.find("SEV2 incident report: skeleton written to inc-9.md;") != std::string::npos);
    CHECK(n.find("deploy") == n.find("deployed"));
    CHECK(n.find("filed;") == std::string::npos);
  }
  SUBCASE("a pushed rollback says to deploy") {
    info.push_attempted = info.pushed = true;
    info.remote = "origin";
    CHECK(notification(info).find("Pushed to origin (main): deploy the reverted version now") != std::string::npos);
  }
}

TEST_CASE("prepare writes nothing; publish moves the branch by compare-and-swap") {
  TempRepo r;
  r.commit_file("a.txt", "one\n", "base");
  const std::string bad = r.commit_file("a.txt", "one\ntwo\n", "bad release");
  auto repo = rg::git::open_at(r.str());
  auto who = operator_signature(repo.get());
  const std::string before = objects_state(r);

  SUBCASE("nothing is written until publish()") {
    Rollback rb = prepare(repo.get(), plan_release(repo.get(), bad), {}, who.get());
    REQUIRE(rb.outcome == Outcome::ready);
    REQUIRE(rb.commits.size() == 1);
    CHECK(objects_state(r) == before);
    CHECK(r.head() == bad);
    Published p = publish(repo.get(), rb);
    CHECK(p.status == PublishStatus::done);
    CHECK(p.worktree_updated);
    CHECK(r.head() == rg::git::to_hex(rb.commits[0].id));
    CHECK(rg::test::read_file(r.path() / "a.txt") == "one\n");
    CHECK(r.git("status --porcelain").out == "");
  }
  SUBCASE("the branch moved between prepare and publish: nothing changes") {
    Rollback rb = prepare(repo.get(), plan_release(repo.get(), bad), {}, who.get());
    const std::string other = r.commit_file("b.txt", "b\n", "someone else's commit");
    Published p = publish(repo.get(), rb);
    CHECK(p.status == PublishStatus::moved);
    REQUIRE(p.current.has_value());
    CHECK(rg::git::to_hex(*p.current) == other);
    CHECK(r.head() == other);
    CHECK(r.git("status --porcelain").out == "");
  }
  SUBCASE("a bare clone: the ref moves, no work tree involved") {
    rg::test::TempDir bare;
    rg::test::run_ok("git clone -q --bare " + r.str() + " " + bare.str());
    auto brepo = rg::git::open_at(bare.str());
    Rollback rb = prepare(brepo.get(), plan_release(brepo.get(), "main"), {}, who.get());
    Published p = publish(brepo.get(), rb);
    CHECK(p.status == PublishStatus::done);
    CHECK_FALSE(p.worktree_updated);
    CHECK(trim_nl(rg::test::run_ok("git rev-parse main:a.txt", bare.path()).out) ==
          trim_nl(r.git("rev-parse " + bad + "~1:a.txt").out));
  }
}

TEST_CASE("verify_rollback accepts a true revert and names the paths of a fake one") {
  TempRepo r;
  r.commit_file("a.txt", "one\n", "base");
  r.commit_file("keep.txt", "keep\n", "more");
  const std::string bad = r.commit_file("a.txt", "one\ntwo\n", "bad release");
  r.git("revert --no-edit " + bad);
  const std::string good = r.head();
  auto repo = rg::git::open_at(r.str());
  const std::string before = objects_state(r);

  VerifyResult ok = verify_rollback(repo.get(), oid(good), {oid(bad)});
  CHECK(ok.ok);
  CHECK(ok.error == "");
  CHECK(objects_state(r) == before); // verification writes nothing (quarantine-safe)

  // Without trailers, the message-based overload refuses.
  VerifyResult unmarked = verify_rollback(repo.get(), oid(good));
  CHECK_FALSE(unmarked.ok);
  CHECK(unmarked.error == "commit " + good.substr(0, 12) +
                              " is not marked as a rollback (no Release-Type: rollback / Rollback-Of trailer)");

  // A "rollback" that also deletes keep.txt.
  r.git("rm -q keep.txt");
  r.git("commit -q --amend -m " +
        rg::test::sh_quote("Revert \"bad release\"\n\nRelease-Type: rollback\nRollback-Of: " + bad));
  const std::string fake = r.head();
  VerifyResult bad_rb = verify_rollback(repo.get(), oid(fake));
  CHECK_FALSE(bad_rb.ok);
  CHECK(bad_rb.error == "");
  CHECK(bad_rb.differing_paths == std::vector<std::string>{"keep.txt"});

  VerifyResult none = verify_rollback(repo.get(), oid(fake), {});
  CHECK_FALSE(none.ok);
  CHECK(none.error == "rollback " + fake.substr(0, 12) + " names no reverted commit (add Rollback-Of: <full sha>)");

  VerifyResult missing = verify_rollback(repo.get(), oid(fake), {oid(kA)});
  CHECK_FALSE(missing.ok);
  CHECK(missing.error.rfind("cannot verify rollback " + fake.substr(0, 12) + ": git_commit_lookup " + kA, 0) == 0);

  // The re-release detector over a real repository.
  r.git("revert --no-edit HEAD");
  auto lookup = message_lookup(repo.get());
  CHECK(reverted_rollback(r.git("log -1 --format=%B").out, lookup) == std::optional<std::string>(fake));
}
}
