#include "lib/rules/signatures.hpp"

#include <fmt/format.h>

namespace rg::rules {

using core::Finding;
using core::Severity;

namespace {

std::string short12(const std::string& id) { return id.substr(0, 12); }

} // namespace

std::vector<Finding> check_signatures(const std::vector<change::SignatureFact>& checks) {
  using State = change::SignatureFact::State;
  std::vector<Finding> out;
  for (const auto& c : checks) {
    if (c.state == State::good) continue;
    Finding f;
    f.severity = Severity::error;
    f.where.ref = c.ref;
    f.where.commit = c.commit;
    std::string who;
    for (const auto& p : c.principals) who += (who.empty() ? "" : ", ") + p;
    const std::string sign_fix =
        "the authorizer signs the release commit with their SSH key:\n"
        "git -c gpg.format=ssh -c user.signingkey=<key> commit --amend -S --no-edit";
    switch (c.state) {
      case State::unsigned_commit:
        f.rule = "sig/unsigned";
        f.message = fmt::format("release commit {} is not signed (strict signatures)", short12(c.commit));
        f.fix = sign_fix;
        break;
      case State::not_ssh:
        f.rule = "sig/not-ssh";
        f.message = fmt::format("release commit {} is signed, but not with an SSH key", short12(c.commit));
        f.fix = sign_fix;
        break;
      case State::no_authorizer:
        f.rule = "sig/no-authorizer";
        f.message = fmt::format("release commit {} names no authorizer e-mail to verify", short12(c.commit));
        f.fix = "add `Authorized-By: Name <email>` and have that person sign the commit";
        break;
      case State::bad:
        f.rule = "sig/bad-signature";
        f.message = fmt::format("release commit {} is not signed by its authorizer ({})",
                                short12(c.commit), who);
        f.match = c.detail;
        f.fix = sign_fix + "\n(the key must be listed for that e-mail in the server's allowed_signers)";
        break;
      case State::no_signers_file:
        f.rule = "sig/no-allowed-signers";
        f.message = "strict signatures are on but the server has no allowed-signers file";
        f.match = c.detail;
        f.fix = "server admin: create it (ssh-keygen -Y verify format) or set server.allowed_signers";
        break;
      case State::good:
        break;
    }
    out.push_back(std::move(f));
  }
  return out;
}

} // namespace rg::rules
