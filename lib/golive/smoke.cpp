#include "lib/golive/smoke.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace rg::golive {
namespace {

using Clock = std::chrono::steady_clock;

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

} // namespace

std::string tail_of(const std::string& text, size_t max_lines, size_t max_bytes) {
  size_t start = text.size();
  size_t lines = 0;
  size_t end = text.size();
  if (end > 0 && text[end - 1] == '\n') --end;  // a final newline does not start a line
  for (size_t i = end; i > 0; --i) {
    if (text[i - 1] == '\n' && ++lines == max_lines) {
      start = i;
      break;
    }
    start = i - 1;
  }
  if (text.size() - start > max_bytes) {
    start = text.size() - max_bytes;
    if (auto nl = text.find('\n', start); nl != std::string::npos && nl + 1 < text.size()) start = nl + 1;
  }
  return text.substr(start);
}

SmokeResult run_smoke(const std::vector<std::string>& argv, std::chrono::seconds timeout, std::ostream& echo) {
  SmokeResult r;
  const auto started = Clock::now();
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    r.exit_code = 127;
    r.output_tail = "cannot create a pipe";
    return r;
  }
  Fd rd{fds[0]}, wr{fds[1]};
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, wr.fd, 1);
  posix_spawn_file_actions_adddup2(&fa, wr.fd, 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  // Its own process group, so a timeout stops everything the smoke test started.
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK);
  posix_spawnattr_setpgroup(&attr, 0);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  std::vector<std::string> args = argv;
  std::vector<char*> cargv;
  for (auto& a : args) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, cargv[0], &fa, &attr, cargv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  ::close(wr.fd);
  wr.fd = -1;
  if (rc != 0) {
    r.exit_code = 127;
    r.output_tail = "cannot run `" + argv[0] + "`: " + std::string(std::strerror(rc)) + "\n";
    r.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
    return r;
  }

  std::string output;
  const auto deadline = started + timeout;
  auto kill_at = Clock::time_point::max();
  bool open = true;
  while (open) {
    auto now = Clock::now();
    if (!r.timed_out && now >= deadline) {
      r.timed_out = true;
      ::kill(-pid, SIGTERM);
      kill_at = now + std::chrono::seconds(5);
    }
    if (r.timed_out && now >= kill_at) {
      ::kill(-pid, SIGKILL);
      kill_at = Clock::time_point::max();
    }
    auto until = r.timed_out ? kill_at : deadline;
    long wait_ms = until == Clock::time_point::max()
                       ? 1000
                       : std::max<long>(1, std::chrono::duration_cast<std::chrono::milliseconds>(until - now).count());
    pollfd p{rd.fd, POLLIN, 0};
    int n = ::poll(&p, 1, static_cast<int>(std::min<long>(wait_ms, 1000)));
    if (n < 0 && errno != EINTR) break;
    if (n > 0) {
      char buf[4096];
      ssize_t got = ::read(rd.fd, buf, sizeof buf);
      if (got > 0) {
        echo.write(buf, got);
        echo.flush();
        output.append(buf, static_cast<size_t>(got));
        if (output.size() > (1u << 20)) output.erase(0, output.size() - (64u << 10));
      } else if (got == 0 || (got < 0 && errno != EINTR && errno != EAGAIN)) {
        open = false;
      }
    }
  }
  int status = 0;
  // Output closed, but the process may linger (or a grandchild kept the pipe): bounded wait.
  while (true) {
    pid_t w = ::waitpid(pid, &status, WNOHANG);
    if (w == pid) break;
    if (w < 0 && errno != EINTR) break;
    auto now = Clock::now();
    if (!r.timed_out && now >= deadline) {
      r.timed_out = true;
      ::kill(-pid, SIGTERM);
      kill_at = now + std::chrono::seconds(5);
    }
    if (r.timed_out && now >= kill_at) ::kill(-pid, SIGKILL);
    ::usleep(20000);
  }
  r.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
  if (r.timed_out) r.exit_code = 124;
  else r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.passed = !r.timed_out && r.exit_code == 0;
  r.output_tail = tail_of(output);
  return r;
}

} // namespace rg::golive
