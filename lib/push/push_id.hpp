#pragma once
// An id for one push that both server hooks can compute on their own: pre-receive from the
// updates git proposes, post-receive from the updates git applied. They match whenever git
// applied every proposed update (always so for `git push --atomic`); otherwise the records are
// linked by their refs' old and new ids.

#include "lib/push/update.hpp"

#include <string>
#include <vector>

namespace rg::push {

/// 40 hex digits: the git blob id of the updates as canonical "<old> <new> <ref>\n" lines, in
/// the order given (reproducible with `git hash-object --stdin`).
std::string push_id(const std::vector<RefUpdate>& updates);

} // namespace rg::push
