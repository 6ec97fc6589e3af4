#include "lib/rollback/push.hpp"

#include "lib/git/check.hpp"

#include <cerrno>
#include <spawn.h>
#include <sys/wait.h>

#include <vector>

extern char** environ;

namespace rg::rollback {

int push_fast_forward(git_repository* repo, const std::string& remote, const git_oid& id,
                      const std::string& ref) {
  const char* wd = git_repository_workdir(repo);
  std::string dir = wd ? wd : git_repository_path(repo);
  std::string refspec = git::to_hex(id) + ":" + ref;
  // argv, not a shell: remote names and refs reach git verbatim.
  std::vector<std::string> args{"git", "-C", dir, "push", "--", remote, refspec};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawnp(&pid, "git", nullptr, nullptr, argv.data(), environ) != 0) return 127;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return 127;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

} // namespace rg::rollback
