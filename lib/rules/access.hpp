#pragma once
// Who may do what: the server may require to know who pushes, only holders of the push roles
// move protected branches, and only named people may break glass. The pusher's roles are facts
// (the host's authenticated identity matched exactly against the policy's people).

#include "lib/change/push.hpp"
#include "lib/core/finding.hpp"
#include "lib/policy/release.hpp"
#include "lib/policy/server.hpp"

#include <optional>
#include <string>
#include <vector>

namespace rg::rules {

/// push/identity-required, push/not-allowed-to-push.
std::vector<core::Finding> check_access(const change::PushFacts& facts, const policy::ReleasePolicy& release,
                                        const policy::ServerPolicy& server);

/// True when the pusher may break glass: listed in server.bypass_users (login or e-mail, exact,
/// case-insensitive) or holding one of server.bypass_roles.
bool may_bypass(const change::Pusher& who, const policy::ServerPolicy& server);

/// push/bypass-not-allowed or push/bypass-without-reason for a given `-o release-gate.bypass`;
/// nothing when it may be honoured (or was not given).
std::vector<core::Finding> check_bypass(const change::Pusher& who, const std::optional<std::string>& reason,
                                        const policy::ServerPolicy& server);

/// "login <email>", "login" or "<email>"; "(unknown)" when nothing is known. Printable.
std::string display(const change::Pusher& who);

} // namespace rg::rules
