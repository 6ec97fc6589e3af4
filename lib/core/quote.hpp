#pragma once
// Names (paths, refs) in output: one quoting, used by every report and by fingerprints, so what a
// user sees is what a user can paste into `.release-gate-ignore`.

#include <string>
#include <string_view>

namespace rg::core {

/// A name as output shows it, in the style of git's C quoting with core.quotePath=false.
/// A name that needs nothing is returned unchanged. Otherwise it is wrapped in double quotes with
/// `\"`, `\\`, `\a \b \t \n \v \f \r`, and `\ooo` (three octal digits, one per byte, as git does)
/// for every other ASCII control byte, DEL, each byte of invalid UTF-8, C1 controls (U+0080..U+009F)
/// and the bidirectional controls U+202A..U+202E, U+2066..U+2069. A name is also quoted when it
/// starts or ends with a space (so trimming cannot change it). Valid UTF-8 otherwise stays as is,
/// so the result is always valid UTF-8 and one line.
std::string quote_name(std::string_view name);

/// True when quote_name(name) != name.
bool needs_quoting(std::string_view name);

} // namespace rg::core
