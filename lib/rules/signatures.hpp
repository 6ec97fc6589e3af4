#pragma once
// Strict signatures: every release commit entering a protected branch is SSH-signed by one of
// the people its record names, checked against the server's allowed-signers file (the check
// itself runs ssh-keygen while facts are gathered; this turns its results into findings).

#include "lib/change/push.hpp"
#include "lib/core/finding.hpp"

#include <vector>

namespace rg::rules {

/// sig/unsigned, sig/not-ssh, sig/no-authorizer, sig/bad-signature, sig/no-allowed-signers.
std::vector<core::Finding> check_signatures(const std::vector<change::SignatureFact>& checks);

} // namespace rg::rules
