#pragma once
// `release-gate ready --attest`: the report of one candidate as a JSON blob named by
// `<readiness.attestation.ref_prefix><tip id>` (rules::AttestationFact is what the server
// reads back). Writing it is local; pushing the ref is the CI identity's job.

#include "lib/git/handles.hpp"
#include "lib/policy/readiness.hpp"
#include "lib/ready/readiness.hpp"

#include <string>

namespace rg::ready {

/// The attestation document (format rules::attestation_format) for `report`, whose tip is the
/// attested commit. `by` names who or what ran the checks; `at` is an ISO-8601 time.
std::string attestation_json(const Report& report, const std::string& by, const std::string& at);

/// Store `json` as a blob and point `<prefix><commit>` at it (replacing an older one). Returns
/// the ref's name. Throws git::GitError.
std::string write_attestation(git_repository* repo, const policy::AttestationPolicy& policy,
                              const std::string& commit, const std::string& json);

} // namespace rg::ready
