#pragma once
// Real git hosts for the tests, each started by the test on 127.0.0.1 in its own temp dir and
// stopped when the fixture goes out of scope (tests/hosts/README.md):
//
//   GitoliteHost  gitolite3 behind an OpenSSH sshd; every user has an SSH key; the hook sees GL_USER
//   HttpHost      Apache2 running git http-backend behind basic auth; the hook sees REMOTE_USER
//
// Both install release-gate into each repository the way an administrator does
// (install.sh --server, or install.sh --deb $RG_TEST_DEB --server when the package is given).
// They need root (a unix account for gitolite, Apache's User switch) and fail the test loudly
// when a program is missing: CI installs them with ./install.sh --deps-only.

#include "tests/support/testutil.hpp"

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace rg::test::hosts {

/// A server running in the foreground, its stdout and stderr appended to a log file. The
/// destructor stops it (SIGTERM, then SIGKILL after 5 s) and reaps it.
class Process {
public:
  /// Starts argv[0] (an absolute path) with `argv`; fails the test if it cannot be started.
  static Process start(const std::vector<std::string>& argv, const fs::path& log);
  Process(Process&& other) noexcept;
  Process& operator=(Process&&) = delete;
  Process(const Process&) = delete;
  ~Process();
  pid_t pid() const { return pid_; }
  /// True while the process has not exited (reaps it when it has).
  bool running();

private:
  explicit Process(pid_t pid) : pid_(pid) {}
  pid_t pid_ = -1;
  bool exited_ = false;
};

/// Waits up to 10 s until 127.0.0.1:`port` accepts connections; fails the test with the contents
/// of `log` if `server` exits first or the time runs out.
void wait_for_port(int port, Process& server, const fs::path& log);

/// Fails the test unless the program exists (a package that ./install.sh --deps-only installs).
void require_program(const fs::path& program, const std::string& package);

/// What every host offers the tests. A repository is named without ".git" ("proj").
class Host {
public:
  virtual ~Host() = default;
  Host() = default;
  Host(const Host&) = delete;
  Host& operator=(const Host&) = delete;

  /// Lets `user` authenticate to the host (an SSH key for gitolite, a password for HTTP). The
  /// name is what the host passes to the hook (GL_USER, REMOTE_USER). Idempotent.
  virtual void add_user(const std::string& user) = 0;
  virtual void add_users(std::initializer_list<std::string> users) {
    for (const auto& u : users) add_user(u);
  }
  /// Creates the empty bare repository `repo`, every user may push to it at the host's level,
  /// and installs release-gate's pre-receive and post-receive into it with install.sh.
  virtual void create_repo(const std::string& repo) = 0;
  /// The URL a client pushes to (the same for every user; push_env() picks the user).
  virtual std::string url(const std::string& repo) const = 0;
  /// Shell assignments (`VAR=value ...`, quoted) that make `git push` authenticate as `user`.
  virtual std::string push_env(const std::string& user) const = 0;
  /// The bare repository on the server's disk.
  virtual fs::path bare_path(const std::string& repo) const = 0;
  /// The environment variable the host names the pusher in ("GL_USER", "REMOTE_USER").
  virtual std::string pusher_variable() const = 0;
  /// The server's own logs, for failure messages.
  virtual std::string logs() const = 0;

  /// Writes the server policy <bare>/release-gate.yml (readable by the host's account).
  void install_policy(const std::string& repo, const std::string& yaml) const;
  /// `git <args>` in the bare repository, run by root (safe.directory allows the host's files).
  RunResult git(const std::string& repo, const std::string& args) const;
  /// The id `ref` names on the server, "" when it does not exist.
  std::string rev(const std::string& repo, const std::string& ref) const;
  /// Every audit record of the repository, in order; only those of `hook` when given
  /// ("pre-receive", "post-receive").
  std::vector<nlohmann::json> audit(const std::string& repo, const std::string& hook = "pre-receive") const;

protected:
  /// Runs install.sh --server on `bare` (from RG_TEST_DEB when set, else the build tree's
  /// binaries), lets the bare repository advertise push options (break-glass) and gives the
  /// repository to `owner`, the account the host runs git as.
  void install_gate(const fs::path& bare, const std::string& owner) const;
};

/// gitolite3 (as the unix account `rg-gitolite`, HOME in the temp dir) behind
/// `/usr/sbin/sshd -D -f <temp>/sshd_config` on a free loopback port.
class GitoliteHost : public Host {
public:
  /// The hosting account; created once (idempotently) with useradd.
  static constexpr const char* unix_user = "rg-gitolite";

  GitoliteHost();
  void add_user(const std::string& user) override;
  void add_users(std::initializer_list<std::string> users) override;
  void create_repo(const std::string& repo) override;
  std::string url(const std::string& repo) const override;
  std::string push_env(const std::string& user) const override;
  fs::path bare_path(const std::string& repo) const override;
  std::string pusher_variable() const override { return "GL_USER"; }
  std::string logs() const override;
  /// The private key of `user` (made by add_user).
  fs::path key(const std::string& user) const;
  /// Runs `command` with /bin/sh as the hosting account, HOME = the gitolite home.
  RunResult as_host(const std::string& command) const;

private:
  void compile() const;  // conf + keydir -> ~/.ssh/authorized_keys and repositories
  void add_key(const std::string& user);  // a key pair and keydir/<user>.pub, no compile

  TempDir dir_;
  fs::path home_;
  int port_ = 0;
  std::vector<std::string> users_;
  std::vector<std::string> repos_;
  std::optional<Process> sshd_;  // declared last: stopped first
};

/// Apache2 (mpm_prefork, mod_cgi, basic auth from an htpasswd file) serving
/// /usr/lib/git-core/git-http-backend under /git/ on a free loopback port; CGIs run as www-data.
class HttpHost : public Host {
public:
  static constexpr const char* unix_user = "www-data";

  HttpHost();
  void add_user(const std::string& user) override;
  void create_repo(const std::string& repo) override;
  std::string url(const std::string& repo) const override;
  std::string push_env(const std::string& user) const override;
  fs::path bare_path(const std::string& repo) const override;
  std::string pusher_variable() const override { return "REMOTE_USER"; }
  std::string logs() const override;
  /// The password add_user gave `user`.
  std::string password(const std::string& user) const;
  /// Like push_env, with any password (to test a refused login).
  std::string push_env_with_password(const std::string& user, const std::string& password) const;

private:
  TempDir dir_;
  int port_ = 0;
  std::map<std::string, std::string> passwords_;
  std::optional<Process> httpd_;  // declared last: stopped first
};

} // namespace rg::test::hosts
