#pragma once
// SSH commit signatures checked the way git checks them: the signature and signed payload come
// from the commit object (git_commit_extract_signature), and `ssh-keygen -Y verify` decides
// against an allowed-signers file (gpg.ssh.allowedSignersFile format) for a principal.

#include "lib/git/handles.hpp"

#include <string>

namespace rg::push {

/// A commit's signature, as stored in its `gpgsig` header.
struct CommitSignature {
  enum class Kind { none, ssh, other } kind = Kind::none;
  std::string signature; ///< armored signature ("-----BEGIN SSH SIGNATURE-----...")
  std::string payload;   ///< the commit object without the signature header (what was signed)
};

/// Extract the signature of commit `id`; Kind::none when unsigned. Throws git::GitError.
CommitSignature extract_signature(git_repository* repo, const git_oid& id);

/// The outcome of one `ssh-keygen -Y verify` run.
struct SshVerification {
  bool ok = false;
  std::string detail; ///< ssh-keygen's last output line (e.g. "Good \"git\" signature for ...")
};

/// Run `ssh-keygen -Y verify -f <allowed_signers> -I <principal> -n git -s <sig>` with the
/// payload on stdin, using private temp files (never inside the repository). Throws core::Error
/// when ssh-keygen cannot be run at all.
SshVerification verify_ssh(const std::string& allowed_signers, const std::string& principal,
                           const CommitSignature& sig);

} // namespace rg::push
