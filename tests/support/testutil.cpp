#include "tests/support/testutil.hpp"

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace rg::test {

static fs::path& fake_home() {
  static fs::path home;
  return home;
}

void cleanup_environment() {
  std::error_code ec;
  if (!fake_home().empty() && !std::getenv("RG_KEEP_TMP")) fs::remove_all(fake_home(), ec);
}

void isolate_environment() {
  fs::path& home = fake_home();
  if (!home.empty()) return;
  std::random_device rd;
  home = fs::temp_directory_path() / ("rg-home-" + std::to_string(rd()));
  fs::create_directories(home);
  write_file(home / ".gitconfig",
             "[user]\n\tname = Test Dev\n\temail = dev@example.com\n"
             "[init]\n\tdefaultBranch = main\n"
             "[commit]\n\tgpgsign = false\n"
             "[advice]\n\tdetachedHead = false\n");
  setenv("HOME", home.c_str(), 1);
  setenv("XDG_CONFIG_HOME", (home / ".config").c_str(), 1);
  setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
  setenv("GIT_AUTHOR_DATE", "2026-01-02T03:04:05Z", 1);
  setenv("GIT_COMMITTER_DATE", "2026-01-02T03:04:05Z", 1);
  setenv("LC_ALL", "C", 1);
  unsetenv("GIT_DIR");
  unsetenv("GIT_WORK_TREE");
  unsetenv("GIT_INDEX_FILE");
  unsetenv("GIT_AUTHOR_NAME");
  unsetenv("GIT_AUTHOR_EMAIL");
  unsetenv("GIT_COMMITTER_NAME");
  unsetenv("GIT_COMMITTER_EMAIL");
}

TempDir::TempDir() {
  static std::mt19937_64 rng{std::random_device{}()};
  for (;;) {
    path_ = fs::temp_directory_path() / ("rg-test-" + std::to_string(rng() % 100000000000ULL));
    std::error_code ec;
    if (fs::create_directory(path_, ec)) break;
  }
}

TempDir::~TempDir() {
  // RG_KEEP_TMP=1 keeps every temp dir for inspection after a failure.
  if (std::getenv("RG_KEEP_TMP")) {
    std::cerr << "kept temp dir: " << path_ << "\n";
    return;
  }
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string sh_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

void write_file(const fs::path& p, const std::string& content) {
  if (p.has_parent_path()) fs::create_directories(p.parent_path());
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  f << content;
  if (!f.good()) throw std::runtime_error("cannot write " + p.string());
}

std::string read_file(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// 127.0.0.1:`port`.
static sockaddr_in loopback(int port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(uint16_t(port));
  return a;
}

int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in a = loopback(0);
  socklen_t len = sizeof a;
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
                  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0;
  ::close(fd);
  REQUIRE_MESSAGE(ok, "no free port on 127.0.0.1");
  return ntohs(a.sin_port);
}

bool accepts_connections(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  const sockaddr_in a = loopback(port);
  const bool ok = ::connect(fd, reinterpret_cast<const sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

static constexpr int kRunTimeoutSeconds = 300;

RunResult run(const std::string& command, const fs::path& cwd, const std::string& input) {
  TempDir io;
  write_file(io / "in", input);
  std::string inner = "cd " + sh_quote(cwd.empty() ? fs::current_path().string() : cwd.string()) +
                      " && { " + command + "\n}";
  // A hung child (a git bug, a server that never answers) must fail the test, not the whole run.
  std::string cmd = "timeout -k 5 " + std::to_string(kRunTimeoutSeconds) + " sh -c " + sh_quote(inner) +
                    " <" + sh_quote((io / "in").string()) + " >" + sh_quote((io / "out").string()) +
                    " 2>" + sh_quote((io / "err").string());
  int status = std::system(cmd.c_str());
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = read_file(io / "out");
  r.err = read_file(io / "err");
  return r;
}

RunResult run_ok(const std::string& command, const fs::path& cwd, const std::string& input) {
  RunResult r = run(command, cwd, input);
  REQUIRE_MESSAGE(r.exit_code == 0, "command failed (" << r.exit_code << "): " << command
                                                      << "\nstdout:\n" << r.out << "\nstderr:\n" << r.err);
  return r;
}

std::string bin(const std::string& name) {
#ifdef RG_BIN_RELEASE_GATE
  if (name == "release-gate") return RG_BIN_RELEASE_GATE;
#endif
#ifdef RG_BIN_PRE_COMMIT
  if (name == "pre-commit") return RG_BIN_PRE_COMMIT;
#endif
#ifdef RG_BIN_COMMIT_MSG
  if (name == "commit-msg") return RG_BIN_COMMIT_MSG;
#endif
#ifdef RG_BIN_PRE_RECEIVE
  if (name == "pre-receive") return RG_BIN_PRE_RECEIVE;
#endif
#ifdef RG_BIN_RELEASE_ROLLBACK
  if (name == "release-rollback") return RG_BIN_RELEASE_ROLLBACK;
#endif
  FAIL("binary not built: " << name);
  return {};
}

TempRepo::TempRepo() { run_ok("git init -q -b main .", path()); }

RunResult TempRepo::git(const std::string& args, const std::string& input) const {
  return run_ok("git " + args, path(), input);
}

RunResult TempRepo::try_git(const std::string& args, const std::string& input) const {
  return run("git " + args, path(), input);
}

void TempRepo::write(const std::string& rel, const std::string& content) const {
  write_file(path() / rel, content);
}

std::string TempRepo::commit_file(const std::string& rel, const std::string& content,
                                  const std::string& message) const {
  write(rel, content);
  git("add -- " + sh_quote(rel));
  git("commit -q --no-verify -m " + sh_quote(message));
  return head();
}

std::string TempRepo::head() const {
  std::string h = git("rev-parse HEAD").out;
  while (!h.empty() && (h.back() == '\n' || h.back() == '\r')) h.pop_back();
  return h;
}

} // namespace rg::test
