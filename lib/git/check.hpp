#pragma once
// Every libgit2 return code goes through check(): it copies git_error_last() at once and keeps
// the code, prefixed with the call and its subject.

#include "lib/core/error.hpp"

#include <string>
#include <string_view>

#include <git2/oid.h>

namespace rg::git {

/// A failed libgit2 call. code() is the libgit2 error code (GIT_ENOTFOUND, ...).
class GitError : public core::Error {
public:
  GitError(int code, const std::string& what) : core::Error(what), code_(code) {}
  int code() const noexcept { return code_; }

private:
  int code_;
};

/// Throws GitError("<call> <subject>: <libgit2 message>") when rc < 0; returns rc otherwise.
int check(int rc, std::string_view call, std::string_view subject = {});

/// Hex id of an oid.
std::string to_hex(const git_oid& oid);

} // namespace rg::git
