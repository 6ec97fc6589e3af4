#pragma once
// Secrets never leave the process whole: every output goes through redact().

#include <string>
#include <string_view>

namespace rg::core {

/// A few leading characters of `secret`, then "…" and its length, e.g. "AKIA…(20 chars)".
/// Short secrets (under 8 bytes) show nothing but their length.
std::string redact(std::string_view secret);

/// Replace `secret` inside `line` by redact(secret); trims the line to at most 160 bytes
/// around the secret, and makes it printable().
std::string redact_in_line(std::string_view line, size_t secret_pos, size_t secret_len);

/// 128-bit non-reversible digest of `data` as 32 hex characters (two seeded FNV-1a/xorshift
/// passes). Stable across runs and machines: used in fingerprints and the audit log.
std::string digest_hex(std::string_view data);

} // namespace rg::core
