#pragma once
// The client side of the real-host tests: a clone-like repository whose origin is a Host, and
// release records that pass the default release policy.

#include "tests/hosts/support/hosts.hpp"
#include "tests/support/push_harness.hpp"

#include <string>

namespace rg::test::hosts {

/// A complete routine release record (SOP sections 2, 3, 5) authorized by Dana Cruz, the CDO of
/// host_policy().
inline const std::string& routine_record = harness::kRoutineRecord;

/// A server policy with people and roles for the host tests: Dana Cruz is the CDO, only the CDO
/// may move main (release.push_roles), ops-lead may break glass.
inline std::string host_policy() {
  return "version: 1\n"
         "release:\n"
         "  roles:\n"
         "    cdo: [\"Dana Cruz <dana@example.com>\"]\n"
         "    ceo: [\"Chris Ode <chris@example.com>\"]\n"
         "  push_roles: [cdo]\n"
         "server:\n"
         "  bypass_users: [ops-lead]\n";
}

using harness::contains;

/// A working repository (TempRepo) with `origin` at host.url(repo).
class HostClient : public TempRepo {
public:
  HostClient(const Host& host, const std::string& repo) : host_(host) {
    git("remote add origin " + sh_quote(host.url(repo)));
  }
  /// `git push <args>` authenticated as `user`.
  RunResult push_as(const std::string& user, const std::string& args) const { return git_as(user, "push " + args); }
  /// Any `git <args>` that talks to the host (fetch, ls-remote, push) authenticated as `user`.
  RunResult git_as(const std::string& user, const std::string& args) const {
    return run(host_.push_env(user) + " git " + args, path());
  }
  /// A feature branch with one commit, merged into main with --no-ff and a routine record.
  std::string release(const std::string& branch, const std::string& file, const std::string& content) const {
    return harness::release_merge(*this, branch, file, content, routine_record);
  }

private:
  const Host& host_;
};

} // namespace rg::test::hosts
