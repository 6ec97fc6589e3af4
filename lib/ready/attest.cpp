#include "lib/ready/attest.hpp"

#include "lib/git/check.hpp"
#include "lib/git/repo.hpp"
#include "lib/rules/attestation.hpp"

#include <nlohmann/json.hpp>

namespace rg::ready {

std::string attestation_json(const Report& r, const std::string& by, const std::string& at) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& i : r.items)
    items.push_back({{"id", i.id}, {"status", to_string(i.status)}, {"required", i.required}, {"evidence", i.evidence}});
  nlohmann::json j{{"format", rules::attestation_format}, {"commit", r.tip}, {"candidate", r.candidate},
                   {"type", r.type}, {"passed", r.ready}, {"by", by}, {"at", at}, {"items", items}};
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string write_attestation(git_repository* repo, const policy::AttestationPolicy& policy,
                              const std::string& commit, const std::string& json) {
  git_oid blob;
  git::check(git_blob_create_from_buffer(&blob, repo, json.data(), json.size()), "git_blob_create_from_buffer");
  const std::string name = policy.ref_prefix + commit;
  git_reference* raw = nullptr;
  git::check(git_reference_create(&raw, repo, name.c_str(), &blob, 1, "release-gate ready --attest"),
             "git_reference_create", name);
  git::Reference hold(raw);
  return name;
}

} // namespace rg::ready
