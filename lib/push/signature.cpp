#include "lib/push/signature.hpp"

#include "lib/core/error.hpp"
#include "lib/core/text.hpp"
#include "lib/git/check.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

extern char** environ;

namespace rg::push {

CommitSignature extract_signature(git_repository* repo, const git_oid& id) {
  git_buf sig = GIT_BUF_INIT;
  git_buf data = GIT_BUF_INIT;
  CommitSignature out;
  const int rc = git_commit_extract_signature(&sig, &data, repo, const_cast<git_oid*>(&id), nullptr);
  if (rc == GIT_ENOTFOUND) {
    git_error_clear();
    return out;
  }
  git::check(rc, "git_commit_extract_signature", git::to_hex(id));
  out.signature.assign(sig.ptr, sig.size);
  out.payload.assign(data.ptr, data.size);
  git_buf_dispose(&sig);
  git_buf_dispose(&data);
  out.kind = out.signature.rfind("-----BEGIN SSH SIGNATURE-----", 0) == 0 ? CommitSignature::Kind::ssh
                                                                          : CommitSignature::Kind::other;
  return out;
}

namespace {

// A private temp directory removed on scope exit.
struct TempFiles {
  std::filesystem::path dir;
  TempFiles() {
    std::string base = (std::filesystem::temp_directory_path() / "release-gate-sig-XXXXXX").string();
    if (!mkdtemp(base.data())) throw core::Error("cannot create a temp directory for ssh-keygen");
    dir = base;
  }
  ~TempFiles() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  std::string write(const std::string& name, const std::string& content) const {
    auto p = dir / name;
    std::ofstream f(p, std::ios::binary);
    f << content;
    if (!f.good()) throw core::Error("cannot write " + p.string());
    return p.string();
  }
};

} // namespace

SshVerification verify_ssh(const std::string& allowed_signers, const std::string& principal,
                           const CommitSignature& sig) {
  TempFiles tmp;
  const std::string sig_file = tmp.write("commit.sig", sig.signature);
  const std::string payload_file = tmp.write("payload", sig.payload);
  const std::string out_file = (tmp.dir / "out").string();

  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, payload_file.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&fa, 1, 2);
  std::vector<std::string> args{"ssh-keygen", "-Y", "verify", "-f", allowed_signers, "-I",
                                principal,    "-n", "git",    "-s", sig_file};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, "ssh-keygen", &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) throw core::Error(std::string("cannot run ssh-keygen: ") + std::strerror(rc));
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw core::Error("waitpid(ssh-keygen) failed");
  }
  std::ifstream in(out_file, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  // Keep the last non-empty line: ssh-keygen's verdict.
  std::string_view last;
  std::string_view rest = text;
  while (!rest.empty()) {
    auto nl = rest.find('\n');
    auto line = core::trim(rest.substr(0, nl));
    if (!line.empty()) last = line;
    if (nl == std::string_view::npos) break;
    rest.remove_prefix(nl + 1);
  }
  SshVerification v;
  v.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  v.detail = core::printable(last.substr(0, 160));
  return v;
}

} // namespace rg::push
