#pragma once
// What the git host tells a pre-receive hook besides the ref updates: who pushed, and the push
// options (`git push -o key=value`). Read through an environment lookup so tests can feed it.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rg::push {

/// Reads one environment variable; nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;

/// The process environment (std::getenv).
EnvLookup process_env();

/// Who pushed, as the host reports it.
struct Identity {
  std::string login;  ///< user name ("" when the host passes none)
  std::string email;  ///< e-mail when the host passes one (Gitea), else ""
  std::string source; ///< variable it came from ("GL_USERNAME", ...), "" when unknown

  bool known() const { return !login.empty() || !email.empty(); }
  /// "login <email>", "login" or "<email>"; "(unknown)" when nothing is known.
  std::string display() const;
};

/// The first identity found, in this order: GitLab GL_USERNAME, GitHub Enterprise
/// GITHUB_USER_LOGIN, Gitea GITEA_PUSHER_NAME (+ GITEA_PUSHER_EMAIL), gitolite GL_USER,
/// REMOTE_USER (web servers: git http-backend). Empty values are ignored.
Identity detect_identity(const EnvLookup& env);

/// The push options: GIT_PUSH_OPTION_0 .. GIT_PUSH_OPTION_<COUNT-1>, in order. Needs
/// `receive.advertisePushOptions=true` on the server; absent or malformed COUNT = none.
std::vector<std::string> push_options(const EnvLookup& env);

/// The option key release-gate reads for break-glass pushes.
inline constexpr std::string_view bypass_option = "release-gate.bypass";

/// The reason given with `-o release-gate.bypass=<reason>` (last one wins); nullopt when the
/// option is absent. A bare `release-gate.bypass` or an empty reason gives "".
std::optional<std::string> bypass_reason(const std::vector<std::string>& options);

} // namespace rg::push
