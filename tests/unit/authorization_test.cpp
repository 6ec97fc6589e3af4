// check_release_message: every release type, every trailer rule, the exact error texts.

#include "lib/core/error.hpp"
#include "lib/message/message.hpp"
#include "lib/policy/policy.hpp"
#include "lib/rules/release_message.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace rg;
using rg::core::Finding;

namespace {

const policy::ReleasePolicy& team() {
  static const policy::ReleasePolicy p = [] {
    policy::Policy pol = policy::default_policy();
    policy::apply_text(pol,
                       "release:\n  roles:\n"
                       "    cdo: ['Dana Cruz <dana@example.com>', 'Del Egate <del@example.com>']\n"
                       "    ceo: ['Carl Eng <carl@example.com>']\n"
                       "    cmo: ['Mia Lopez <mia@example.com>']\n",
                       "team.yml");
    return pol.release;
  }();
  return p;
}

const std::string kCommon = "QA-Signoff: QA-12 PASS\n"
                            "Rollback-Plan: git revert HEAD; eta 15m; executor code.platform\n";

// A complete, valid record for each type.
std::string valid(const std::string& type) {
  std::string t = "Release-Type: " + type + "\n";
  if (type == "routine") return t + "Authorized-By: Dana Cruz <dana@example.com>\n" + kCommon + "Monitoring-Window: 24h; owner code.platform\n";
  if (type == "multi-feature")
    return t + "Authorized-By: Dana Cruz <dana@example.com>\nCEO-Aware: #exec-checkins 2026-01-02\n" + kCommon +
           "Monitoring-Window: 24h; owner code.platform\n";
  if (type == "architecture")
    return t + "Authorized-By: Dana Cruz <dana@example.com>\nCEO-Aware: #exec-checkins 2026-01-02\n" + kCommon +
           "Monitoring-Window: 48h; owner cdo\n";
  if (type == "hotfix")
    return t + "Authorized-By: Dana Cruz <dana@example.com>\nCEO-Notified: 2026-01-02 10:00 #exec-checkins\n" + kCommon +
           "Monitoring-Window: 4h; owner code.platform\n";
  if (type == "customer-facing")
    return t + "Authorized-By: Dana Cruz <dana@example.com>\nConfirmed-By: Mia Lopez <mia@example.com>\n"
               "Confirmed-By: Carl Eng <carl@example.com>\n" + kCommon + "Monitoring-Window: 24h; owner code.platform\n";
  if (type == "rollback")
    return t + "Rollback-Of: 0123456789abcdef0123456789abcdef01234567\nIncident: INC-7\n"
               "Authorized-By: Dana Cruz <dana@example.com>\n";
  FAIL("no such type " << type);
  return {};
}

std::string msg(const std::string& trailers) { return "Release 2.0\n\nWhat ships.\n\n" + trailers; }

std::vector<Finding> check(const std::string& message, rules::ReleaseContext ctx = {}) {
  if (ctx.author_email.empty()) ctx.author_email = "dev@example.com";
  return rules::check_release_message(message, ctx, team());
}

// "<rule>: <message>" of each finding, for exact comparisons.
std::vector<std::string> summary(const std::vector<Finding>& fs) {
  std::vector<std::string> out;
  for (const auto& f : fs) out.push_back(f.rule + ": " + f.message);
  return out;
}

const Finding* find_rule(const std::vector<Finding>& fs, std::string_view rule) {
  for (const auto& f : fs)
    if (f.rule == rule) return &f;
  return nullptr;
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
  auto p = s.find(from);
  REQUIRE_MESSAGE(p != std::string::npos, from);
  return s.replace(p, from.size(), to);
}

} // namespace

TEST_SUITE("authorization") {

TEST_CASE("a complete record passes for every type") {
  for (const auto& type : team().type_names()) {
    CAPTURE(type);
    CHECK(summary(check(msg(valid(type)))).empty());
  }
}

TEST_CASE("the template for every type, filled in, is what the checker expects") {
  for (const auto& type : team().type_names()) {
    CAPTURE(type);
    std::string t = rules::message_template(type, team());
    CHECK(t.rfind("<one-line summary of the release>\n\n", 0) == 0);
    auto fs = check(t);
    // Unfilled placeholders are errors, nothing else is.
    for (const auto& f : fs) CHECK_MESSAGE(f.rule == "release/template-placeholder", f.rule << ": " << f.message);
  }
  CHECK(rules::trailer_template(*team().find_type("customer-facing"), team()) ==
        "Release-Type: customer-facing\n"
        "Authorized-By: Dana Cruz <dana@example.com>\n"
        "Confirmed-By: Mia Lopez <mia@example.com>\n"
        "Confirmed-By: Carl Eng <carl@example.com>\n"
        "QA-Signoff: <qa-signoff-id> PASS\n"
        "Rollback-Plan: git revert <release commit>; eta 15m; executor code.platform\n"
        "Monitoring-Window: 24h; owner code.platform\n");
  CHECK_THROWS_WITH_AS(rules::message_template("hotfx", team()),
                       "unknown release type `hotfx`; valid types: routine, multi-feature, architecture, hotfix, "
                       "customer-facing, rollback (did you mean `hotfix`?)",
                       core::UsageError);
}

TEST_CASE("missing and unknown type") {
  CHECK(summary(check(msg("Signed-off-by: A <a@example.com>\n"))) ==
        std::vector<std::string>{"release/missing-type: no `Release-Type:` line: a commit on this branch must "
                                 "declare its release type"});
  auto fs = check(msg(replace(valid("routine"), "routine", "routin")));
  CHECK(summary(fs) == std::vector<std::string>{
                           "release/unknown-type: unknown release type `routin`; valid types: routine, multi-feature, "
                           "architecture, hotfix, customer-facing, rollback (did you mean `routine`?)"});
  CHECK(fs[0].where.line == 5);
  // The type is case-insensitive, like the keys.
  CHECK(check(msg(replace(valid("hotfix"), "Release-Type: hotfix", "release-type: HotFix"))).empty());
}

TEST_CASE("authorizers must hold the role") {
  auto fs = check(msg(replace(valid("routine"), "dana@example.com", "mallory@example.com")));
  CHECK(summary(fs) == std::vector<std::string>{
                           "auth/missing-authorization: `routine` releases need an `Authorized-By:` line from a "
                           "holder of role `cdo`; mallory@example.com does not hold it",
                           "auth/unknown-authorizer: `Authorized-By: mallory@example.com` names someone who holds "
                           "no role in the release policy"});
  CHECK(fs[0].fix == "add to the trailer block: Authorized-By: Dana Cruz <dana@example.com>\n"
                     "(role `cdo`: Dana Cruz <dana@example.com>, Del Egate <del@example.com>)");
  CHECK(fs[1].severity == core::Severity::warning);
  // A delegate listed under the role counts; a CEO does not stand in for the CDO.
  CHECK(check(msg(replace(valid("routine"), "Dana Cruz <dana@example.com>", "Del Egate <DEL@example.com>"))).empty());
  CHECK(find_rule(check(msg(replace(valid("routine"), "Dana Cruz <dana@example.com>", "Carl Eng <carl@example.com>"))),
                  "auth/missing-authorization"));
  // No line at all.
  fs = check(msg(replace(valid("hotfix"), "Authorized-By: Dana Cruz <dana@example.com>\n", "")));
  CHECK(summary(fs) == std::vector<std::string>{"auth/missing-authorization: `hotfix` releases need an "
                                                "`Authorized-By:` line from a holder of role `cdo`"});
}

TEST_CASE("malformed person") {
  auto fs = check(msg(replace(valid("routine"), "Dana Cruz <dana@example.com>", "Dana Cruz")));
  REQUIRE(find_rule(fs, "auth/malformed-person"));
  CHECK(find_rule(fs, "auth/malformed-person")->message == "`Authorized-By: Dana Cruz` must be `Name <email>`");
  CHECK(find_rule(fs, "auth/missing-authorization"));
}

TEST_CASE("customer-facing needs one CMO and one CEO confirmation") {
  auto fs = check(msg(replace(valid("customer-facing"), "Confirmed-By: Carl Eng <carl@example.com>\n", "")));
  CHECK(summary(fs) == std::vector<std::string>{"auth/missing-confirmation: `customer-facing` releases need a "
                                                "`Confirmed-By:` line from a holder of role `ceo`; mia@example.com does not hold it"});
  fs = check(msg(replace(valid("customer-facing"), "Confirmed-By: Mia Lopez <mia@example.com>\n", "")));
  CHECK(summary(fs) == std::vector<std::string>{"auth/missing-confirmation: `customer-facing` releases need a "
                                                "`Confirmed-By:` line from a holder of role `cmo`; carl@example.com does not hold it"});
}

TEST_CASE("separation of duties") {
  rules::ReleaseContext ctx;
  ctx.author_email = "Dana@Example.com";
  auto fs = check(msg(valid("routine")), ctx);
  CHECK(summary(fs) == std::vector<std::string>{
                           "auth/self-authorized: the author (Dana@Example.com) is the only `cdo` vouching for this "
                           "release in `Authorized-By:` (separation of duties)"});
  // A second CDO authorizing makes it fine.
  CHECK(check(msg(valid("routine") + "Authorized-By: Del Egate <del@example.com>\n"), ctx).empty());
  // Switched off by policy.
  policy::ReleasePolicy relaxed = team();
  relaxed.separation_of_duties = false;
  CHECK(rules::check_release_message(msg(valid("routine")), ctx, relaxed).empty());
  // A rollback's Authorized-By names who executes it: the on-call alone at 3 a.m. is the point.
  CHECK(check(msg(valid("rollback")), ctx).empty());
  // The CMO authoring a customer-facing release cannot confirm it alone.
  ctx.author_email = "mia@example.com";
  fs = check(msg(valid("customer-facing")), ctx);
  REQUIRE(find_rule(fs, "auth/self-authorized"));
  CHECK(find_rule(fs, "auth/self-authorized")->message ==
        "the author (mia@example.com) is the only `cmo` vouching for this release in `Confirmed-By:` "
        "(separation of duties)");
}

TEST_CASE("required lines per type") {
  auto fs = check(msg(replace(valid("multi-feature"), "CEO-Aware: #exec-checkins 2026-01-02\n", "")));
  CHECK(summary(fs) ==
        std::vector<std::string>{"release/missing-trailer: `Release-Type: multi-feature` requires a `CEO-Aware:` line"});
  CHECK(fs[0].fix == "add to the trailer block: CEO-Aware: <#exec-checkins message link or date>");
  fs = check(msg(replace(valid("hotfix"), "CEO-Notified: 2026-01-02 10:00 #exec-checkins\n", "")));
  CHECK(summary(fs) ==
        std::vector<std::string>{"release/missing-trailer: `Release-Type: hotfix` requires a `CEO-Notified:` line"});
  fs = check(msg("Release-Type: rollback\n"));
  CHECK(summary(fs) == std::vector<std::string>{
                           "release/missing-trailer: `Release-Type: rollback` requires a `Rollback-Of:` line",
                           "release/missing-trailer: `Release-Type: rollback` requires an `Incident:` line",
                           "auth/missing-authorization: `rollback` needs an `Authorized-By:` line naming who "
                           "executes it, a holder of one of the roles cdo, on-call"});
  fs = check(msg("Release-Type: routine\nAuthorized-By: Dana Cruz <dana@example.com>\n"));
  CHECK(summary(fs).size() == 3);
}

TEST_CASE("QA sign-offs") {
  auto fs = check(msg(valid("routine") + "QA-Signoff: QA-13 FAIL\n"));
  CHECK(summary(fs) == std::vector<std::string>{"release/qa-failed: QA sign-off `QA-13` is FAIL: a release with an "
                                                "open FAIL criterion cannot ship"});
  CHECK(fs[0].where.line == 10);
  fs = check(msg(replace(valid("routine"), "QA-12 PASS", "looks good")));
  CHECK(summary(fs) == std::vector<std::string>{
                           "release/qa-malformed: `QA-Signoff: looks good` must be exactly `<sign-off id> PASS`"});
  CHECK(summary(check(msg(replace(valid("routine"), "QA-12 PASS", "PASS")))).size() == 1);
  CHECK(check(msg(replace(valid("routine"), "QA-12 PASS", "QA-12 pass"))).empty());
}

TEST_CASE("rollback plan") {
  auto fs = check(msg(replace(valid("routine"), "git revert HEAD; eta 15m; executor code.platform", "git revert HEAD")));
  CHECK(summary(fs) == std::vector<std::string>{"release/rollback-plan-incomplete: the rollback plan lacks `eta "
                                                "<duration>` and `executor <role or name>`"});
  CHECK(fs[0].fix == "write it as: Rollback-Plan: git revert <release commit>; eta 15m; executor code.platform");
  fs = check(msg(replace(valid("routine"), "eta 15m", "eta soon")));
  CHECK(summary(fs) == std::vector<std::string>{"release/rollback-plan-incomplete: the rollback plan lacks a valid "
                                                "eta (`soon` is not a duration like 15m or 1h)"});
  fs = check(msg(replace(valid("routine"), "git revert HEAD; ", "")));
  CHECK(summary(fs) == std::vector<std::string>{"release/rollback-plan-incomplete: the rollback plan lacks the revert "
                                                "reference (e.g. `git revert <commit>`)"});
}

TEST_CASE("monitoring window minimums per type") {
  auto fs = check(msg(replace(valid("architecture"), "48h", "24h")));
  CHECK(summary(fs) == std::vector<std::string>{"release/monitoring-too-short: monitoring window 24h is shorter than "
                                                "the 2d minimum for `architecture` releases"});
  CHECK(fs[0].fix == "write at least: Monitoring-Window: 2d; owner code.platform");
  CHECK(check(msg(replace(valid("hotfix"), "4h", "240 minutes"))).empty());
  fs = check(msg(replace(valid("hotfix"), "4h", "3h")));
  CHECK(summary(fs) == std::vector<std::string>{"release/monitoring-too-short: monitoring window 3h is shorter than "
                                                "the 4h minimum for `hotfix` releases"});
  fs = check(msg(replace(valid("routine"), "24h; owner code.platform", "24h")));
  CHECK(summary(fs) ==
        std::vector<std::string>{"release/monitoring-no-owner: the monitoring window names no owner (who watches)"});
  fs = check(msg(replace(valid("routine"), "24h; owner", "a day; owner")));
  CHECK(summary(fs) == std::vector<std::string>{
                           "release/monitoring-malformed: monitoring window `a day` does not start with a duration"});
}

TEST_CASE("rollback records and re-releases") {
  auto fs = check(msg(replace(valid("rollback"), "0123456789abcdef0123456789abcdef01234567", "last week's release")));
  CHECK(summary(fs) == std::vector<std::string>{"release/rollback-of-invalid: `Rollback-Of: last week's release` must "
                                                "name the reverted commit by its id"});
  rules::ReleaseContext ctx;
  ctx.re_release = true;
  fs = check(msg(valid("routine")), ctx);
  CHECK(summary(fs) == std::vector<std::string>{
                           "release/missing-rca: this release re-applies a rolled-back change: SOP section 6 requires "
                           "a root-cause analysis before re-release, recorded as `RCA:`"});
  CHECK(check(msg(valid("routine") + "RCA: https://wiki.example.com/rca/7\n"), ctx).empty());
  // A rollback itself needs no RCA and no QA gate.
  CHECK(check(msg(valid("rollback")), ctx).empty());
  CHECK(check(msg(valid("rollback") + "QA-Signoff: QA-1 FAIL\n")).empty());
}

TEST_CASE("the type must match what the release does") {
  rules::ReleaseContext ctx;
  ctx.changed_paths = {"src/app.cpp", "web/pricing/index.html"};
  auto fs = check(msg(valid("routine")), ctx);
  CHECK(summary(fs) == std::vector<std::string>{"release/mislabeled-type: this release changes customer-facing paths "
                                                "(web/pricing/index.html) but is declared `routine`"});
  CHECK(check(msg(valid("customer-facing")), ctx).empty());
  CHECK(check(msg(valid("rollback")), ctx).empty());
  ctx.changed_paths = {"src/offer.html"};
  CHECK(find_rule(check(msg(valid("hotfix")), ctx), "release/mislabeled-type"));

  rules::ReleaseContext merges;
  merges.merged_feature_branches = 2;
  fs = check(msg(valid("routine")), merges);
  CHECK(summary(fs) == std::vector<std::string>{"release/mislabeled-type: this release merges 2 feature branches but "
                                                "is declared `routine`"});
  CHECK(fs[0].fix == "declare one of: multi-feature, architecture, customer-facing");
  CHECK(check(msg(valid("multi-feature")), merges).empty());
  CHECK(check(msg(valid("architecture")), merges).empty());
  merges.merged_feature_branches = 1;
  CHECK(check(msg(valid("routine")), merges).empty());
}

TEST_CASE("misspelled, malformed and unread keys") {
  auto fs = check(msg(replace(valid("routine"), "Authorized-By:", "Authorised-By:")));
  CHECK(summary(fs) == std::vector<std::string>{
                           "release/misspelled-trailer: unknown trailer `Authorised-By`; did you mean `Authorized-By`?"});
  CHECK(fs[0].fix == "rename the line to `Authorized-By: Dana Cruz <dana@example.com>`");
  // A space in the key: git does not read the block at all, so say which line and why.
  fs = check(msg(replace(valid("routine"), "Authorized-By:", "Authorized By:")));
  REQUIRE(find_rule(fs, "release/malformed-trailer-key"));
  CHECK(find_rule(fs, "release/malformed-trailer-key")->message ==
        "`Authorized By:` is not a trailer key git can read; did you mean `Authorized-By`?");
  CHECK(find_rule(fs, "release/malformed-trailer-key")->where.line == 6);
  // Release lines followed by more text: not the last paragraph.
  fs = check(msg(valid("routine") + "\nThanks!\n"));
  REQUIRE(find_rule(fs, "release/trailer-not-read"));
  CHECK(find_rule(fs, "release/trailer-not-read")->message ==
        "`Release-Type:` on line 5 is not in the message's trailer block, so git and the server do not read it");
  CHECK_FALSE(find_rule(fs, "release/missing-type"));
  // Ordinary git trailers are not mistaken for release lines.
  CHECK(check(msg(valid("routine") + "Signed-off-by: Dev <dev@example.com>\nCo-authored-by: X <x@example.com>\n"))
            .empty());
}

TEST_CASE("duplicates and conflicts") {
  auto fs = check(msg(valid("routine") + "Release-Type: hotfix\n"));
  CHECK(summary(fs) == std::vector<std::string>{
                           "release/conflicting-trailer: `Release-Type` appears 2 times with different values: "
                           "`routine` (line 5), `hotfix` (line 10)"});
  fs = check(msg(valid("routine") + "Release-Type: routine\n"));
  CHECK(summary(fs) == std::vector<std::string>{"release/duplicate-trailer: `Release-Type` appears 2 times"});
  CHECK(fs[0].severity == core::Severity::warning);
  fs = check(msg(valid("routine") + "Monitoring-Window: 48h; owner cdo\n"));
  CHECK(find_rule(fs, "release/conflicting-trailer"));
  // Several QA sign-offs and authorizers are normal.
  CHECK(check(msg(valid("routine") + "QA-Signoff: QA-13 PASS\nAuthorized-By: Del Egate <del@example.com>\n")).empty());
}

TEST_CASE("bad input never crashes and says what is wrong") {
  CHECK(summary(check("")) == std::vector<std::string>{"release/empty-message: the commit message is empty"});
  CHECK(summary(check(message::cleanup_strip("# only\n# comments\n"))) ==
        std::vector<std::string>{"release/empty-message: the commit message is empty"});
  // CRLF as an editor on Windows writes it: git stores it stripped, so it passes.
  std::string crlf;
  for (char c : msg(valid("routine"))) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  CHECK(check(message::cleanup_strip(crlf)).empty());
  // Unstripped CRLF still parses (git trims the \r of each value).
  CHECK(check(crlf).empty());
  // Non-UTF-8 bytes are shown as '?' in messages.
  auto fs = check(msg(replace(valid("routine"), "QA-12 PASS", "QA-\xff\xfe FAIL")));
  CHECK(summary(fs) == std::vector<std::string>{"release/qa-failed: QA sign-off `QA-??` is FAIL: a release with an "
                                                "open FAIL criterion cannot ship"});
  // A 1 MB message.
  std::string big = "Release\n\n";
  while (big.size() < (1u << 20)) big += "A long body line that says nothing in particular, over and over.\n";
  CHECK(check(big + "\n" + valid("routine")).empty());
  CHECK(find_rule(check(big), "release/missing-type"));
  // A template placeholder left in.
  fs = check(msg(replace(valid("routine"), "QA-12 PASS", "<qa-signoff-id> PASS")));
  CHECK(summary(fs) == std::vector<std::string>{"release/template-placeholder: `QA-Signoff:` still holds the template "
                                                "placeholder `<qa-signoff-id>`"});
  // An empty value.
  fs = check(msg(replace(valid("hotfix"), "CEO-Notified: 2026-01-02 10:00 #exec-checkins", "CEO-Notified:")));
  CHECK(summary(fs) == std::vector<std::string>{"release/empty-trailer: `CEO-Notified:` has no value"});
}

TEST_CASE("findings carry the commit when the server checks one") {
  rules::ReleaseContext ctx;
  ctx.commit = "0123456789abcdef0123456789abcdef01234567";
  auto fs = check(msg("Release-Type: routine\n"), ctx);
  REQUIRE_FALSE(fs.empty());
  for (const auto& f : fs) CHECK(f.where.commit == ctx.commit);
}

TEST_CASE("release_help shows the template for the declared or closest type") {
  std::string help = rules::release_help(msg("Release-Type: hotfx\n"), team());
  CHECK(help.rfind("Release lines for a `hotfix` release (paste them as the last paragraph of the message):\n\n"
                   "    Release-Type: hotfix\n",
                   0) == 0);
  help = rules::release_help(msg("Nothing\n"), team());
  CHECK(help.rfind("Release lines for a `routine` release (choose the type that fits; valid types: routine, "
                   "multi-feature, architecture, hotfix, customer-facing, rollback):\n",
                   0) == 0);
}
}

TEST_CASE("the shipped placeholder holders authorize nothing") {
  const auto policy = rg::policy::default_policy();
  const std::string msg =
      "Ship it\n\nRelease-Type: routine\nAuthorized-By: PLACEHOLDER CDO <cdo@example.invalid>\n"
      "QA-Signoff: QA-1 PASS\nRollback-Plan: git revert HEAD; eta 10m; executor code.platform\n"
      "Monitoring-Window: 24h; owner code.platform\n";
  rg::rules::ReleaseContext ctx;
  ctx.author_email = "dev@example.com";
  const auto findings = rg::rules::check_release_message(msg, ctx, policy.release);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].rule == "auth/placeholder-role");
  CHECK(findings[0].message ==
        "role `cdo` is held only by the policy's placeholder cdo@example.invalid: no real person vouched for this release");
}

TEST_CASE("records mean one thing: exact QA verdicts, one address per line, no invisible characters") {
  for (const char* qa : {"QA-12 PASS FAIL", "QA-12 FAIL PASS", "QA-12 PASS (FAIL on mobile)", "QA-12 PASS, failed on iOS"}) {
    CAPTURE(qa);
    auto fs = check(msg(replace(valid("routine"), "QA-12 PASS", qa)));
    REQUIRE(!fs.empty());
    CHECK(fs[0].rule == "release/qa-failed");
  }
  for (const char* qa : {"QA-12 PASS mostly", "QA 12 PASS", "QA-12 PASSED"}) {
    CAPTURE(qa);
    auto fs = check(msg(replace(valid("routine"), "QA-12 PASS", qa)));
    REQUIRE(!fs.empty());
    CHECK(fs[0].rule == "release/qa-malformed");
  }
  // Two addresses on one identity line: which one vouches? Neither.
  auto fs = check(msg(replace(valid("routine"), "Dana Cruz <dana@example.com>",
                              "Dana Cruz <dana@example.com> <evil@example.org>")));
  REQUIRE(!fs.empty());
  CHECK(fs[0].rule == "auth/malformed-person");
  fs = check(msg(replace(valid("routine"), "Dana Cruz <dana@example.com>", "evil@example.org <dana@example.com>")));
  REQUIRE(!fs.empty());
  CHECK(fs[0].rule == "auth/malformed-person");
  // Bidirectional overrides and zero-width characters make a line say two things.
  for (const char* bad : {"\xE2\x80\xAE", "\xE2\x80\x8B", "\xE2\x81\xA6", "\xEF\xBB\xBF"}) {
    fs = check(msg(replace(valid("routine"), "QA-12 PASS", std::string("QA-12") + bad + " PASS")));
    CHECK(std::any_of(fs.begin(), fs.end(), [](const Finding& f) { return f.rule == "release/invisible-character"; }));
  }
}

TEST_CASE("customer-facing paths match whatever their case") {
  rules::ReleaseContext ctx;
  ctx.changed_paths = {"web/Pricing/Plans.html"};
  auto fs = check(msg(valid("routine")), ctx);
  CHECK(std::any_of(fs.begin(), fs.end(), [](const Finding& f) { return f.rule == "release/mislabeled-type"; }));
}

TEST_CASE("a rollback names who executes it, a holder of a rollback role") {
  auto fs = check(msg(replace(valid("rollback"), "Authorized-By: Dana Cruz <dana@example.com>\n",
                              "Authorized-By: Eve <eve@example.com>\n")));
  CHECK(std::any_of(fs.begin(), fs.end(), [](const Finding& f) { return f.rule == "auth/missing-authorization"; }));
}
