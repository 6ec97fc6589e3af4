#include "tests/adversarial/harness.hpp"

#include <doctest/doctest.h>

namespace rg::test::adv {

const std::string kToken = "dmo_Q7xK2mZp9LwR4tYv8NbC";

// Same as tests/integration/pre_receive.cpp: a demo secret rule and the three people.
const std::string kPolicyNoDemoRule = R"(version: 1
release:
  roles:
    cdo: ["Dana Cruz <dana@example.com>"]
    ceo: ["Chris Ode <chris@example.com>"]
    cmo: ["Mo Reyes <mo@example.com>"]
server:
  bypass_users: [ops-lead]
)";

const std::string kPolicy = R"(version: 1
secrets:
  rules:
    - id: demo-token
      description: Demo token
      regex: '\b(dmo_[A-Za-z0-9]{20})\b'
      keywords: [dmo_]
)" + kPolicyNoDemoRule.substr(std::string("version: 1\n").size());

const std::string kRoutine =
    "Release-Type: routine\nAuthorized-By: Dana Cruz <dana@example.com>\nQA-Signoff: QA-7 PASS\n"
    "Rollback-Plan: git revert -m 1 HEAD; eta 10m; executor code.platform\n"
    "Monitoring-Window: 24h; owner code.platform\n";
const std::string kHotfix =
    "Release-Type: hotfix\nAuthorized-By: Dana Cruz <dana@example.com>\nCEO-Notified: 2026-01-02 10:00 #exec-checkins\n"
    "QA-Signoff: QA-8 PASS\nRollback-Plan: git revert HEAD; eta 10m; executor code.platform\n"
    "Monitoring-Window: 4h; owner code.platform\n";
const std::string kMulti =
    "Release-Type: multi-feature\nAuthorized-By: Dana Cruz <dana@example.com>\n"
    "CEO-Aware: #exec-checkins 2026-01-02\nQA-Signoff: QA-1 PASS\nQA-Signoff: QA-2 PASS\n"
    "Rollback-Plan: git revert -m 1 HEAD; eta 10m; executor code.platform\n"
    "Monitoring-Window: 24h; owner code.platform\n";
const std::string kRollbackTail = "Incident: INC-9\nAuthorized-By: Dana Cruz <dana@example.com>\n";

bool contains(const std::string& hay, const std::string& needle) {
  return hay.find(needle) != std::string::npos;
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

std::string q(const fs::path& p) { return sh_quote(p.string()); }

std::string short_id(const std::string& id) { return id.substr(0, 7); }

Server::Server(const std::string& policy) {
  bare = dir / "srv.git";
  run_ok("git init -q --bare " + q(bare));
  const fs::path bin_dir = fs::path(bin("pre-receive")).parent_path();
  run_ok("bash " + q(fs::path(RG_SOURCE_DIR) / "install.sh") + " --no-deps --bin-dir " + q(bin_dir) +
         " --server " + q(bare));
  REQUIRE(fs::exists(bare / "hooks" / "pre-receive"));
  set_policy(policy);
  run_ok("git -C " + q(bare) + " config receive.advertisePushOptions true");
}

void Server::set_policy(const std::string& policy) const { write_file(bare / "release-gate.yml", policy); }

std::string Server::rev(const std::string& ref) const {
  return trimmed(run("git -C " + q(bare) + " rev-parse -q --verify " + sh_quote(ref)).out);
}

RunResult Server::git(const std::string& args) const { return run_ok("git -C " + q(bare) + " " + args); }

Snapshot snapshot(const Server& s) {
  Snapshot snap;
  snap.refs = run_ok("git -C " + q(s.bare) +
                     " for-each-ref --format='%(refname) %(objecttype) %(objectname) %(symref)'")
                  .out;
  snap.main_tree = s.rev("refs/heads/main^{tree}");
  return snap;
}

Client::Client(const Server& s) { git("remote add origin " + q(s.bare)); }

RunResult Client::push(const std::string& args, const std::string& env) const {
  return run(env + (env.empty() ? "" : " ") + "git push " + args, path());
}

std::string Client::commit_msg(const std::string& message, bool allow_empty) const {
  git(std::string("commit -q --no-verify --cleanup=verbatim ") + (allow_empty ? "--allow-empty " : "") + "-F -",
      message);
  return head();
}

std::string Client::reword(const std::string& message) const {
  git("commit -q --no-verify --cleanup=verbatim --amend --allow-empty -F -", message);
  return head();
}

std::string Client::feature(const std::string& branch, const std::string& file, const std::string& content,
                            const std::string& base) const {
  git("checkout -q -b " + sh_quote(branch) + " " + sh_quote(base));
  return commit_file(file, content, "work on " + branch);
}

std::string Client::merge_release(const std::string& branches, const std::string& message) const {
  git("checkout -q main");
  git("merge -q --no-ff --no-edit " + branches);
  return reword(message);
}

std::string Client::rev(const std::string& r) const { return trimmed(git("rev-parse " + sh_quote(r)).out); }

void bootstrap(const Server& s, const Client& c) {
  c.commit_file("README.md", "hello\n", "Initial import");
  auto r = c.push("-q origin main");
  REQUIRE_MESSAGE(r.exit_code == 0, r.all());
  REQUIRE(s.rev("refs/heads/main") == c.head());
}

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

void expect_refused(const Server& s, const Snapshot& before, const RunResult& r) {
  CHECK_MESSAGE(r.exit_code != 0, "push was accepted:\n" << r.all());
  const Snapshot after = snapshot(s);
  CHECK_MESSAGE(after.refs == before.refs, "server refs changed:\nbefore:\n" << before.refs << "after:\n" << after.refs);
  CHECK_MESSAGE(after.main_tree == before.main_tree, "main's tree changed");
}

void expect_accepted(const RunResult& r) { CHECK_MESSAGE(r.exit_code == 0, "push refused:\n" << r.all()); }

} // namespace rg::test::adv
