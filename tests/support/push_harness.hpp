#pragma once
// The push harness shared by the suites that push to a real server: a bare repository with the
// real hooks installed by install.sh --server and a policy, a client repository whose origin is
// that server, the release records and demo secret the suites push, and the assertions that a
// refused push left the server's refs and main's tree as they were.

#include "tests/support/testutil.hpp"

#include <string>

namespace rg::test::harness {

/// The demo secret, and a policy's `secrets:` section with one rule (`demo-token`) matching it.
inline const std::string kDemoToken = "dmo_Q7xK2mZp9LwR4tYv8NbC";
inline const std::string kDemoSecrets = R"(secrets:
  rules:
    - id: demo-token
      description: Demo token
      regex: '\b(dmo_[A-Za-z0-9]{20})\b'
      keywords: [dmo_]
)";

/// A policy's `release:` section naming the three people the records authorize with: Dana Cruz
/// (cdo), Chris Ode (ceo) and Mo Reyes (cmo). Other keys of `release:` may follow it.
inline const std::string kThreeRoles = R"(release:
  roles:
    cdo: ["Dana Cruz <dana@example.com>"]
    ceo: ["Chris Ode <chris@example.com>"]
    cmo: ["Mo Reyes <mo@example.com>"]
)";

/// Complete release records (SOP sections 2, 3, 5; trailer blocks, each line ending in '\n')
/// authorized by Dana Cruz; the rollback plans name `git revert HEAD`.
inline const std::string kRoutineRecord =
    "Release-Type: routine\nAuthorized-By: Dana Cruz <dana@example.com>\nQA-Signoff: QA-7 PASS\n"
    "Rollback-Plan: git revert HEAD; eta 10m; executor code.platform\nMonitoring-Window: 24h; owner code.platform\n";
inline const std::string kHotfixRecord =
    "Release-Type: hotfix\nAuthorized-By: Dana Cruz <dana@example.com>\nCEO-Notified: 2026-01-02 10:00 #exec-checkins\n"
    "QA-Signoff: QA-8 PASS\nRollback-Plan: git revert HEAD; eta 10m; executor code.platform\n"
    "Monitoring-Window: 4h; owner code.platform\n";

/// True if `needle` occurs in `hay`.
bool contains(const std::string& hay, const std::string& needle);
/// `s` without trailing newlines, carriage returns and spaces.
std::string trimmed(std::string s);
/// A path single-quoted for /bin/sh.
std::string q(const fs::path& p);
/// First 7 characters of an object id: every abbreviation the hook may print contains them.
std::string short_id(const std::string& id);

/// A bare repository `<dir>/srv.git` with the hooks installed the way users install them
/// (install.sh --server, checked), push options advertised (break-glass), and `policy` as its
/// `release-gate.yml`.
struct Server {
  TempDir dir;
  fs::path bare;

  explicit Server(const std::string& policy);
  /// Replaces the server's policy.
  void set_policy(const std::string& policy) const;
  /// The id `ref` resolves to on the server, or "" when it does not.
  std::string rev(const std::string& ref) const;
  /// `git <args>` in the bare repository; fails the test on a non-zero exit.
  RunResult git(const std::string& args) const;
  /// `git for-each-ref` of the server (names, types, ids).
  std::string refs() const;
  /// The audit log the hooks append to.
  fs::path audit_log() const { return bare / "release-gate-audit.jsonl"; }
};

/// What a refused push must leave untouched: every ref (name, type, id, symbolic target) and
/// main's tree.
struct Snapshot {
  std::string refs;
  std::string main_tree;
  bool operator==(const Snapshot&) const = default;
};
Snapshot snapshot(const Server& s);

/// A branch `branch` off main with one commit adding `file`, merged into main with --no-ff and
/// the message "Release <branch>" + `record` (the client's hooks run); returns the merge.
std::string release_merge(const TempRepo& repo, const std::string& branch, const std::string& file,
                          const std::string& content, const std::string& record);

/// A working repository whose `origin` is the server (or `url`, when given).
struct Client : TempRepo {
  explicit Client(const Server& s, const std::string& url = {});
  /// `git push <args>` from the client (env: `VAR=value ...` prefix).
  RunResult push(const std::string& args, const std::string& env = {}) const;
  /// Commit whatever is staged (or nothing) with `message` read verbatim from stdin.
  std::string commit_msg(const std::string& message, bool allow_empty = true) const;
  /// Replace HEAD's message with `message` (verbatim).
  std::string reword(const std::string& message) const;
  /// A branch `branch` off `base` with one commit adding `file`.
  std::string feature(const std::string& branch, const std::string& file, const std::string& content,
                      const std::string& base = "main") const;
  /// Merge `branches` into main with --no-ff and `message` verbatim (no hooks); returns the merge.
  std::string merge_release(const std::string& branches, const std::string& message) const;
  /// release_merge() of this client, with a routine record by default.
  std::string release(const std::string& branch, const std::string& file, const std::string& content,
                      const std::string& record = kRoutineRecord) const;
  /// The id `r` names in the client.
  std::string rev(const std::string& r) const;
};

/// Installs the client's hooks into `repo` the way users do (install.sh --repo, the build
/// tree's binaries).
void install_client_hooks(const TempRepo& repo);

/// The first push into the empty server (an import: no record asked), checked to succeed.
void bootstrap(const Server& s, const Client& c);

/// Checks that a `git push` was refused and the server's refs and main's tree are `before`.
void expect_refused(const Server& s, const Snapshot& before, const RunResult& r);
/// Checks that a `git push` was accepted.
void expect_accepted(const RunResult& r);
/// `git push <args>` from `c`, checked with expect_refused() against `before`; returns it for
/// checks of its output.
RunResult push_refused(const Server& s, const Client& c, const Snapshot& before, const std::string& args);

} // namespace rg::test::harness
