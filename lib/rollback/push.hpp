#pragma once
// Pushing a rollback: the one place that runs the git client, because a push needs the user's
// transport, credentials and remote configuration exactly as `git push` has them.

#include "lib/git/handles.hpp"

#include <string>

namespace rg::rollback {

/// Runs `git push <remote> <id>:<ref>` (no force: the server accepts only a fast-forward) in the
/// repository's directory, with this process's stdout/stderr so `remote:` lines show. Returns
/// git's exit status (127 if git could not be started).
int push_fast_forward(git_repository* repo, const std::string& remote, const git_oid& id,
                      const std::string& ref);

} // namespace rg::rollback
