#include "lib/golive/notes.hpp"

#include "lib/git/check.hpp"
#include "lib/git/repo.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

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

namespace {

// Writers on one machine (threads or processes) take turns: libgit2's compare-and-swap on the
// notes ref alone lost entries under load. The lock file sits in the repository's git dir.
struct NotesLock {
  int fd = -1;
  explicit NotesLock(git_repository* repo) {
    const std::string path = std::string(git_repository_commondir(repo)) + "release-gate-notes.lock";
    fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd >= 0) ::flock(fd, LOCK_EX);
  }
  ~NotesLock() {
    if (fd >= 0) ::close(fd);  // releases the lock
  }
  NotesLock(const NotesLock&) = delete;
  NotesLock& operator=(const NotesLock&) = delete;
};

} // namespace

json update_note(git_repository* repo, const git_oid& commit, const json& update, const git_signature* who) {
  const NotesLock lock(repo);
  // Read, merge, write a new notes commit on top of the tip read, then move the ref only if it
  // is still that tip (compare-and-swap); another writer in between means merge again on top of
  // theirs. So two commands recording at once both keep their entries.
  for (int attempt = 0;; ++attempt) {
    std::optional<git_oid> tip;
    git::Commit tip_commit;
    if (git_oid id; git_reference_name_to_id(&id, repo, notes_ref) == 0) {
      tip = id;
      tip_commit = git::lookup_commit(repo, id);
    }
    json record = json::object();
    if (tip_commit) {
      git_note* raw = nullptr;
      int rc = git_note_commit_read(&raw, repo, tip_commit.get(), &commit);
      if (rc != GIT_ENOTFOUND) {
        git::check(rc, "git_note_commit_read", git::to_hex(commit));
        git::Note note(raw);
        const char* msg = git_note_message(note.get());
        record = parse_record(msg ? msg : "");
      }
    }
    if (!record.contains("schema")) record["schema"] = record_schema;
    if (!record.contains("release")) record["release"] = git::to_hex(commit);
    merge_record(record, update);
    const std::string text = dump_record(record);
    git_oid new_commit, blob;
    git::check(git_note_commit_create(&new_commit, &blob, repo, tip_commit.get(), who, who, &commit, text.c_str(), 1),
               "git_note_commit_create", git::to_hex(commit));
    git_reference* ref = nullptr;
    const std::string log = "release-gate: note for " + git::to_hex(commit);
    int rc = tip ? git_reference_create_matching(&ref, repo, notes_ref, &new_commit, 1, &*tip, log.c_str())
                 : git_reference_create(&ref, repo, notes_ref, &new_commit, 0, log.c_str());
    git_reference_free(ref);
    if (rc == 0) return record;
    // Another writer got there first when the ref moved (or appeared) since we read it: merge
    // again on top of theirs. libgit2 reports that race with more than one error code.
    git_oid now{};
    const bool exists = git_reference_name_to_id(&now, repo, notes_ref) == 0;
    const bool moved = exists != tip.has_value() || (exists && !git_oid_equal(&now, &*tip));
    const bool race = rc == GIT_EMODIFIED || rc == GIT_EEXISTS || rc == GIT_ELOCKED || moved;
    if (!race || attempt >= 50) git::check(rc, "git_reference_create_matching", notes_ref);
    git_error_clear();
  }
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
