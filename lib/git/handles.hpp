#pragma once
// One alias per libgit2 object type we use: std::unique_ptr with the libgit2 free function as
// a stateless deleter. No raw owning pointers anywhere else.

#include <git2.h>

#include <memory>

namespace rg::git {

template <class T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const noexcept { Free(p); }
};

template <class T, void (*Free)(T*)>
using Handle = std::unique_ptr<T, Deleter<T, Free>>;

using Repository = Handle<git_repository, git_repository_free>;
using Object = Handle<git_object, git_object_free>;
using Commit = Handle<git_commit, git_commit_free>;
using Tree = Handle<git_tree, git_tree_free>;
using TreeEntry = Handle<git_tree_entry, git_tree_entry_free>;
using Blob = Handle<git_blob, git_blob_free>;
using Tag = Handle<git_tag, git_tag_free>;
using Index = Handle<git_index, git_index_free>;
using Diff = Handle<git_diff, git_diff_free>;
using Patch = Handle<git_patch, git_patch_free>;
using Reference = Handle<git_reference, git_reference_free>;
using ReferenceIterator = Handle<git_reference_iterator, git_reference_iterator_free>;
using RevWalk = Handle<git_revwalk, git_revwalk_free>;
using Signature = Handle<git_signature, git_signature_free>;
using Config = Handle<git_config, git_config_free>;
using Odb = Handle<git_odb, git_odb_free>;
using OdbObject = Handle<git_odb_object, git_odb_object_free>;
using Status = Handle<git_status_list, git_status_list_free>;
using Remote = Handle<git_remote, git_remote_free>;
using Note = Handle<git_note, git_note_free>;
using NoteIterator = Handle<git_note_iterator, git_note_iterator_free>;

/// libgit2's global state, once, in main(). Not copyable.
class Library {
public:
  Library() {
    git_libgit2_init();
    // Like git itself, trust the object store's content instead of re-hashing every object read
    // (SHA-1DC); on history scans the re-hash cost more than the diff.
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
  }
  ~Library() { git_libgit2_shutdown(); }
  Library(const Library&) = delete;
  Library& operator=(const Library&) = delete;
};

} // namespace rg::git
