// Records mean one thing: a release record whose lines can be read two ways (a QA result that
// is both PASS and FAIL, an authorizer line with two addresses, text that renders differently
// from its bytes) must be refused, not read the convenient way.
#include "tests/adversarial/harness.hpp"

#include <doctest/doctest.h>

using namespace rg::test;
using namespace rg::test::adv;

namespace {

const std::string kRLO = "\xE2\x80\xAE";  // U+202E RIGHT-TO-LEFT OVERRIDE
const std::string kPDF = "\xE2\x80\xAC";  // U+202C POP DIRECTIONAL FORMATTING
const std::string kLRI = "\xE2\x81\xA6";  // U+2066 LEFT-TO-RIGHT ISOLATE
const std::string kZWSP = "\xE2\x80\x8B";  // U+200B ZERO WIDTH SPACE
const std::string kZWJ = "\xE2\x80\x8D";   // U+200D ZERO WIDTH JOINER

const std::string kAuth = "Authorized-By: Dana Cruz <dana@example.com>\n";
const std::string kQa = "QA-Signoff: QA-7 PASS\n";
const std::string kPlan = "Rollback-Plan: git revert -m 1 HEAD; eta 10m; executor code.platform\n";
const std::string kWindow = "Monitoring-Window: 24h; owner code.platform\n";

// A feature branch pushed, merged with `record` and pushed atomically with its deletion.
void release_with(const std::string& record) {
  Server s;
  Client c(s);
  bootstrap(s, c);
  c.feature("feature/r", "r.txt", "r\n");
  expect_accepted(c.push("-q origin feature/r"));
  const Snapshot before = snapshot(s);
  const std::string merge = c.merge_release("feature/r", "Release r\n\n" + record);
  auto r = push_refused(s, c, before, "--atomic origin main :feature/r");
  CHECK_MESSAGE(contains(r.err, short_id(merge)), r.err);
}

} // namespace

TEST_SUITE("record_ambiguity") {

TEST_CASE("record_ambiguity: control — the plain record passes") {
  Server s;
  Client c(s);
  bootstrap(s, c);
  c.feature("feature/r", "r.txt", "r\n");
  expect_accepted(c.push("-q origin feature/r"));
  c.merge_release("feature/r", "Release r\n\nRelease-Type: routine\n" + kAuth + kQa + kPlan + kWindow);
  expect_accepted(c.push("--atomic origin main :feature/r"));
}

TEST_CASE("record_ambiguity: QA-Signoff: QA-7 PASS FAIL") {
  release_with("Release-Type: routine\n" + kAuth + "QA-Signoff: QA-7 PASS FAIL\n" + kPlan + kWindow);
}

TEST_CASE("record_ambiguity: QA-Signoff: QA-7 PASS (FAIL on mobile)") {
  release_with("Release-Type: routine\n" + kAuth + "QA-Signoff: QA-7 PASS (FAIL on mobile)\n" + kPlan + kWindow);
}

TEST_CASE("record_ambiguity: QA-Signoff: QA-7 PASS, QA-8 FAIL on one line") {
  release_with("Release-Type: routine\n" + kAuth + "QA-Signoff: QA-7 PASS, QA-8 FAIL\n" + kPlan + kWindow);
}

TEST_CASE("record_ambiguity: QA-Signoff: QA-7 NOT PASS") {
  release_with("Release-Type: routine\n" + kAuth + "QA-Signoff: QA-7 NOT PASS\n" + kPlan + kWindow);
}

TEST_CASE("record_ambiguity: Authorized-By with two addresses, the authorizer's first") {
  release_with("Release-Type: routine\nAuthorized-By: Dana Cruz <dana@example.com> <evil@x>\n" + kQa + kPlan + kWindow);
}

TEST_CASE("record_ambiguity: Authorized-By with two addresses, the authorizer's second") {
  release_with("Release-Type: routine\nAuthorized-By: Eve <evil@x> <dana@example.com>\n" + kQa + kPlan + kWindow);
}

TEST_CASE("record_ambiguity: Authorized-By naming two people on one line") {
  release_with("Release-Type: routine\nAuthorized-By: Dana Cruz <dana@example.com>, Eve <eve@example.com>\n" + kQa +
               kPlan + kWindow);
}

TEST_CASE("record_ambiguity: Authorized-By whose name is someone else's") {
  release_with("Release-Type: routine\nAuthorized-By: Eve Intern <dana@example.com>\n" + kQa + kPlan + kWindow);
}

TEST_CASE("record_ambiguity: U+202E right-to-left override in the QA line") {
  // Renders as "QA-7 PASS" followed by reversed text; the bytes say something else.
  release_with("Release-Type: routine\n" + kAuth + "QA-Signoff: QA-7 " + kRLO + "LIAF" + kPDF + " PASS\n" + kPlan +
               kWindow);
}

TEST_CASE("record_ambiguity: U+202E in the Authorized-By name") {
  release_with("Release-Type: routine\nAuthorized-By: Dana " + kRLO + "zurC" + kPDF + " <dana@example.com>\n" + kQa +
               kPlan + kWindow);
}

TEST_CASE("record_ambiguity: U+2066 isolate in the Release-Type line") {
  release_with("Release-Type: routine" + kLRI + "\n" + kAuth + kQa + kPlan + kWindow);
}

TEST_CASE("record_ambiguity: U+200B zero-width space in the authorizer's name") {
  release_with("Release-Type: routine\nAuthorized-By: Da" + kZWSP + "na Cruz <dana@example.com>\n" + kQa + kPlan +
               kWindow);
}

TEST_CASE("record_ambiguity: U+200B zero-width space inside the e-mail address") {
  release_with("Release-Type: routine\nAuthorized-By: Dana Cruz <dana" + kZWSP + "@example.com>\n" + kQa + kPlan +
               kWindow);
}

TEST_CASE("record_ambiguity: U+200D zero-width joiner in the monitoring window") {
  release_with("Release-Type: routine\n" + kAuth + kQa + kPlan + "Monitoring-Window: 24h;" + kZWJ +
               " owner code.platform\n");
}

} // TEST_SUITE
