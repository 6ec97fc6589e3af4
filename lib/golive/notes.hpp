#pragma once
// The release notes of record in git: one JSON note per release commit under
// refs/notes/release-gate (git notes --ref=release-gate show <sha>). Writes merge into what is
// there (lib/golive/record), so no command overwrites another's entries.

#include "lib/git/handles.hpp"
#include "lib/golive/record.hpp"

#include <optional>
#include <string>
#include <vector>

namespace rg::golive {

inline constexpr const char* notes_ref = "refs/notes/release-gate";

/// The note on `commit`, parsed; nullopt when it has none. Throws git::GitError.
std::optional<json> read_note(git_repository* repo, const git_oid& commit);

/// Merge `update` into the note on `commit` (creating it) and write it, committed by `who`; the
/// notes ref moves by compare-and-swap, merging again when another writer moved it meanwhile.
/// Returns the note as written. Throws git::GitError.
json update_note(git_repository* repo, const git_oid& commit, const json& update, const git_signature* who);

struct NoteEntry {
  git_oid commit;
  json record;
};

/// Every note under notes_ref (commit order unspecified). Throws git::GitError.
std::vector<NoteEntry> all_notes(git_repository* repo);

} // namespace rg::golive
