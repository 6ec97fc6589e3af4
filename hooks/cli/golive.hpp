#pragma once
// What the go-live subcommands (smoke, announce, monitor, status, log, deliver) share: the
// repository, its policy, the clock, who is acting, and the retry of deliveries left unposted.

#include "hooks/cli/common.hpp"
#include "lib/core/clock.hpp"
#include "lib/core/error.hpp"
#include "lib/git/repo.hpp"
#include "lib/golive/deliver.hpp"
#include "lib/rollback/rollback.hpp"

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>

namespace rg::cli {

struct GoLive {
  git::Repository repo;
  policy::Policy policy;
  std::filesystem::path root;  ///< work tree (or the repository directory when bare)
  std::time_t now = 0;
  git::Signature who;
  std::string who_text;        ///< "Name <email>"
};

/// RELEASE_GATE_NOW ("2026-12-02T09:00:00Z" or "@<epoch>") when set — for rehearsals and tests —
/// else the system clock.
inline std::time_t golive_now() {
  if (const char* v = std::getenv("RELEASE_GATE_NOW"); v && *v) {
    auto t = core::parse_iso_utc(v);
    if (!t) throw core::UsageError(std::string("RELEASE_GATE_NOW is not a time (2026-12-02T09:00:00Z or @<epoch>): ") + v);
    return *t;
  }
  return std::time(nullptr);
}

inline GoLive open_golive(const std::string& dir, const std::string& config) {
  git::Repository repo = git::open_at(dir.empty() ? "." : dir);
  const char* wd = git_repository_workdir(repo.get());
  std::filesystem::path root = wd ? wd : git_repository_path(repo.get());
  GoLive g{std::move(repo), load_policy(config, root), root, golive_now(), nullptr, ""};
  g.who = rollback::operator_signature(g.repo.get());
  g.who_text = std::string(g.who->name) + " <" + g.who->email + ">";
  return g;
}

/// Retry what earlier commands could not post; report each outcome on `out`.
inline void retry_deliveries(GoLive& g, const golive::Endpoints& ep, std::ostream& out) {
  golive::report_outcomes(golive::retry_pending(g.repo.get(), ep, g.now, g.who.get()), out);
}

} // namespace rg::cli
