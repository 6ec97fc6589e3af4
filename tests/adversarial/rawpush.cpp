#include "tests/adversarial/rawpush.hpp"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

namespace rg::test::raw {

namespace {

void write_all(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // the server hung up; its report (or stderr) says why
    done += size_t(n);
  }
}

std::string pkt(const std::string& payload) {
  char len[5];
  std::snprintf(len, sizeof len, "%04zx", payload.size() + 4);
  return std::string(len, 4) + payload;
}

// Reads exactly n bytes; false on EOF.
bool read_exact(int fd, std::string& out, size_t n) {
  out.assign(n, '\0');
  size_t done = 0;
  while (done < n) {
    const ssize_t r = ::read(fd, out.data() + done, n - done);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    done += size_t(r);
  }
  return true;
}

enum class Pkt { data, flush, eof };

Pkt read_pkt(int fd, std::string& payload) {
  std::string len;
  if (!read_exact(fd, len, 4)) return Pkt::eof;
  const size_t n = std::stoul(len, nullptr, 16);
  if (n == 0) return Pkt::flush;
  if (n < 4 || !read_exact(fd, payload, n - 4)) return Pkt::eof;
  if (!payload.empty() && payload.back() == '\n') payload.pop_back();
  return Pkt::data;
}

bool all_deletes(const std::vector<Command>& commands) {
  for (const auto& c : commands)
    if (c.new_id != kZeroId) return false;
  return true;
}

} // namespace

bool Report::any_ok() const {
  for (const auto& [ref, st] : status)
    if (st == "ok") return true;
  return false;
}

bool Report::all_rejected(size_t commands) const { return status.size() == commands && !any_ok(); }

std::string Report::dump() const {
  std::ostringstream o;
  o << "receive-pack exit " << exit_code << "\nunpack: " << unpack << "\n";
  for (const auto& [ref, st] : status) o << ref << ": " << st << "\n";
  o << "stderr:\n" << err;
  return o.str();
}

std::string build_pack(const fs::path& repo, const std::vector<std::string>& revs) {
  std::string in;
  for (const auto& r : revs) in += r + "\n";
  return run_ok("git pack-objects -q --stdout --revs", repo, in).out;
}

std::string build_pack_of(const fs::path& repo, const std::vector<std::string>& objects) {
  std::string in;
  for (const auto& o : objects) in += o + "\n";
  return run_ok("git pack-objects -q --stdout", repo, in).out;
}

std::string empty_pack() {
  TempDir d;
  return run_ok("git init -q . && git pack-objects -q --stdout </dev/null", d.path()).out;
}

Report push(const fs::path& bare, const std::vector<Command>& commands, const std::string& pack,
            const Options& options) {
  ::signal(SIGPIPE, SIG_IGN);  // a server that hangs up early must not kill the test binary
  Report rep;
  TempDir io;
  const fs::path err_file = io / "stderr";
  int to_child[2], from_child[2];
  REQUIRE(::pipe(to_child) == 0);
  REQUIRE(::pipe(from_child) == 0);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::dup2(to_child[0], 0);
    ::dup2(from_child[1], 1);
    const int err = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(err, 2);
    ::close(to_child[0]);
    ::close(to_child[1]);
    ::close(from_child[0]);
    ::close(from_child[1]);
    // receive-pack finds the repository from its argument, as over SSH; nothing of the test
    // process's own repository may leak into it or into its hooks.
    for (const char* v : {"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
                          "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_QUARANTINE_PATH", "GIT_PROTOCOL"})
      ::unsetenv(v);
    if (::chdir(bare.c_str()) != 0) ::_exit(126);
    ::execlp("git", "git", "receive-pack", bare.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(to_child[0]);
  ::close(from_child[1]);
  const int in = to_child[1], out = from_child[0];

  // The advertisement: "<id> <ref>\0<caps>" first, then "<id> <ref>" lines, then a flush.
  std::string line;
  bool first = true;
  while (read_pkt(out, line) == Pkt::data) {
    std::string caps;
    if (const auto nul = line.find('\0'); nul != std::string::npos) {
      caps = line.substr(nul + 1);
      line.resize(nul);
    }
    if (first) rep.capabilities = caps;
    first = false;
    const auto sp = line.find(' ');
    if (sp != std::string::npos && line.substr(sp + 1) != "capabilities^{}")
      rep.advertised[line.substr(sp + 1)] = line.substr(0, sp);
  }

  std::string caps = "report-status";
  if (options.atomic) caps += " atomic";
  if (!options.push_options.empty()) caps += " push-options";
  std::string req;
  for (size_t i = 0; i < commands.size(); ++i) {
    const auto& c = commands[i];
    std::string l = c.old_id + " " + c.new_id + " " + c.ref;
    if (i == 0) l += std::string(1, '\0') + caps;
    req += pkt(l + "\n");
  }
  req += "0000";
  if (!options.push_options.empty()) {
    for (const auto& o : options.push_options) req += pkt(o + "\n");
    req += "0000";
  }
  if (!all_deletes(commands)) req += pack;
  write_all(in, req);
  ::close(in);

  // report-status: "unpack <status>", then "ok <ref>" / "ng <ref> <reason>", then a flush.
  while (read_pkt(out, line) == Pkt::data) {
    if (line.rfind("unpack ", 0) == 0) {
      rep.unpack = line.substr(7);
    } else if (line.rfind("ok ", 0) == 0) {
      rep.status[line.substr(3)] = "ok";
    } else if (line.rfind("ng ", 0) == 0) {
      const auto rest = line.substr(3);
      const auto sp = rest.find(' ');
      rep.status[rest.substr(0, sp)] = "ng " + (sp == std::string::npos ? "" : rest.substr(sp + 1));
    }
  }
  std::string drain;
  while (read_exact(out, drain, 1)) {
  }
  ::close(out);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  rep.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  rep.err = read_file(err_file);
  return rep;
}

} // namespace rg::test::raw
