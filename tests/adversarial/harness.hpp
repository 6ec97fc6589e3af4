#pragma once
// Shared fixtures of the adversarial suite: a bare server repository with the real pre-receive
// hook installed by install.sh --server, a client repository whose origin is that server, the
// policy and release-record strings, and the "nothing changed on the server" assertion.

#include "tests/support/testutil.hpp"

#include <string>
#include <vector>

namespace rg::test::adv {

/// The demo secret (matches the demo rule of kPolicy) and the server policy these tests use.
extern const std::string kToken;
extern const std::string kPolicy;
/// kPolicy without any `secrets:` section (the shipped pack does not know the demo token).
extern const std::string kPolicyNoDemoRule;

/// Complete release records (trailer blocks, each line ending in '\n').
extern const std::string kRoutine;
extern const std::string kHotfix;
extern const std::string kMulti;
/// The trailers of a rollback authorized by the CDO (append after `Rollback-Of: <id>\n`).
extern const std::string kRollbackTail;

bool contains(const std::string& hay, const std::string& needle);
std::string trimmed(std::string s);
std::string q(const fs::path& p);
/// First 7 characters of an object id: every abbreviation the hook may print contains them.
std::string short_id(const std::string& id);

/// A bare repository with the hook installed the way users install it, and `policy` as its
/// `release-gate.yml`.
struct Server {
  TempDir dir;
  fs::path bare;

  explicit Server(const std::string& policy = kPolicy);
  void set_policy(const std::string& policy) const;
  /// The id `ref` resolves to on the server, or "" when it does not.
  std::string rev(const std::string& ref) const;
  RunResult git(const std::string& args) const;
};

/// What a push must leave untouched: every ref (name, type, id, symbolic target) and main's tree.
struct Snapshot {
  std::string refs;
  std::string main_tree;
  bool operator==(const Snapshot&) const = default;
};
Snapshot snapshot(const Server& s);

/// A working repository whose `origin` is the server.
struct Client : TempRepo {
  explicit Client(const Server& s);
  /// `git push <args>` from the client (env: `VAR=value ...` prefix).
  RunResult push(const std::string& args, const std::string& env = {}) const;
  /// Commit whatever is staged (or nothing) with `message` read verbatim from stdin.
  std::string commit_msg(const std::string& message, bool allow_empty = true) const;
  /// Replace HEAD's message with `message` (verbatim).
  std::string reword(const std::string& message) const;
  /// A branch `branch` off main with one commit adding `file`.
  std::string feature(const std::string& branch, const std::string& file, const std::string& content,
                      const std::string& base = "main") const;
  /// Merge `branches` into main with --no-ff and `message` verbatim; returns the merge.
  std::string merge_release(const std::string& branches, const std::string& message) const;
  std::string rev(const std::string& r) const;
};

/// The first push into the empty server (an import: no record asked), checked to succeed.
void bootstrap(const Server& s, const Client& c);

/// A release of feature branch `branch` (pushed first), merged with a full routine record and
/// pushed atomically with the branch's deletion; checked to succeed. Returns the merge id.
std::string ship_release(const Server& s, const Client& c, const std::string& branch,
                         const std::string& file, const std::string& content);

/// Checks that a `git push` was refused and the server's refs and main's tree are `before`.
void expect_refused(const Server& s, const Snapshot& before, const RunResult& r);
/// Checks that a `git push` was accepted.
void expect_accepted(const RunResult& r);

} // namespace rg::test::adv
