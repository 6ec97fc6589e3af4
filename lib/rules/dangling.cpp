#include "lib/rules/dangling.hpp"

#include "lib/core/text.hpp"

#include <fmt/format.h>

namespace rg::rules {

using core::Finding;

namespace {

std::string short_ref(const std::string& r) {
  return core::printable(r.rfind("refs/heads/", 0) == 0 ? r.substr(11) : r);
}

} // namespace

std::vector<Finding> check_dangling(const change::PushFacts& facts, const std::string& remote) {
  std::vector<Finding> out;
  if (!facts.dangling.empty()) {
    std::string command = fmt::format("git push --atomic {}", remote);
    for (const auto& p : facts.protected_pushed) command += " " + short_ref(p);
    for (const auto& d : facts.dangling) command += " :" + short_ref(d.ref);
    for (const auto& d : facts.dangling) {
      Finding f;
      f.rule = "branch/dangling-feature-branch";
      f.severity = core::Severity::error;
      f.where.ref = d.ref;
      f.where.commit = d.tip;
      f.message = fmt::format("{} ({}) is fully merged into {} and would be left behind", short_ref(d.ref),
                              d.tip.substr(0, 12), short_ref(d.merged_into));
      f.fix = "delete merged branches in the same push:\n" + command;
      out.push_back(std::move(f));
    }
  }
  for (const auto& r : facts.refs) {
    if (!r.tip_already_merged) continue;
    Finding f;
    f.rule = "branch/merged-branch-pushed";
    f.severity = core::Severity::error;
    f.where.ref = r.update.ref;
    f.where.commit = r.new_commit;
    f.message = fmt::format("{} would point at {}, which {} already contains: a merged branch left behind",
                            short_ref(r.update.ref), r.new_commit.substr(0, 12), short_ref(r.merged_into));
    f.fix = fmt::format("do not push merged branches; delete it instead: git push {} :{}\n"
                        "(to start new work, branch from the tip of {}: git switch -c <name> {}/{})",
                        remote, short_ref(r.update.ref), short_ref(r.merged_into), remote, short_ref(r.merged_into));
    out.push_back(std::move(f));
  }
  return out;
}

} // namespace rg::rules
