#pragma once
// The commit message as git stores it after `git commit` cleans it up.

#include <string>
#include <string_view>

namespace rg::message {

/// The message git would store with `--cleanup=strip` (the default when an editor is used):
/// everything from a scissors line ("# ------------------------ >8 ------------------------")
/// on is cut, '#' comment lines are dropped, trailing white space (including '\r') is removed
/// from every line, runs of blank lines collapse to one, leading and trailing blank lines go,
/// and a non-empty result ends with exactly one '\n'. Like git, bytes after a NUL are dropped.
std::string cleanup_strip(std::string_view raw);

/// The first line of a message (its subject), without '\r'.
std::string_view subject(std::string_view message);

} // namespace rg::message
