#pragma once
// Facts in: the one module that reads the repository for a push. It resolves every command
// against the server's refs (symbolic refs followed, current values read), peels what each new
// value names, walks what each ref gains, verifies rollbacks, checks signatures, and lists what
// the secrets rule must read. The result is plain data (lib/change/push.hpp) plus the object
// ids to scan; the rules never see libgit2.

#include "lib/change/push.hpp"
#include "lib/git/handles.hpp"
#include "lib/policy/policy.hpp"
#include "lib/push/context.hpp"
#include "lib/push/deadline.hpp"
#include "lib/push/update.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace rg::push {

/// A tree or blob a ref names directly (a tag of a blob): every clone gets it, so it is scanned.
struct NamedObject {
  std::string ref;  ///< the ref that names it
  git_oid id;
  bool tree = false;
};

/// What the secrets rule must read for this push.
struct ScanSet {
  std::vector<git_oid> commits;          ///< every commit any ref gains that was not checked before
  std::vector<NamedObject> objects;      ///< trees and blobs refs name directly
  std::vector<std::pair<std::string, std::string>> tag_messages; ///< (tag ref, message) of pushed annotated tags
};

struct Gathered {
  change::PushFacts facts;
  ScanSet scan;
};

/// Who the host's identity is, by the policy: the person whose login for that host kind equals
/// the login (exact), or one of whose e-mails equals it (many HTTP set-ups log users in by
/// e-mail), or, only for hosts the policy lists in `verified_email_hosts`, whose e-mail equals
/// the e-mail the host passed. Never a local part or a display name. A role holder written as
/// `Name <email>` (no `people:` entry) is "<email>". "" when the identity is no one.
std::string person_of(const policy::ReleasePolicy& release, const Identity& who);

/// The roles of the person person_of() found (exact; see there).
std::vector<std::string> roles_of(const policy::ReleasePolicy& release, const Identity& who);

/// The host kind of an identity source: GL_USERNAME -> gitlab, GITHUB_USER_LOGIN -> github,
/// GITEA_PUSHER_* -> gitea, GL_USER -> gitolite, REMOTE_USER -> http; "" otherwise.
std::string host_kind(std::string_view source);

/// Gather the facts of a push. Throws (git::GitError, BudgetExceeded, core::Error) when the
/// repository cannot answer: the caller fails closed.
Gathered gather(git_repository* repo, const policy::Policy& policy, const std::vector<RefUpdate>& updates,
                const Identity& pusher, const std::filesystem::path& repo_dir, const Deadline& deadline);

} // namespace rg::push
