#pragma once
// Shared fixtures of the adversarial suite, over the push harness (tests/support/push_harness.hpp:
// a bare server repository with the real pre-receive hook installed by install.sh --server, a
// client repository whose origin is that server, and the "nothing changed on the server"
// assertion): the policy and release-record strings these cases push.

#include "tests/adversarial/rawpush.hpp"
#include "tests/support/push_harness.hpp"

#include <string>

namespace rg::test::adv {

using harness::bootstrap;
using harness::Client;
using harness::contains;
using harness::expect_accepted;
using harness::expect_refused;
using harness::push_refused;
using harness::q;
using harness::short_id;
using harness::snapshot;
using harness::Snapshot;
using harness::trimmed;

/// The demo secret (matches the demo rule of kPolicy), usable in this suite's namespace-scope
/// strings (the harness header defines it first), and the server policy these tests use.
inline const std::string& kToken = harness::kDemoToken;
extern const std::string kPolicy;
/// kPolicy without any `secrets:` section (the shipped pack does not know the demo token).
extern const std::string kPolicyNoDemoRule;

/// Complete release records (trailer blocks, each line ending in '\n').
extern const std::string kRoutine;
extern const std::string kHotfix;
extern const std::string kMulti;
/// The trailers of a rollback authorized by the CDO (append after `Rollback-Of: <id>\n`).
extern const std::string kRollbackTail;

/// The harness's server with kPolicy as the default policy.
struct Server : harness::Server {
  explicit Server(const std::string& policy = kPolicy) : harness::Server(policy) {}
};

/// A release of feature branch `branch` (pushed first), merged with a full routine record and
/// pushed atomically with the branch's deletion; checked to succeed. Returns the merge id.
std::string ship_release(const Server& s, const Client& c, const std::string& branch,
                         const std::string& file, const std::string& content);

/// Checks that a raw push was refused (every one of its one command) and the server's refs and
/// main's tree are `before`.
void expect_raw_refused(const Server& s, const Snapshot& before, const raw::Report& rep);

} // namespace rg::test::adv
