#include "lib/git/repo.hpp"

#include "lib/git/check.hpp"

#include <cstdlib>
#include <string_view>

namespace rg::git {

Repository open_from_env() {
  git_repository* raw = nullptr;
  check(git_repository_open_ext(&raw, nullptr, GIT_REPOSITORY_OPEN_FROM_ENV, nullptr),
        "git_repository_open_ext", "(from environment)");
  return Repository(raw);
}

bool is_unreadable_index(const std::exception& e) {
  return std::string_view(e.what()).find("mandatory extension") != std::string_view::npos;
}

EnvRepository open_from_env_for_index() {
  try {
    return {open_from_env(), true};
  } catch (const std::exception& e) {
    const char* index = std::getenv("GIT_INDEX_FILE");
    if (!index || !is_unreadable_index(e)) throw;
    // libgit2 reads the index GIT_INDEX_FILE names while opening; git (run by the caller) still
    // needs it, so it is only hidden for the open.
    const std::string saved = index;
    ::unsetenv("GIT_INDEX_FILE");
    std::optional<Repository> repo;
    try {
      repo.emplace(open_from_env());
    } catch (...) {
      ::setenv("GIT_INDEX_FILE", saved.c_str(), 1);
      throw;
    }
    ::setenv("GIT_INDEX_FILE", saved.c_str(), 1);
    return {std::move(*repo), false};
  }
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
