#pragma once
// The ref updates git hands a pre-receive hook on stdin: one "<old> <new> <ref>" line each.
// Plain data (hex ids), so rules can read it without libgit2.

#include <string>
#include <string_view>
#include <vector>

namespace rg::push {

/// The all-zero id git uses for "no object" (creation's old side, deletion's new side).
inline constexpr std::string_view zero_id = "0000000000000000000000000000000000000000";

/// One ref update as git reports it.
struct RefUpdate {
  std::string old_id; ///< 40 lower-case hex; zero_id when the ref is created
  std::string new_id; ///< 40 lower-case hex; zero_id when the ref is deleted
  std::string ref;    ///< full ref name, e.g. "refs/heads/main"

  bool is_create() const { return old_id == zero_id; }
  bool is_delete() const { return new_id == zero_id; }
  bool is_branch() const { return ref.rfind("refs/heads/", 0) == 0; }
  bool is_tag() const { return ref.rfind("refs/tags/", 0) == 0; }
  /// "main" for "refs/heads/main", "v1.0" for "refs/tags/v1.0", the full name otherwise.
  std::string short_name() const;
};

/// Parse git's pre-receive input. Blank lines are skipped; ids are lower-cased. Throws
/// core::Error("stdin line <n>: ...") for a malformed line (wrong field count, an id that is
/// not 40 hex digits, a ref name not starting with "refs/"). SHA-256 repositories are refused
/// with a clear message (libgit2 1.5 reads SHA-1 only).
std::vector<RefUpdate> parse_updates(std::string_view input);

/// True when `ref` matches one of the globs (full ref names; see core::glob_match).
bool matches_any(std::string_view ref, const std::vector<std::string>& globs);

} // namespace rg::push
