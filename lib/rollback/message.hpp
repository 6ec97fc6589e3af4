#pragma once
// Rollback commit messages and the trailers that are the interface to the server and the
// commit-msg checker. Pure functions over strings: no libgit2 handles.

#include "lib/core/finding.hpp"
#include "lib/core/names.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rg::rollback {

/// Trailer names (the interface other components match on, case-insensitively).
inline constexpr std::string_view kReleaseTypeTrailer = names::trailer::release_type;
inline constexpr std::string_view kRollbackType = "rollback";
inline constexpr std::string_view kRollbackOfTrailer = names::trailer::rollback_of;
inline constexpr std::string_view kIncidentTrailer = names::trailer::incident;
inline constexpr std::string_view kAuthorizedByTrailer = names::trailer::authorized_by;
/// Default trailer a re-release must carry (the server's policy may name another).
inline constexpr std::string_view kRootCauseTrailer = names::trailer::rca;

/// One commit being reverted, as plain data.
struct Reverted {
  std::string id;         ///< full hex id
  std::string message;    ///< its full message
  std::string parent;     ///< full hex id of the parent reverted against ("" for a root commit)
  bool merge = false;     ///< reverted with `-m 1`
};

/// The subject git uses for a revert: the first non-blank line of `message`.
std::string subject_of(std::string_view message);

/// Exactly git 2.39's `git revert` message (`Revert "<subject>"`, blank line, `This reverts
/// commit <id>.` or for merges `This reverts commit <id>, reversing\nchanges made to <parent>.`),
/// followed by a blank line and the trailers Release-Type: rollback, Rollback-Of: <id> and, when
/// `incident` is not empty, Incident: <incident>, and when `authorized_by` is not empty
/// Authorized-By: <authorized_by> (who executes it). Ends with a newline.
std::string revert_message(const Reverted& r, std::string_view incident, std::string_view authorized_by = {});

/// One message for a squashed rollback of `commits` (newest first, the order they are applied):
/// subject `Revert release <spec> (<n> commits)`, one line per commit, then the trailers with one
/// Rollback-Of per commit in the same order.
std::string squash_message(std::string_view spec, const std::vector<Reverted>& commits,
                           std::string_view incident, std::string_view authorized_by = {});

/// A trailer as `git interpret-trailers` reads it.
struct Trailer {
  std::string key;
  std::string value;
};

/// The trailers of the last paragraph of `message`.
std::vector<Trailer> trailers_of(std::string_view message);

/// True when the message carries `Release-Type: rollback` or a Rollback-Of trailer.
bool is_rollback_message(std::string_view message);

/// The Rollback-Of values, in order (each expected to be a full hex id; not validated here).
std::vector<std::string> rollback_of(std::string_view message);

/// Ids named by `This reverts commit <hex>` lines (git's revert body), in order.
std::vector<std::string> reverts_named(std::string_view message);

/// Looks a commit's message up by full id; nullopt when the commit is unknown.
using MessageLookup = std::function<std::optional<std::string>(const std::string& id)>;

/// Re-release detection: when `message` reverts (per its `This reverts commit` lines) a commit
/// whose message marks it as a rollback, that rollback's id; otherwise nullopt.
std::optional<std::string> reverted_rollback(std::string_view message, const MessageLookup& message_of);

/// The rule the server applies to a re-release: a commit that reverts a rollback must carry a
/// non-empty `rca_trailer` line. Returns one error finding "rollback/rerelease-without-rca" (with
/// `commit_id` as location) when it does not; nothing otherwise.
std::vector<core::Finding> check_rerelease(std::string_view commit_id, std::string_view message,
                                           const MessageLookup& message_of,
                                           std::string_view rca_trailer = kRootCauseTrailer);

} // namespace rg::rollback
