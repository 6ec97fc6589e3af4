#include "lib/rollback/scratch.hpp"

#include "lib/git/check.hpp"

#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>
#include <git2/sys/repository.h>

#include <cstring>
#include <new>

namespace rg::rollback {
namespace {

// A read-only odb backend forwarding to another odb. libgit2 cannot share backends between
// object databases, and reading through the caller's odb keeps whatever it sees (alternates,
// a pre-receive quarantine) without re-deriving it from the environment.
struct Forward {
  git_odb_backend base;
  git_odb* real;
};

Forward* self(git_odb_backend* b) { return reinterpret_cast<Forward*>(b); }

int copy_out(git_odb_backend* b, git_odb_object* obj, void** data, size_t* len, git_object_t* type) {
  *len = git_odb_object_size(obj);
  *type = git_odb_object_type(obj);
  *data = git_odb_backend_data_alloc(b, *len ? *len : 1);
  if (!*data) {
    git_odb_object_free(obj);
    return -1;
  }
  if (*len) std::memcpy(*data, git_odb_object_data(obj), *len);
  git_odb_object_free(obj);
  return 0;
}

int fw_read(void** data, size_t* len, git_object_t* type, git_odb_backend* b, const git_oid* id) {
  git_odb_object* obj = nullptr;
  if (int rc = git_odb_read(&obj, self(b)->real, id); rc < 0) return rc;
  return copy_out(b, obj, data, len, type);
}

int fw_read_prefix(git_oid* out, void** data, size_t* len, git_object_t* type, git_odb_backend* b,
                   const git_oid* short_id, size_t n) {
  git_odb_object* obj = nullptr;
  if (int rc = git_odb_read_prefix(&obj, self(b)->real, short_id, n); rc < 0) return rc;
  git_oid_cpy(out, git_odb_object_id(obj));
  return copy_out(b, obj, data, len, type);
}

int fw_read_header(size_t* len, git_object_t* type, git_odb_backend* b, const git_oid* id) {
  return git_odb_read_header(len, type, self(b)->real, id);
}

int fw_exists(git_odb_backend* b, const git_oid* id) { return git_odb_exists(self(b)->real, id); }

int fw_exists_prefix(git_oid* out, git_odb_backend* b, const git_oid* short_id, size_t n) {
  return git_odb_exists_prefix(out, self(b)->real, short_id, n);
}

int fw_refresh(git_odb_backend* b) { return git_odb_refresh(self(b)->real); }

void fw_free(git_odb_backend* b) {
  git_odb_free(self(b)->real);
  delete self(b);
}

git_odb_backend* forward_to(git_odb* real) {
  auto* f = new (std::nothrow) Forward{};
  if (!f) return nullptr;
  git_odb_init_backend(&f->base, GIT_ODB_BACKEND_VERSION);
  f->real = real;
  f->base.read = fw_read;
  f->base.read_prefix = fw_read_prefix;
  f->base.read_header = fw_read_header;
  f->base.exists = fw_exists;
  f->base.exists_prefix = fw_exists_prefix;
  f->base.refresh = fw_refresh;
  f->base.free = fw_free;
  return &f->base;
}

} // namespace

Scratch Scratch::over(git_repository* real) {
  git_odb* real_odb = nullptr;
  git::check(git_repository_odb(&real_odb, real), "git_repository_odb");
  git_odb* raw = nullptr;
  if (git_odb_new(&raw) < 0) {
    git_odb_free(real_odb);
    git::check(-1, "git_odb_new");
  }
  git::Odb odb(raw);
  git_odb_backend* fw = forward_to(real_odb);
  if (!fw) {
    git_odb_free(real_odb);
    throw std::bad_alloc();
  }
  if (int rc = git_odb_add_backend(odb.get(), fw, 1); rc < 0) {
    fw->free(fw);
    git::check(rc, "git_odb_add_backend", "(read-through)");
  }
  git_odb_backend* mempack = nullptr;
  git::check(git_mempack_new(&mempack), "git_mempack_new");
  if (int rc = git_odb_add_backend(odb.get(), mempack, 999); rc < 0) {
    mempack->free(mempack);
    git::check(rc, "git_odb_add_backend", "(mempack)");
  }
  git_repository* repo = nullptr;
  git::check(git_repository_wrap_odb(&repo, odb.get()), "git_repository_wrap_odb");
  return Scratch(git::Repository(repo));
}

namespace {

// Copy `id` from `from` to `to` unless `to` has it; returns true when it was copied (and so its
// children may be missing too).
bool copy_object(git_odb* from, git_odb* to, const git_oid& id) {
  if (git_odb_exists(to, &id)) return false;
  git_odb_object* raw = nullptr;
  git::check(git_odb_read(&raw, from, &id), "git_odb_read", git::to_hex(id));
  git::OdbObject obj(raw);
  git_oid written;
  git::check(git_odb_write(&written, to, git_odb_object_data(obj.get()), git_odb_object_size(obj.get()),
                           git_odb_object_type(obj.get())),
             "git_odb_write", git::to_hex(id));
  return true;
}

void copy_tree(git_repository* scratch, git_odb* from, git_odb* to, const git_oid& id) {
  if (!copy_object(from, to, id)) return;  // present: so is everything below it
  git_tree* raw = nullptr;
  git::check(git_tree_lookup(&raw, scratch, &id), "git_tree_lookup", git::to_hex(id));
  git::Tree tree(raw);
  for (size_t i = 0, n = git_tree_entrycount(tree.get()); i < n; ++i) {
    const git_tree_entry* e = git_tree_entry_byindex(tree.get(), i);
    switch (git_tree_entry_type(e)) {
    case GIT_OBJECT_TREE: copy_tree(scratch, from, to, *git_tree_entry_id(e)); break;
    case GIT_OBJECT_BLOB: copy_object(from, to, *git_tree_entry_id(e)); break;
    default: break;  // a submodule's commit lives in another repository
    }
  }
}

} // namespace

void Scratch::publish(git_repository* real, const std::vector<git_oid>& commits) {
  git_odb* raw = nullptr;
  git::check(git_repository_odb(&raw, real), "git_repository_odb");
  git::Odb to(raw);
  git::check(git_repository_odb(&raw, repo_.get()), "git_repository_odb", "(scratch)");
  git::Odb from(raw);
  // Trees and blobs before the commits that name them: a reader never sees a commit whose tree
  // is missing.
  for (const auto& id : commits) {
    git_commit* c = nullptr;
    git::check(git_commit_lookup(&c, repo_.get(), &id), "git_commit_lookup", git::to_hex(id));
    git::Commit commit(c);
    copy_tree(repo_.get(), from.get(), to.get(), *git_commit_tree_id(commit.get()));
  }
  for (const auto& id : commits) copy_object(from.get(), to.get(), id);
  git::check(git_odb_refresh(to.get()), "git_odb_refresh");
}

} // namespace rg::rollback
