#include "tests/support/push_harness.hpp"

#include <doctest/doctest.h>

namespace rg::test::harness {

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

std::string q(const fs::path& p) { return sh_quote(p.string()); }

std::string short_id(const std::string& id) { return id.substr(0, 7); }

// install.sh with the build tree's binaries and `args`.
static std::string install_sh(const std::string& args) {
  const fs::path bin_dir = fs::path(bin("pre-receive")).parent_path();
  return "bash " + q(fs::path(RG_SOURCE_DIR) / "install.sh") + " --no-deps --bin-dir " + q(bin_dir) + " " + args;
}

Server::Server(const std::string& policy) {
  bare = dir / "srv.git";
  run_ok("git init -q --bare " + q(bare));
  run_ok(install_sh("--server " + q(bare)));
  REQUIRE(fs::exists(bare / "hooks" / "pre-receive"));
  REQUIRE(fs::exists(bare / "release-gate.yml"));  // the starter policy was copied
  set_policy(policy);
  git("config receive.advertisePushOptions true");
}

void Server::set_policy(const std::string& policy) const { write_file(bare / "release-gate.yml", policy); }

std::string Server::rev(const std::string& ref) const {
  return trimmed(run("git -C " + q(bare) + " rev-parse -q --verify " + sh_quote(ref)).out);
}

RunResult Server::git(const std::string& args) const { return run_ok("git -C " + q(bare) + " " + args); }

std::string Server::refs() const { return run("git -C " + q(bare) + " for-each-ref").out; }

Snapshot snapshot(const Server& s) {
  Snapshot snap;
  snap.refs = s.git("for-each-ref --format='%(refname) %(objecttype) %(objectname) %(symref)'").out;
  snap.main_tree = s.rev("refs/heads/main^{tree}");
  return snap;
}

std::string release_merge(const TempRepo& repo, const std::string& branch, const std::string& file,
                          const std::string& content, const std::string& record) {
  repo.git("checkout -q -b " + sh_quote(branch) + " main");
  repo.commit_file(file, content, "work on " + branch);
  repo.git("checkout -q main");
  repo.git("merge -q --no-ff --no-edit -m " + sh_quote("Release " + branch + "\n\n" + record) + " " +
           sh_quote(branch));
  return repo.head();
}

Client::Client(const Server& s, const std::string& url) {
  git("remote add origin " + sh_quote(url.empty() ? s.bare.string() : url));
}

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

std::string Client::release(const std::string& branch, const std::string& file, const std::string& content,
                            const std::string& record) const {
  return release_merge(*this, branch, file, content, record);
}

std::string Client::rev(const std::string& r) const { return trimmed(git("rev-parse " + sh_quote(r)).out); }

void install_client_hooks(const TempRepo& repo) { run_ok(install_sh("--repo " + q(repo.path())), repo.path()); }

void bootstrap(const Server& s, const Client& c) {
  c.commit_file("README.md", "hello\n", "Initial import");
  auto r = c.push("-q origin main");
  REQUIRE_MESSAGE(r.exit_code == 0, r.all());
  REQUIRE(s.rev("refs/heads/main") == c.head());
}

void expect_refused(const Server& s, const Snapshot& before, const RunResult& r) {
  CHECK_MESSAGE(r.exit_code != 0, "push was accepted:\n" << r.all());
  const Snapshot after = snapshot(s);
  CHECK_MESSAGE(after.refs == before.refs, "server refs changed:\nbefore:\n" << before.refs << "after:\n" << after.refs);
  CHECK_MESSAGE(after.main_tree == before.main_tree, "main's tree changed");
}

void expect_accepted(const RunResult& r) { CHECK_MESSAGE(r.exit_code == 0, "push refused:\n" << r.all()); }

RunResult push_refused(const Server& s, const Client& c, const Snapshot& before, const std::string& args) {
  auto r = c.push(args);
  expect_refused(s, before, r);
  return r;
}

} // namespace rg::test::harness
