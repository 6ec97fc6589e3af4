#pragma once
// The push model: what the server knows about one push, as plain data. lib/push/facts.cpp
// gathers it once with libgit2 from the server's own refs and objects; the rules in lib/rules
// read it and never touch libgit2. Everything here is a fact of the server's, except where a
// field says it is the pusher's claim.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rg::change {

/// The all-zero id git uses for "no object" (creation's old side, deletion's new side).
inline constexpr std::string_view zero_id = "0000000000000000000000000000000000000000";

/// One ref update as git reports it on the hook's stdin.
struct RefUpdate {
  std::string old_id; ///< 40 lower-case hex; zero_id when the ref is created
  std::string new_id; ///< 40 lower-case hex; zero_id when the ref is deleted
  std::string ref;    ///< full ref name, e.g. "refs/heads/main"

  bool is_create() const { return old_id == zero_id; }
  bool is_delete() const { return new_id == zero_id; }
  bool is_branch() const { return ref.rfind("refs/heads/", 0) == 0; }
  bool is_tag() const { return ref.rfind("refs/tags/", 0) == 0; }
  /// "main" for "refs/heads/main", "v1.0" for "refs/tags/v1.0", the full name otherwise.
  std::string short_name() const;
};

/// What a ref name means on this server.
enum class RefKind {
  protected_branch, ///< matches release.protected_branches (after symbolic refs are resolved)
  release_branch,   ///< matches release.release_branches
  work_branch,      ///< any other branch: must not be left behind fully merged
  long_lived,       ///< a branch the policy exempts from the dangling rule
  tag,              ///< refs/tags/*
  replace,          ///< refs/replace/*: changes what other commits mean
  approval,         ///< refs/release-gate/approvals/<commit>/<person>
  notes,            ///< refs/notes/*
  other,            ///< anything else under refs/
};

/// The kind of object a pushed id peels to.
enum class ObjectKind { none, commit, tree, blob };

/// A rollback's claim about one commit it reverts, checked against the server's history.
struct RollbackTarget {
  std::string named;     ///< the Rollback-Of value as written (printable)
  std::string id;        ///< the full id it resolves to on the server; "" when it resolves to nothing
  bool on_branch = false; ///< reachable from the protected ref's tip before this push
};

/// A person's approval of one exact commit, as the server holds it (or as this push creates it,
/// which the access rule allows only to that person).
struct ApprovalFact {
  std::string person;              ///< the person id from the ref name (or "<email>" for the old form)
  std::vector<std::string> roles;  ///< roles the approval is for ([] = every role the person holds)
  std::vector<std::pair<std::string, std::string>> qa; ///< QA id -> "PASS" / "FAIL"
  bool valid = true;               ///< the blob is an approval of this commit by this person
};

/// A commit entering a protected branch's first-parent chain with this push.
struct ChainCommit {
  std::string id;                 ///< full hex id
  std::string subject;            ///< first line of the message (printable)
  std::string message;            ///< the raw message (the pusher's claim)
  bool merge = false;             ///< more than one parent
  std::string release_type;       ///< Release-Type trailer, lower-cased; "" when absent
  std::string author_name, author_email; ///< the pusher's claim
  std::string committer_email;    ///< the pusher's claim (who made the merge; used only to be stricter)
  std::vector<ApprovalFact> approvals; ///< refs/release-gate/approvals/<this commit>/*
  std::vector<std::string> changed_paths; ///< against the first parent
  bool touches_policy = false;    ///< changes release-gate.yml / .release-gate.yml

  bool rollback = false;           ///< carries rollback trailers (Release-Type: rollback / Rollback-Of)
                                   ///< or is a plain `git revert` (see plain_revert)
  bool plain_revert = false;       ///< `git revert` as the SOP says it: "This reverts commit <id>." and
                                   ///< no release record; its targets are the commits it names
  bool rollback_verified = false;  ///< its tree is exactly the revert of its targets on its parent
  std::string rollback_problem;    ///< why the revert did not verify (printable)
  std::vector<std::string> rollback_differing; ///< paths that differ from the true revert
  std::vector<RollbackTarget> rollback_targets;

  size_t lines_of_work = 0;       ///< distinct lines of work this commit brings in (merges)
  size_t merged_branch_tips = 0;  ///< work-branch tips it brings in (as branches are now)
  bool re_release = false;        ///< re-applies content a rollback on the branch took out
  std::vector<std::string> re_released; ///< the rollbacks whose content comes back (ids)
};

/// One command of the push with what the server knows about it.
struct PushedRef {
  RefUpdate update;               ///< as pushed
  std::string ref;                ///< the ref it writes: symbolic refs on the server resolved
  bool via_symref = false;        ///< update.ref is a symbolic ref on the server
  std::string current_id;         ///< the ref's value on the server now (zero_id when absent)
  RefKind kind = RefKind::other;
  ObjectKind new_kind = ObjectKind::none; ///< what the new value peels to
  std::string new_commit;         ///< the commit the new value peels to ("" if none)
  std::string old_commit;         ///< the commit the old value peels to ("" if none)
  bool fast_forward = true;       ///< new descends from old (protected refs; create / delete: true)
  std::vector<ChainCommit> entering; ///< protected refs: the first-parent chain it gains, newest first
  /// Work branches: the new tip is already in a protected branch's history (after this push)
  /// and is not the tip of one: the branch is merged and would be left behind.
  /// Why git itself will refuse this command after the hook (the server's receive.deny* settings),
  /// "" when it will not: the rest of a non-atomic push would still be applied.
  std::string git_refuses;
  std::string approval_person;    ///< approval refs: the person the ref name says approves
  bool tip_already_merged = false;
  std::string merged_into;        ///< that protected ref

  std::string short_name() const { return update.short_name(); }
};

/// A work branch whose tip a protected branch contains after the push.
struct DanglingBranch {
  std::string ref;          ///< e.g. "refs/heads/feature/x"
  std::string tip;          ///< full hex id of its tip after the push
  std::string merged_into;  ///< protected ref that now contains it, e.g. "refs/heads/main"
};

/// The result of checking one release commit's signature against the server's allowed signers
/// (strict mode).
struct SignatureFact {
  enum class State {
    good,            ///< signed by a key of one of `principals`
    unsigned_commit, ///< no signature at all
    not_ssh,         ///< signed, but not with an SSH key (GPG / X.509)
    no_authorizer,   ///< no Authorized-By / Confirmed-By e-mail to verify against
    bad,             ///< signature does not verify for any of `principals`
    no_signers_file  ///< the server's allowed-signers file is missing
  };
  std::string commit;                  ///< full hex id
  std::string ref;                     ///< protected ref it enters
  State state = State::good;
  std::vector<std::string> principals; ///< authorizer e-mails tried
  std::string detail;                  ///< ssh-keygen's last line, or the file path
  std::string signer;                  ///< state good: the one principal whose key made it
};

/// The attestation `release-gate ready --attest` recorded for a release entering a protected ref.
struct AttestationFact {
  std::string ref;                     ///< the protected ref, e.g. "refs/heads/main"
  std::string commit;                  ///< the release commit entering it (full id)
  /// Commits an attestation may name for this release: the commit itself and, for a merge,
  /// its other parents (the candidate `ready` ran on before the merge existed).
  std::vector<std::string> subjects;
  std::string attested;                ///< the subject an attestation was found for ("" if none)
  std::optional<std::string> body;     ///< that attestation's bytes (the blob, at most 64 KiB)
};

/// Who pushed, as the host authenticated them.
struct Pusher {
  std::string login;                ///< "" when the host passes none
  std::string email;                ///< "" when the host passes none
  std::string source;               ///< the variable it came from
  std::string person;               ///< the policy's person this identity is ("" = no one)
  std::vector<std::string> roles;   ///< roles the policy gives this identity (exact matches)

  bool known() const { return !login.empty() || !email.empty(); }
};

/// Everything the rules need about one push.
struct PushFacts {
  Pusher pusher;
  bool empty_repository = false;       ///< the server had no refs before this push (an import)
  std::vector<PushedRef> refs;         ///< one per command, in order
  std::vector<DanglingBranch> dangling;
  std::vector<std::string> protected_pushed; ///< protected refs this push moves (for fix commands)
  std::vector<SignatureFact> signatures;     ///< strict mode: one per release commit entering
  std::vector<AttestationFact> attestations; ///< one per release commit entering (not for an import)
  size_t commits_scanned = 0;
  size_t mainline_commits = 0;
};

} // namespace rg::change
