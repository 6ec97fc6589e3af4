#pragma once
// The commit-graph questions a push raises, answered with libgit2 in time proportional to
// what the push adds (never to history length or branch count):
//  - which commits are new to the server: a revwalk from the pushed tips that hides every
//    existing ref's tip (git's own `rev-list <new> --not --all`): the walk stops where the
//    pushed history meets the server's;
//  - which commits a protected ref gains (`new --not old`) and which of them enter its
//    first-parent chain;
//  - whether an update is a fast-forward (git_graph_descendant_of).

#include "lib/git/handles.hpp"
#include "lib/push/deadline.hpp"
#include "lib/push/update.hpp"

#include <cstring>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

namespace rg::push {

/// Hash of an oid for unordered containers.
struct OidHash {
  size_t operator()(const git_oid& id) const noexcept {
    size_t h;
    static_assert(sizeof h <= GIT_OID_RAWSZ);
    std::memcpy(&h, id.id, sizeof h);
    return h;
  }
};
struct OidEq {
  bool operator()(const git_oid& a, const git_oid& b) const noexcept { return git_oid_equal(&a, &b); }
};
using OidSet = std::unordered_set<git_oid, OidHash, OidEq>;

/// The commit a pushed id names (tags peeled); nullopt for the zero id or a tag of a tree/blob.
/// Throws git::GitError when the object is missing (fail closed).
std::optional<git_oid> peel_to_commit(git_repository* repo, const std::string& hex);

/// Commits reachable from `tips` and from none of `ref_tips` (the server's refs before the
/// push): git's `rev-list <tips> --not --all`. "Already in the object store" never counts as
/// checked: only reachability from a ref does.
///
/// Inside git's quarantine (`GIT_QUARANTINE_PATH` set) the walk starts breadth-first from the
/// tips and stops at commits the server's own store holds; where such a boundary commit is not
/// itself a ref tip (an old commit, or one an earlier pack carried that no ref names) a revwalk
/// hiding every ref tip continues from it. The usual push (onto a ref's tip) costs what it adds.
std::vector<git_oid> commits_not_on_refs(git_repository* repo, const std::vector<git_oid>& tips,
                                         const OidSet& ref_tips, const Deadline& deadline);

/// Commits reachable from `new_tip` but from none of `hidden` (all of them when it is empty),
/// as a set.
OidSet gained_commits(git_repository* repo, const git_oid& new_tip, const std::vector<git_oid>& hidden,
                      const Deadline& deadline);

/// The first-parent chain from `new_tip` while its commits are in `gained`, newest first: the
/// commits that enter the branch's mainline.
std::vector<git_oid> first_parent_entering(git_repository* repo, const git_oid& new_tip,
                                           const OidSet& gained, const Deadline& deadline);

/// True when `new_tip` descends from (or equals) `old_tip`.
bool is_fast_forward(git_repository* repo, const git_oid& old_tip, const git_oid& new_tip);

} // namespace rg::push
