#include "lib/scan/objects.hpp"

#include "lib/core/quote.hpp"
#include "lib/core/text.hpp"
#include "lib/git/check.hpp"
#include "lib/git/handles.hpp"

#include <fmt/format.h>

#include <exception>

namespace rg::scan {

namespace {

void scan_blob(const rules::secrets::Scanner& scanner, git_repository* repo, git_odb* odb, const git_oid& id,
               const std::string& name, Result& into, const ScanOptions& opts) {
  size_t size = 0;
  git_object_t type{};
  git::check(git_odb_read_header(&size, &type, odb, &id), "git_odb_read_header", git::to_hex(id));
  if (size > scanner.limits().max_file_bytes) {
    into.notices.push_back(fmt::format("{}: skipped: {} bytes is over the {}-byte limit (limits.max_file_bytes)",
                                       core::quote_name(name), size, scanner.limits().max_file_bytes));
    into.too_large.push_back({name, "", size});
    return;
  }
  git_blob* raw = nullptr;
  git::check(git_blob_lookup(&raw, repo, &id), "git_blob_lookup", git::to_hex(id));
  git::Blob blob(raw);
  const std::string_view text(static_cast<const char*>(git_blob_rawcontent(raw)), size_t(git_blob_rawsize(raw)));
  scan_text(scanner, name, text, into, opts);
}

struct WalkState {
  const rules::secrets::Scanner* scanner;
  git_repository* repo;
  git_odb* odb;
  const std::string* label;
  Result* into;
  const ScanOptions* opts;
  std::exception_ptr error;  // exceptions do not cross libgit2's C frames
};

int on_entry(const char* root, const git_tree_entry* entry, void* payload) {
  auto* st = static_cast<WalkState*>(payload);
  if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB) return 0;
  try {
    const std::string name = *st->label + "/" + root + git_tree_entry_name(entry);
    scan_blob(*st->scanner, st->repo, st->odb, *git_tree_entry_id(entry), name, *st->into, *st->opts);
  } catch (...) {
    st->error = std::current_exception();
    return -1;
  }
  return 0;
}

} // namespace

Result scan_object(const rules::secrets::Scanner& scanner, git_repository* repo, const git_oid& id, bool tree,
                   const std::string& label, const ScanOptions& opts) {
  Result out;
  git_odb* raw_odb = nullptr;
  git::check(git_repository_odb(&raw_odb, repo), "git_repository_odb");
  git::Odb odb(raw_odb);
  if (!tree) {
    scan_blob(scanner, repo, raw_odb, id, label, out, opts);
    return out;
  }
  git_tree* raw_tree = nullptr;
  git::check(git_tree_lookup(&raw_tree, repo, &id), "git_tree_lookup", git::to_hex(id));
  git::Tree t(raw_tree);
  WalkState st{&scanner, repo, raw_odb, &label, &out, &opts, nullptr};
  const int rc = git_tree_walk(raw_tree, GIT_TREEWALK_PRE, on_entry, &st);
  if (st.error) std::rethrow_exception(st.error);
  git::check(rc, "git_tree_walk", git::to_hex(id));
  return out;
}

} // namespace rg::scan
