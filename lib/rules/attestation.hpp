#pragma once
// Attestations: `release-gate ready --attest` records the result of the checks the server cannot
// make inside its push budget (open bugs, tracker items: the network) for one exact commit, as
// a JSON blob named by `<readiness.attestation.ref_prefix><commit id>`. The server trusts an
// attestation because only the CI / bot identity (readiness.attestation.pushers / users) may
// push those refs. Both checks here are pure: the gatherer reads the refs and blobs.

#include "lib/change/push.hpp"
#include "lib/core/finding.hpp"
#include "lib/policy/readiness.hpp"

#include <optional>
#include <string>
#include <vector>

namespace rg::rules {

/// The format tag every attestation carries.
inline constexpr std::string_view attestation_format = "release-gate-attestation/1";

/// What the server found for one release entering a protected ref (gathered by lib/push/facts).
using AttestationFact = change::AttestationFact;

/// Findings `attest/*` when `policy.attestation.required`: each release needs an attestation
/// that parses, names its subject, and says every item passed (`attest/missing`,
/// `attest/invalid`, `attest/not-passing`). Nothing when not required.
std::vector<core::Finding> check_attestations(const std::vector<AttestationFact>& facts,
                                              const policy::ReadinessPolicy& policy);

/// Findings `attest/not-allowed-to-push` for updates of attestation refs by anyone but the
/// policy's pushers (roles, resolved in facts.pusher.roles) and users, and for an unknown pusher.
std::vector<core::Finding> check_attestation_pushes(const change::PushFacts& facts,
                                                    const policy::ReadinessPolicy& policy);

} // namespace rg::rules
