#pragma once
// The ref updates git hands a pre-receive hook on stdin: one "<old> <new> <ref>" line each.
// Plain data (hex ids), so rules can read it without libgit2.

#include "lib/change/push.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace rg::push {

using change::RefUpdate;
using change::zero_id;

/// Parse git's pre-receive input. Blank lines are skipped; ids are lower-cased. Throws
/// core::Error("stdin line <n>: ...") for a malformed line (wrong field count, an id that is
/// not 40 hex digits, a ref name not starting with "refs/"). SHA-256 repositories are refused
/// with a clear message (libgit2 1.5 reads SHA-1 only).
std::vector<RefUpdate> parse_updates(std::string_view input);

/// True when `ref` matches one of the globs (full ref names; see core::glob_match).
bool matches_any(std::string_view ref, const std::vector<std::string>& globs);

} // namespace rg::push
