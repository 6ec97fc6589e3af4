#pragma once
// Who authorized a release: the SOP section 3 table as policy. Each role a release type lists
// under `authorize` needs an `Authorized-By: Name <email>` line from someone holding that role;
// each role under `confirm` needs a `Confirmed-By:` line likewise. With separation of duties on,
// the release's author cannot be the only one vouching for a role.

#include "lib/core/finding.hpp"
#include "lib/policy/release.hpp"
#include "lib/rules/release_record.hpp"

#include <vector>

namespace rg::rules {

/// Findings "auth/..." for a record whose type is known (nothing when record.type is null):
/// auth/malformed-person, auth/missing-authorization, auth/missing-confirmation,
/// auth/placeholder-role (the role's only holder named is an `@….invalid` placeholder of the
/// shipped policy), auth/self-authorized, auth/unknown-authorizer (warning). Pure.
std::vector<core::Finding> check_authorization(const ReleaseRecord& record, const ReleaseContext& ctx,
                                               const policy::ReleasePolicy& policy);

} // namespace rg::rules
