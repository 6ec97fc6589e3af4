#pragma once
// Protected-ref rules for a push, over plain facts the push layer computed with libgit2:
// no deletion, no non-fast-forward, direct (non-merge) commits only for hotfixes and verified
// rollbacks, policy-file changes only as architecture releases, release commits signed by an
// authorizer (strict mode), and no feature branch left dangling (fully merged) by the push.

#include "lib/core/finding.hpp"
#include "lib/push/update.hpp"

#include <string>
#include <vector>

namespace rg::rules {

/// A commit entering a protected branch's first-parent chain with this push.
struct ChainCommit {
  std::string id;                 ///< full hex id
  std::string subject;            ///< first line of the message
  bool merge = false;             ///< more than one parent
  std::string release_type;       ///< Release-Type trailer, lower-cased; "" when absent
  bool rollback = false;          ///< carries rollback trailers (Release-Type: rollback / Rollback-Of)
  bool rollback_verified = false; ///< its tree was verified to be the revert it names
  bool touches_policy = false;    ///< changes release-gate.yml / .release-gate.yml (vs first parent)
};

/// One update of a protected ref with the facts the rules need.
struct ProtectedUpdate {
  push::RefUpdate update;
  bool fast_forward = true;             ///< new descends from old (ignored for create / delete)
  std::vector<ChainCommit> entering;    ///< newest first
};

/// Settings of the direct-commit rule (from the release policy).
struct DirectCommitRule {
  bool enabled = true;
  std::vector<std::string> allowed_types{"hotfix"}; ///< Release-Types that may be non-merge commits
  std::string remote = "origin";                    ///< remote name used in fix commands
};

/// branch/protected-delete, branch/non-fast-forward, branch/direct-commit,
/// branch/policy-change-needs-architecture for each protected update. A created protected ref
/// (first push) is exempt from the direct-commit rule: its import is judged by its tip.
std::vector<core::Finding> check_protected_updates(const std::vector<ProtectedUpdate>& updates,
                                                   const DirectCommitRule& rule);

/// A feature branch whose tip the push makes reachable from a protected branch.
struct DanglingBranch {
  std::string ref;          ///< e.g. "refs/heads/feature/x"
  std::string tip;          ///< full hex id of its tip after the push
  std::string merged_into;  ///< protected ref that now contains it, e.g. "refs/heads/main"
};

/// branch/dangling-feature-branch, one finding per branch; each fix is the single atomic push
/// that deletes all of them together with the protected update(s), e.g.
/// `git push --atomic origin main :feature/x :feature/y`.
std::vector<core::Finding> check_dangling(const std::vector<DanglingBranch>& dangling,
                                          const std::vector<std::string>& protected_refs_pushed,
                                          const std::string& remote = "origin");

/// The result of checking one release commit's signature (strict mode).
struct SignatureCheck {
  enum class State {
    good,           ///< signed by a key of one of `principals`
    unsigned_commit,///< no signature at all
    not_ssh,        ///< signed, but not with an SSH key (GPG / X.509)
    no_authorizer,  ///< no Authorized-By / Confirmed-By e-mail to verify against
    bad,            ///< signature does not verify for any of `principals`
    no_signers_file ///< the server's allowed-signers file is missing
  };
  std::string commit;                  ///< full hex id
  std::string ref;                     ///< protected ref it enters
  State state = State::good;
  std::vector<std::string> principals; ///< authorizer e-mails tried
  std::string detail;                  ///< ssh-keygen's last line, or the file path
};

/// sig/unsigned, sig/not-ssh, sig/no-authorizer, sig/bad-signature, sig/no-allowed-signers.
std::vector<core::Finding> check_signatures(const std::vector<SignatureCheck>& checks);

} // namespace rg::rules
