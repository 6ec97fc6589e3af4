#include "tests/adversarial/harness.hpp"

#include <doctest/doctest.h>

namespace rg::test::adv {

// Same as tests/integration/pre_receive.cpp: a demo secret rule and the three people.
const std::string kPolicyNoDemoRule = "version: 1\n" + harness::kThreeRoles + "server:\n  bypass_users: [ops-lead]\n";

const std::string kPolicy =
    "version: 1\n" + harness::kDemoSecrets + harness::kThreeRoles + "server:\n  bypass_users: [ops-lead]\n";

const std::string kRoutine =
    "Release-Type: routine\nAuthorized-By: Dana Cruz <dana@example.com>\nQA-Signoff: QA-7 PASS\n"
    "Rollback-Plan: git revert -m 1 HEAD; eta 10m; executor code.platform\n"
    "Monitoring-Window: 24h; owner code.platform\n";
const std::string kHotfix = harness::kHotfixRecord;
const std::string kMulti =
    "Release-Type: multi-feature\nAuthorized-By: Dana Cruz <dana@example.com>\n"
    "CEO-Aware: #exec-checkins 2026-01-02\nQA-Signoff: QA-1 PASS\nQA-Signoff: QA-2 PASS\n"
    "Rollback-Plan: git revert -m 1 HEAD; eta 10m; executor code.platform\n"
    "Monitoring-Window: 24h; owner code.platform\n";
const std::string kRollbackTail = "Incident: INC-9\nAuthorized-By: Dana Cruz <dana@example.com>\n";

std::string ship_release(const Server& s, const Client& c, const std::string& branch, const std::string& file,
                         const std::string& content) {
  c.feature(branch, file, content);
  auto r = c.push("-q origin " + sh_quote(branch));
  REQUIRE_MESSAGE(r.exit_code == 0, r.all());
  const std::string merge = c.merge_release(branch, "Release " + branch + "\n\n" + kRoutine);
  r = c.push("--atomic origin main :" + sh_quote(branch));
  REQUIRE_MESSAGE(r.exit_code == 0, "positive release push refused:\n" << r.all());
  REQUIRE(s.rev("refs/heads/main") == merge);
  return merge;
}

void expect_raw_refused(const Server& s, const Snapshot& before, const raw::Report& rep) {
  CHECK_MESSAGE(rep.all_rejected(1), rep.dump());
  CHECK(snapshot(s) == before);
}

} // namespace rg::test::adv
