#include "lib/git/repo.hpp"

#include "lib/git/check.hpp"

namespace rg::git {

Repository open_from_env() {
  git_repository* raw = nullptr;
  check(git_repository_open_ext(&raw, nullptr, GIT_REPOSITORY_OPEN_FROM_ENV, nullptr),
        "git_repository_open_ext", "(from environment)");
  return Repository(raw);
}

Repository open_at(const std::string& path) {
  git_repository* raw = nullptr;
  check(git_repository_open_ext(&raw, path.c_str(), 0, nullptr), "git_repository_open_ext", path);
  return Repository(raw);
}

void bound_history_memory() {
  check(git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, ssize_t(0)), "git_libgit2_opts", "cache size");
  check(git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, size_t(16) << 20), "git_libgit2_opts", "window size");
  check(git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, size_t(32) << 20), "git_libgit2_opts", "mapped limit");
}

std::optional<git_oid> resolve_commit(git_repository* repo, std::string_view spec) {
  git_object* obj = nullptr;
  std::string s(spec);
  if (git_revparse_single(&obj, repo, s.c_str()) < 0) return std::nullopt;
  Object holder(obj);
  git_object* peeled = nullptr;
  if (git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) < 0) return std::nullopt;
  Object peeled_holder(peeled);
  return *git_object_id(peeled);
}

Commit lookup_commit(git_repository* repo, const git_oid& id) {
  git_commit* raw = nullptr;
  check(git_commit_lookup(&raw, repo, &id), "git_commit_lookup", to_hex(id));
  return Commit(raw);
}

std::optional<git_oid> parse_oid(std::string_view hex) {
  if (hex.size() != GIT_OID_HEXSZ) return std::nullopt;
  git_oid id;
  if (git_oid_fromstrn(&id, hex.data(), hex.size()) < 0) return std::nullopt;
  return id;
}

bool is_zero(const git_oid& id) { return git_oid_is_zero(&id) != 0; }

std::string short_id(const git_oid& id) { return to_hex(id).substr(0, 12); }

} // namespace rg::git
