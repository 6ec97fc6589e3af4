#pragma once
// Opening repositories and looking objects up, with "not found" as std::optional.

#include "lib/git/handles.hpp"

#include <exception>
#include <optional>
#include <string>
#include <string_view>

namespace rg::git {

/// Open the repository the way git's own hooks see it: honours GIT_DIR, GIT_INDEX_FILE,
/// GIT_OBJECT_DIRECTORY and GIT_ALTERNATE_OBJECT_DIRECTORIES (a pre-receive hook's quarantine),
/// discovering upwards from the current directory. Throws GitError.
Repository open_from_env();

/// True when `e` is libgit2 refusing an index it cannot read: a sparse index (`git sparse-checkout
/// init --sparse-index`, extension 'sdir'), which libgit2 1.5 rejects as an unsupported mandatory
/// extension. git reads it: the staged change then comes from git::staged_changes_from_git().
bool is_unreadable_index(const std::exception& e);

/// open_from_env() for a hook that reads the staged change: when libgit2 cannot read the index
/// GIT_INDEX_FILE names (is_unreadable_index), the repository is opened without it and
/// `index_readable` is false; GIT_INDEX_FILE is left set for git, which the caller then asks for
/// the staged change (staged_changes_from_git), never libgit2's idea of the index.
struct EnvRepository {
  Repository repo;
  bool index_readable = true;
};
EnvRepository open_from_env_for_index();

/// Open the repository containing `path` (discovering upwards). Throws GitError.
Repository open_at(const std::string& path);

/// For a walk over many commits in this process: memory that does not grow with the walk.
/// libgit2 otherwise keeps up to 256 MB of parsed trees and commits (which a walk that visits
/// each once does not reuse) and maps packs in 1 GB windows whose touched pages stay resident;
/// after this, no object cache and at most 32 MB of packs mapped, in 16 MB windows. Global to
/// the process.
void bound_history_memory();

/// Resolve a revision expression ("HEAD", "main", a sha, "v1.0^{commit}") to a commit id;
/// nullopt when it does not name a commit.
std::optional<git_oid> resolve_commit(git_repository* repo, std::string_view spec);

/// Look a commit up; throws GitError if it is missing.
Commit lookup_commit(git_repository* repo, const git_oid& id);

/// Parse a 40-hex id; nullopt if malformed.
std::optional<git_oid> parse_oid(std::string_view hex);

/// True for the all-zero id git uses for "no object" in hook input.
bool is_zero(const git_oid& id);

/// Short (12 hex) form of an id.
std::string short_id(const git_oid& id);

} // namespace rg::git
