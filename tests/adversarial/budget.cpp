// Class 6 (expensive): a push made slow on purpose must be refused even where the admin chose
// `fail_closed: false` — overrunning the time budget is the pusher's doing, not a server fault,
// so it must never turn into "accepted anyway".
#include "tests/adversarial/harness.hpp"

#include <doctest/doctest.h>

using namespace rg::test;
using namespace rg::test::adv;

namespace {

// A function, not a namespace-scope string: kPolicy lives in another translation unit.
std::string budget_policy() { return kPolicy + "  time_budget_ms: 300\n  fail_closed: false\n"; }

// `n` commits on `branch` off main, built with one fast-import process; each adds a file of
// `lines` lines.
void many_commits(const Client& c, const std::string& branch, int n, int lines) {
  std::string body;
  for (int l = 0; l < lines; ++l) body += "value_" + std::to_string(l) + " = dmo_notasecret" + std::to_string(l) + "\n";
  std::string fi = "reset refs/heads/" + branch + "\nfrom " + c.rev("main") + "\n";
  for (int i = 0; i < n; ++i) {
    const std::string msg = "bulk " + std::to_string(i) + "\n";
    const std::string content = std::to_string(i) + "\n" + body;
    fi += "commit refs/heads/" + branch + "\ncommitter Test Dev <dev@example.com> 1767323045 +0000\n";
    fi += "data " + std::to_string(msg.size()) + "\n" + msg;
    fi += "M 644 inline bulk/f" + std::to_string(i) + ".txt\ndata " + std::to_string(content.size()) + "\n" +
          content + "\n";
  }
  c.git("fast-import --quiet", fi);
}

} // namespace

TEST_SUITE("budget") {

TEST_CASE("budget: 5000 small commits on a feature branch, fail_closed: false") {
  Server s(budget_policy());
  Client c(s);
  bootstrap(s, c);
  many_commits(c, "feature/bulk", 5000, 3);
  const Snapshot before = snapshot(s);
  auto r = push_refused(s, c, before, "origin feature/bulk");
  CHECK_MESSAGE(contains(r.err, "time budget"), r.err);
}

TEST_CASE("budget: large text files just under the size limit, full of rule keywords, fail_closed: false") {
  Server s(budget_policy());
  Client c(s);
  bootstrap(s, c);
  c.git("checkout -q -b feature/big main");
  std::string big;
  big.reserve(8u << 20);
  for (int l = 0; big.size() < (7u << 20); ++l)
    big.append("k").append(std::to_string(l)).append(" dmo_abc dmo_def dmo_ghi dmo_jkl dmo_mno dmo_pqr dmo_stu dmo_vwx\n");
  for (int i = 0; i < 4; ++i) c.write("data/big" + std::to_string(i) + ".txt", std::to_string(i) + big);
  c.git("add data");
  c.git("commit -q --no-verify -m 'big data'");
  const Snapshot before = snapshot(s);
  push_refused(s, c, before, "origin feature/big");
}

TEST_CASE("budget: a secret in a file over limits.max_file_bytes is skipped, not refused") {
  // Too big to scan is not the same as clean: the pusher chose the size.
  Server s;
  Client c(s);
  bootstrap(s, c);
  c.git("checkout -q -b feature/huge main");
  std::string huge = "deploy with " + kToken + "\n";
  while (huge.size() < (9u << 20)) huge += "filler line of text that is not a secret at all\n";
  const std::string id = c.commit_file("notes/huge.txt", huge, "huge notes");
  const Snapshot before = snapshot(s);
  auto r = push_refused(s, c, before, "origin feature/huge");
  CHECK_MESSAGE(contains(r.err, "notes/huge.txt"), r.err);
}

TEST_CASE("budget: a slow release push to main, fail_closed: false") {
  Server s(budget_policy());
  Client c(s);
  bootstrap(s, c);
  many_commits(c, "feature/bulk", 5000, 3);
  c.merge_release("feature/bulk", "Release bulk\n\n" + kRoutine);
  const Snapshot before = snapshot(s);
  push_refused(s, c, before, "--atomic origin main");
}

} // TEST_SUITE
