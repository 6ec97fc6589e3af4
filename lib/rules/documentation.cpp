#include "lib/rules/documentation.hpp"

#include "lib/core/quote.hpp"
#include "lib/core/text.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace rg::rules {

namespace {

bool matches(const std::vector<std::string>& globs, const std::string& path) {
  return std::any_of(globs.begin(), globs.end(), [&](const std::string& g) { return core::glob_match(g, path); });
}

std::string some(const std::vector<std::string>& paths, size_t n = 3) {
  std::vector<std::string> shown;
  for (size_t i = 0; i < paths.size() && i < n; ++i) shown.push_back(core::quote_name(paths[i]));
  std::string out = fmt::format("{}", fmt::join(shown, ", "));
  if (paths.size() > n) out += fmt::format(" (+{} more)", paths.size() - n);
  return out;
}

} // namespace

std::vector<DocCheck> check_docs(const std::vector<std::string>& paths, const std::vector<policy::DocRule>& rules) {
  std::vector<DocCheck> out;
  for (const auto& r : rules) {
    DocCheck c;
    c.surface = r.surface;
    c.expected = r.require;
    for (const auto& p : paths) {
      // A doc file is never its own trigger: changing only the docs needs nothing more.
      if (matches(r.require, p)) c.docs.push_back(p);
      else if (matches(r.when, p)) c.changed.push_back(p);
    }
    out.push_back(std::move(c));
  }
  return out;
}

std::string describe_gap(const DocCheck& c) {
  return fmt::format("{}: {} changed; none of {} did", c.surface, some(c.changed), fmt::join(c.expected, ", "));
}

std::vector<core::Finding> check_documentation(const change::PushFacts& facts, const policy::ReadinessPolicy& policy) {
  std::vector<core::Finding> out;
  if (!policy.enforce_documentation || policy.documentation.empty() || facts.empty_repository) return out;
  for (const auto& r : facts.refs) {
    if (r.kind != change::RefKind::protected_branch) continue;
    for (const auto& c : r.entering) {
      if (c.rollback) continue;  // a revert takes a surface back to the docs it had
      for (const auto& check : check_docs(c.changed_paths, policy.documentation)) {
        if (check.satisfied()) continue;
        core::Finding f;
        f.rule = "doc/missing-docs";
        f.where.ref = r.update.ref;
        f.where.commit = c.id;
        f.message = fmt::format("release {} \"{}\" changes the {} surface without its docs: {}", c.id.substr(0, 12),
                                core::printable(c.subject), check.surface, describe_gap(check));
        f.fix = fmt::format("update the docs ({}) on the release branch, merge it again and push;\n"
                            "`release-gate ready` lists every item before the merge",
                            fmt::join(check.expected, ", "));
        out.push_back(std::move(f));
      }
    }
  }
  return out;
}

} // namespace rg::rules
