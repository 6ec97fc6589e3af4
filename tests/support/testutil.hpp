#pragma once
// Test fixtures: temp dirs, command runs, repositories with a fake HOME and fixed identities.

#include <filesystem>
#include <string>
#include <vector>

namespace rg::test {

namespace fs = std::filesystem;

/// Points HOME at an empty temp dir with a minimal .gitconfig (user, init.defaultBranch=main),
/// disables system config and fixes author/committer dates. Called once from main().
void isolate_environment();

/// Removes the fake HOME made by isolate_environment().
void cleanup_environment();

/// A fresh directory under $TMPDIR, removed on destruction (kept when RG_KEEP_TMP is set;
/// then its path is printed so it can be inspected).
class TempDir {
public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }
  std::string str() const { return path_.string(); }
  fs::path operator/(const std::string& rel) const { return path_ / rel; }

private:
  fs::path path_;
};

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
  std::string all() const { return out + err; }
};

/// Runs `command` with /bin/sh -c in `cwd`, stdin from `input`; captures stdout and stderr.
/// A command still running after 300 s is killed (exit code 124).
RunResult run(const std::string& command, const fs::path& cwd = {}, const std::string& input = {});

/// Like run() but fails the test (with the output) if the exit code is not 0.
RunResult run_ok(const std::string& command, const fs::path& cwd = {}, const std::string& input = {});

/// A TCP port on 127.0.0.1 that nothing listens on at the time of the call.
int free_port();

/// True if something accepts a TCP connection on 127.0.0.1:`port` now.
bool accepts_connections(int port);

/// Single-quote for /bin/sh.
std::string sh_quote(const std::string& s);

void write_file(const fs::path& p, const std::string& content);
std::string read_file(const fs::path& p);

/// Path of a built binary ("release-gate", "pre-commit", ...), from the build's definitions.
std::string bin(const std::string& name);

/// A non-bare repository in a temp dir with `main` as the initial branch.
class TempRepo {
public:
  TempRepo();
  const fs::path& path() const { return dir_.path(); }
  std::string str() const { return dir_.str(); }
  /// git <args> in the repo; fails the test on non-zero exit.
  RunResult git(const std::string& args, const std::string& input = {}) const;
  /// git <args> in the repo; returns whatever happened.
  RunResult try_git(const std::string& args, const std::string& input = {}) const;
  void write(const std::string& rel, const std::string& content) const;
  /// write + add + commit with message; returns the new commit id.
  std::string commit_file(const std::string& rel, const std::string& content,
                          const std::string& message = "change") const;
  std::string head() const;

private:
  TempDir dir_;
};

} // namespace rg::test
