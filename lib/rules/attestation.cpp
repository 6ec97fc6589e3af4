#include "lib/rules/attestation.hpp"

#include "lib/core/text.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace rg::rules {

namespace {

core::Finding finding(std::string rule, const AttestationFact& f, std::string msg, std::string fix) {
  core::Finding out;
  out.rule = std::move(rule);
  out.where.ref = f.ref;
  out.where.commit = f.commit;
  out.message = std::move(msg);
  out.fix = std::move(fix);
  return out;
}

std::string attest_fix(const AttestationFact& f, const policy::ReadinessPolicy& p) {
  const std::string subject = f.subjects.empty() ? f.commit : f.subjects.back();
  return fmt::format("run `release-gate ready {0} --attest` where the checks can reach their sources (CI), push\n"
                     "{1}{0} as the CI identity, then push the release again",
                     subject.substr(0, 12), p.attestation.ref_prefix);
}

} // namespace

std::vector<core::Finding> check_attestations(const std::vector<AttestationFact>& facts,
                                              const policy::ReadinessPolicy& policy) {
  std::vector<core::Finding> out;
  if (!policy.attestation.required) return out;
  for (const auto& f : facts) {
    const std::string sha = f.commit.substr(0, 12);
    if (!f.body) {
      out.push_back(finding("attest/missing", f, fmt::format("release {} has no readiness attestation", sha),
                            attest_fix(f, policy)));
      continue;
    }
    const nlohmann::json j = nlohmann::json::parse(*f.body, nullptr, false);
    if (j.is_discarded() || !j.is_object() || j.value("format", "") != attestation_format ||
        !j.contains("commit") || !j["commit"].is_string() || !j.contains("items") || !j["items"].is_array()) {
      out.push_back(finding("attest/invalid", f,
                            fmt::format("the attestation for {} is not a {} document", f.attested.substr(0, 12),
                                        attestation_format),
                            attest_fix(f, policy)));
      continue;
    }
    if (j["commit"].get<std::string>() != f.attested ||
        std::find(f.subjects.begin(), f.subjects.end(), f.attested) == f.subjects.end()) {
      out.push_back(finding("attest/invalid", f,
                            fmt::format("the attestation found for release {} names commit {}, not one of its own",
                                        sha, core::printable(j["commit"].get<std::string>()).substr(0, 40)),
                            attest_fix(f, policy)));
      continue;
    }
    std::vector<std::string> failing;
    for (const auto& item : j["items"]) {
      if (!item.is_object()) continue;
      const std::string status = item.value("status", "");
      if (status != "pass" && item.value("required", true))
        failing.push_back(fmt::format("{} ({})", core::printable(item.value("id", "?")), core::printable(status)));
    }
    if (!j.value("passed", false) || !failing.empty())
      out.push_back(finding("attest/not-passing", f,
                            fmt::format("the readiness attestation for {} does not pass: {}", f.attested.substr(0, 12),
                                        failing.empty() ? std::string("passed: false") : fmt::format("{}", fmt::join(failing, ", "))),
                            "fix the items `release-gate ready` lists, attest again and push the release again"));
  }
  return out;
}

std::vector<core::Finding> check_attestation_pushes(const change::PushFacts& facts,
                                                    const policy::ReadinessPolicy& policy) {
  std::vector<core::Finding> out;
  const auto& a = policy.attestation;
  const auto& who = facts.pusher;
  const bool allowed =
      std::any_of(who.roles.begin(), who.roles.end(),
                  [&](const std::string& r) { return std::find(a.pushers.begin(), a.pushers.end(), r) != a.pushers.end(); }) ||
      std::any_of(a.users.begin(), a.users.end(), [&](const std::string& u) {
        return (!who.login.empty() && core::to_lower(u) == core::to_lower(who.login)) ||
               (!who.email.empty() && core::to_lower(u) == core::to_lower(who.email));
      });
  for (const auto& r : facts.refs) {
    if (r.ref.rfind(a.ref_prefix, 0) != 0 && r.update.ref.rfind(a.ref_prefix, 0) != 0) continue;
    if (allowed) continue;
    core::Finding f;
    f.rule = "attest/not-allowed-to-push";
    f.where.ref = r.update.ref;
    f.message = who.known()
                    ? fmt::format("{} may not write readiness attestations", core::printable(who.login.empty() ? who.email : who.login))
                    : std::string("readiness attestations can only be pushed by an identity the host names");
    f.fix = fmt::format("attestations come from CI: push them as an identity holding one of the roles {} or listed\n"
                        "in readiness.attestation.users",
                        fmt::join(a.pushers, ", "));
    out.push_back(std::move(f));
  }
  return out;
}

} // namespace rg::rules
