#include "tests/hosts/support/hosts.hpp"
#include "tests/support/push_harness.hpp"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <thread>

extern char** environ;

namespace rg::test::hosts {

namespace {

using harness::contains;
using harness::q;
using harness::trimmed;

std::string tail_of(const fs::path& log, std::size_t max = 4000) {
  std::string s = read_file(log);
  return s.size() > max ? "..." + s.substr(s.size() - max) : s;
}

// No privileged port is used, but useradd, Apache's User switch and sshd's privilege separation
// need root.
void require_root() {
  REQUIRE_MESSAGE(::geteuid() == 0, "the real-host tests need root (useradd, sshd, Apache's User); "
                                    "run them in CI or as root");
}

} // namespace

// ---------------------------------------------------------------------------------------------
// Processes and ports

Process Process::start(const std::vector<std::string>& argv, const fs::path& log) {
  REQUIRE(!argv.empty());
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setpgroup(&attr, 0);  // its own group: a test's Ctrl-C does not reach it first
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  const int rc = ::posix_spawn(&pid, argv[0].c_str(), &actions, &attr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  REQUIRE_MESSAGE(rc == 0, "cannot start " << argv[0] << ": " << std::strerror(rc));
  return Process(pid);
}

Process::Process(Process&& other) noexcept : pid_(other.pid_), exited_(other.exited_) { other.pid_ = -1; }

bool Process::running() {
  if (pid_ <= 0 || exited_) return false;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) == pid_) exited_ = true;
  return !exited_;
}

Process::~Process() {
  if (pid_ <= 0 || !running()) return;
  ::kill(pid_, SIGTERM);
  for (int i = 0; i < 250 && running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  if (running()) {
    ::kill(-pid_, SIGKILL);  // the server's own process group (Apache's children too)
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
}

void wait_for_port(int port, Process& server, const fs::path& log) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < until) {
    REQUIRE_MESSAGE(server.running(), "the server exited before it listened on 127.0.0.1:" << port << "; its log:\n"
                                                                                        << tail_of(log));
    if (accepts_connections(port)) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  FAIL("nothing listens on 127.0.0.1:" << port << " after 10 s; the server's log:\n" << tail_of(log));
}

void require_program(const fs::path& program, const std::string& package) {
  REQUIRE_MESSAGE(::access(program.c_str(), X_OK) == 0,
                  program.string() << " is missing: install the Debian package " << package
                                   << " (./install.sh --deps-only installs everything the tests need)");
}

// ---------------------------------------------------------------------------------------------
// Host

void Host::install_policy(const std::string& repo, const std::string& yaml) const {
  const fs::path file = bare_path(repo) / "release-gate.yml";
  write_file(file, yaml);
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                            fs::perms::others_read);
}

RunResult Host::git(const std::string& repo, const std::string& args) const {
  // The repositories belong to the host's account; git refuses another owner's repository
  // unless safe.directory (protected configuration: the command line counts) allows it.
  return run("git -c safe.directory='*' -C " + q(bare_path(repo)) + " " + args);
}

std::string Host::rev(const std::string& repo, const std::string& ref) const {
  return trimmed(git(repo, "rev-parse -q --verify " + sh_quote(ref)).out);
}

std::vector<nlohmann::json> Host::audit(const std::string& repo, const std::string& hook) const {
  std::vector<nlohmann::json> out;
  const fs::path file = bare_path(repo) / "release-gate-audit.jsonl";
  if (!fs::exists(file)) return out;
  std::istringstream in(read_file(file));
  std::string line;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    REQUIRE_MESSAGE(!j.is_discarded(), "audit line is not JSON: " << line);
    if (hook.empty() || j.value("hook", "") == hook) out.push_back(std::move(j));
  }
  return out;
}

void Host::install_gate(const fs::path& bare, const std::string& owner) const {
  const std::string install = "bash " + q(fs::path(RG_SOURCE_DIR) / "install.sh");
  const char* deb = std::getenv("RG_TEST_DEB");
  if (deb && *deb) {
    // The way a server gets it: the package (apt-get; a second install of the same file is a
    // no-op), then the hooks.
    run_ok(install + " --deb " + sh_quote(deb) + " --server " + q(bare));
    REQUIRE_MESSAGE(contains(read_file(bare / "hooks/pre-receive"), "\"/usr/bin/release-gate-pre-receive\""),
                    "install.sh --deb did not point the hook at the package's binary:\n"
                        << read_file(bare / "hooks/pre-receive"));
  } else {
    const fs::path bin_dir = fs::path(bin("pre-receive")).parent_path();
    // The hook runs as the hosting account: a build tree under a private directory (/root)
    // would fail every push with "permission denied" far from the cause.
    REQUIRE_MESSAGE(run("runuser -u " + owner + " -- test -x " + sh_quote(bin("pre-receive"))).exit_code == 0,
                    owner << " cannot run " << bin("pre-receive") << ": build in a directory other users can "
                          << "traverse, or set RG_TEST_DEB to a package (tests/hosts/README.md)");
    run_ok(install + " --no-deps --bin-dir " + q(bin_dir) + " --server " + q(bare));
  }
  run_ok("git -c safe.directory='*' -C " + q(bare) + " config receive.advertisePushOptions true");
  // Root's `git config` rewrote the repository's config file as root's: give everything back to
  // the hosting account (an administrator must do the same, or run git config as that account).
  run_ok("chown -R " + owner + ": " + q(bare));
}

// ---------------------------------------------------------------------------------------------
// GitoliteHost

namespace {

// The hosting account, made once per machine. sshd refuses a locked account ("!" in shadow,
// useradd's default), so its password field is "*" (no password, not locked). flock: two test
// processes may race to create it.
void ensure_unix_user(const std::string& user) {
  const std::string script =
      "id -u " + user + " >/dev/null 2>&1 || useradd --system --no-create-home --home-dir / --shell /bin/sh " +
      "--user-group " + user + "\n"
      "[ \"$(getent passwd " + user + " | cut -d: -f6)\" = / ] || usermod -d / " + user + "\n"
      "[ \"$(getent shadow " + user + " | cut -d: -f2)\" = '*' ] || usermod -p '*' " + user + "\n";
  fs::create_directories("/run/lock");
  run_ok("flock /run/lock/release-gate-tests-useradd.lock sh -c " + sh_quote(script));
}

} // namespace

GitoliteHost::GitoliteHost() {
  require_root();
  require_program("/usr/sbin/sshd", "openssh-server");
  require_program("/usr/bin/gitolite", "gitolite3");
  require_program("/usr/bin/ssh", "openssh-client");
  ensure_unix_user(unix_user);
  // The temp dir must be traversable by the hosting account.
  fs::permissions(dir_.path(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                   fs::perms::others_read | fs::perms::others_exec);
  home_ = dir_ / "home";
  fs::create_directories(home_);
  fs::create_directories(dir_ / "keys");
  run_ok(std::string("chown ") + unix_user + ": " + q(home_));
  // No admin key: the tests drive gitolite from the server side (conf + keydir, then compile),
  // the way gitolite's docs describe administering it without the admin repository.
  as_host("gitolite setup -a admin >/dev/null 2>&1 || gitolite setup -a admin");
  // gitweb and git-daemon access lists are not used here; without them each compile's
  // POST_COMPILE is only ssh-authkeys and git-config (a second less per compile).
  as_host("sed -i -e \"/^ *'daemon',/d\" -e \"/^ *'gitweb',/d\" \"$HOME/.gitolite.rc\"");

  // sshd: its own config, host key and pid file in the temp dir; only the hosting account may
  // log in, with the keys gitolite writes. SetEnv gives gitolite-shell its HOME (the account's
  // passwd home is /), StrictModes is off because the temp dir belongs to root.
  run_ok("ssh-keygen -q -t ed25519 -N '' -C host -f " + q(dir_ / "ssh_host_ed25519_key"));
  fs::create_directories("/run/sshd");  // privilege separation directory
  port_ = free_port();
  write_file(dir_ / "sshd_config",
             "ListenAddress 127.0.0.1:" + std::to_string(port_) + "\n"
             "HostKey " + (dir_ / "ssh_host_ed25519_key").string() + "\n"
             "PidFile " + (dir_ / "sshd.pid").string() + "\n"
             "AuthorizedKeysFile " + (home_ / ".ssh/authorized_keys").string() + "\n"
             "SetEnv HOME=" + home_.string() + "\n"
             "AllowUsers " + unix_user + "\n"
             "StrictModes no\n"
             "UsePAM no\n"
             "PasswordAuthentication no\n"
             "KbdInteractiveAuthentication no\n"
             "PubkeyAuthentication yes\n"
             "PermitRootLogin no\n"
             "LogLevel VERBOSE\n");
  run_ok("/usr/sbin/sshd -t -f " + q(dir_ / "sshd_config"));
  sshd_.emplace(Process::start({"/usr/sbin/sshd", "-D", "-e", "-f", (dir_ / "sshd_config").string()}, dir_ / "sshd.log"));
  wait_for_port(port_, *sshd_, dir_ / "sshd.log");
}

RunResult GitoliteHost::as_host(const std::string& command) const {
  // init.defaultBranch: repositories gitolite creates get HEAD -> main, like the clients.
  return run_ok(std::string("runuser -u ") + unix_user + " -- env HOME=" + q(home_) +
                " GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=init.defaultBranch"
                " GIT_CONFIG_VALUE_0=main sh -c " + sh_quote(command));
}

void GitoliteHost::compile() const {
  std::string conf = "repo gitolite-admin\n    RW+ = admin\n";
  for (const auto& r : repos_) conf += "\nrepo " + r + "\n    RW+ = @all\n";
  write_file(home_ / ".gitolite/conf/gitolite.conf", conf);
  run_ok(std::string("chown -R ") + unix_user + ": " + q(home_ / ".gitolite"));
  // The documented way to apply an edited conf/keydir on the server.
  as_host("gitolite compile && gitolite trigger POST_COMPILE");
}

void GitoliteHost::add_user(const std::string& user) { add_users({user}); }

void GitoliteHost::add_users(std::initializer_list<std::string> users) {
  for (const auto& user : users) add_key(user);
  compile();  // once for all of them: each compile costs about a second of perl
}

void GitoliteHost::add_key(const std::string& user) {
  if (std::find(users_.begin(), users_.end(), user) != users_.end()) return;
  // gitolite takes the user name from the key file's name; "dana@example.com.pub" is the user
  // "dana@example.com" (a suffix after @ counts as a name only when it has a dot).
  REQUIRE_MESSAGE(user.find_first_of("/ '\"") == std::string::npos, "unusable gitolite user name: " << user);
  run_ok("ssh-keygen -q -t ed25519 -N '' -C " + sh_quote(user) + " -f " + q(key(user)));
  write_file(home_ / ".gitolite/keydir" / (user + ".pub"), read_file(key(user).string() + ".pub"));
  users_.push_back(user);
}

void GitoliteHost::create_repo(const std::string& repo) {
  if (std::find(repos_.begin(), repos_.end(), repo) == repos_.end()) repos_.push_back(repo);
  compile();  // gitolite creates the bare repository (and its own `update` hook)
  REQUIRE(fs::exists(bare_path(repo) / "HEAD"));
  // Hooks other than `update` are the repository's own; release-gate goes in as on any server.
  install_gate(bare_path(repo), unix_user);
}

std::string GitoliteHost::url(const std::string& repo) const {
  return std::string("ssh://") + unix_user + "@127.0.0.1:" + std::to_string(port_) + "/" + repo;
}

fs::path GitoliteHost::key(const std::string& user) const { return dir_ / "keys" / user; }

std::string GitoliteHost::push_env(const std::string& user) const {
  REQUIRE_MESSAGE(std::find(users_.begin(), users_.end(), user) != users_.end(), "no such gitolite user: " << user);
  const std::string ssh = "ssh -i " + q(key(user)) +
                          " -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=no"
                          " -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR";
  return "GIT_SSH_COMMAND=" + sh_quote(ssh);
}

fs::path GitoliteHost::bare_path(const std::string& repo) const { return home_ / "repositories" / (repo + ".git"); }

std::string GitoliteHost::logs() const {
  return "sshd.log:\n" + tail_of(dir_ / "sshd.log") + "\ngitolite log:\n" +
         run("cat " + q(home_ / ".gitolite/logs") + "/*.log 2>/dev/null | tail -40").out;
}

// ---------------------------------------------------------------------------------------------
// HttpHost

HttpHost::HttpHost() {
  require_root();
  require_program("/usr/sbin/apache2", "apache2");
  require_program("/usr/bin/htpasswd", "apache2-utils");
  require_program("/usr/lib/git-core/git-http-backend", "git");
  fs::permissions(dir_.path(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                   fs::perms::others_read | fs::perms::others_exec);
  for (const char* d : {"repos", "run", "logs"}) fs::create_directories(dir_ / d);
  write_file(dir_ / "htpasswd", "");
  run_ok(std::string("chown ") + unix_user + ": " + q(dir_ / "repos"));

  port_ = free_port();
  const std::string m = "/usr/lib/apache2/modules/";
  std::string conf =
      "ServerRoot " + dir_.str() + "\n"
      "ServerName 127.0.0.1\n"
      "Listen 127.0.0.1:" + std::to_string(port_) + "\n"
      "PidFile " + (dir_ / "run/httpd.pid").string() + "\n"
      "DefaultRuntimeDir " + (dir_ / "run").string() + "\n"
      "ErrorLog " + (dir_ / "logs/error.log").string() + "\n"
      "LogLevel warn\n"
      "User " + unix_user + "\nGroup " + unix_user + "\n";
  for (const char* mod : {"mpm_prefork", "authz_core", "authz_user", "authn_core", "authn_file", "auth_basic",
                          "alias", "cgi", "env"})
    conf += std::string("LoadModule ") + mod + "_module " + m + "mod_" + mod + ".so\n";
  conf +=
      "SetEnv GIT_PROJECT_ROOT " + (dir_ / "repos").string() + "\n"
      "SetEnv GIT_HTTP_EXPORT_ALL 1\n"
      "ScriptAlias /git/ /usr/lib/git-core/git-http-backend/\n"
      "<Location \"/git/\">\n"
      "  AuthType Basic\n"
      "  AuthName \"git\"\n"
      "  AuthBasicProvider file\n"
      "  AuthUserFile \"" + (dir_ / "htpasswd").string() + "\"\n"
      "  Require valid-user\n"
      "</Location>\n";
  write_file(dir_ / "httpd.conf", conf);
  run_ok("/usr/sbin/apache2 -t -f " + q(dir_ / "httpd.conf"));
  httpd_.emplace(Process::start({"/usr/sbin/apache2", "-f", (dir_ / "httpd.conf").string(), "-DFOREGROUND"},
                                dir_ / "logs/stdout.log"));
  wait_for_port(port_, *httpd_, dir_ / "logs/error.log");
}

void HttpHost::add_user(const std::string& user) {
  if (passwords_.count(user)) return;
  REQUIRE_MESSAGE(user.find(':') == std::string::npos, "an HTTP user name cannot hold ':': " << user);
  const std::string password = "pw-" + std::to_string(passwords_.size()) + "-secret";
  // -B bcrypt, -C 4 keeps each request's check cheap; -b takes the password from the command line.
  run_ok("htpasswd -b -B -C 4 " + q(dir_ / "htpasswd") + " " + sh_quote(user) + " " + sh_quote(password));
  passwords_[user] = password;
}

std::string HttpHost::password(const std::string& user) const {
  auto it = passwords_.find(user);
  REQUIRE_MESSAGE(it != passwords_.end(), "no such HTTP user: " << user);
  return it->second;
}

void HttpHost::create_repo(const std::string& repo) {
  const fs::path bare = bare_path(repo);
  run_ok("git init -q --bare -b main " + q(bare));
  run_ok("git -C " + q(bare) + " config http.receivepack true");
  // git http-backend runs as Apache's user: the repository must be its own.
  install_gate(bare, unix_user);
}

std::string HttpHost::url(const std::string& repo) const {
  return "http://127.0.0.1:" + std::to_string(port_) + "/git/" + repo + ".git";
}

std::string HttpHost::push_env_with_password(const std::string& user, const std::string& pass) const {
  // A credential helper given through the environment (command-line scope): the URL stays the
  // same for everyone and no prompt can hang the test.
  const std::string helper = "!f() { test \"$1\" = get || return 0; printf 'username=%s\\npassword=%s\\n' " +
                             sh_quote(user) + " " + sh_quote(pass) + "; }; f";
  return "GIT_TERMINAL_PROMPT=0 GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=credential.helper GIT_CONFIG_VALUE_0=" +
         sh_quote(helper);
}

std::string HttpHost::push_env(const std::string& user) const { return push_env_with_password(user, password(user)); }

fs::path HttpHost::bare_path(const std::string& repo) const { return dir_ / "repos" / (repo + ".git"); }

std::string HttpHost::logs() const { return "apache error.log:\n" + tail_of(dir_ / "logs/error.log"); }

} // namespace rg::test::hosts
