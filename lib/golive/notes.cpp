#include "lib/golive/notes.hpp"

#include "lib/git/check.hpp"

namespace rg::golive {

std::optional<json> read_note(git_repository* repo, const git_oid& commit) {
  git_note* raw = nullptr;
  int rc = git_note_read(&raw, repo, notes_ref, &commit);
  if (rc == GIT_ENOTFOUND) return std::nullopt;
  git::check(rc, "git_note_read", git::to_hex(commit));
  git::Note note(raw);
  const char* msg = git_note_message(note.get());
  return parse_record(msg ? msg : "");
}

json update_note(git_repository* repo, const git_oid& commit, const json& update, const git_signature* who) {
  json record = read_note(repo, commit).value_or(json::object());
  if (!record.contains("schema")) record["schema"] = record_schema;
  if (!record.contains("release")) record["release"] = git::to_hex(commit);
  merge_record(record, update);
  const std::string text = dump_record(record);
  git_oid note_id;
  git::check(git_note_create(&note_id, repo, notes_ref, who, who, &commit, text.c_str(), 1),
             "git_note_create", git::to_hex(commit));
  return record;
}

std::vector<NoteEntry> all_notes(git_repository* repo) {
  std::vector<NoteEntry> out;
  git_note_iterator* raw = nullptr;
  int rc = git_note_iterator_new(&raw, repo, notes_ref);
  if (rc == GIT_ENOTFOUND) return out;
  git::check(rc, "git_note_iterator_new", notes_ref);
  git::NoteIterator it(raw);
  git_oid note_blob, annotated;
  while ((rc = git_note_next(&note_blob, &annotated, it.get())) == 0) {
    git_note* n = nullptr;
    git::check(git_note_read(&n, repo, notes_ref, &annotated), "git_note_read", git::to_hex(annotated));
    git::Note note(n);
    const char* msg = git_note_message(note.get());
    out.push_back({annotated, parse_record(msg ? msg : "")});
  }
  if (rc != GIT_ITEROVER) git::check(rc, "git_note_next", notes_ref);
  return out;
}

} // namespace rg::golive
