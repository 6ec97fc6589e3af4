#include "lib/git/check.hpp"

#include <git2.h>

namespace rg::git {

int check(int rc, std::string_view call, std::string_view subject) {
  if (rc >= 0) return rc;
  const git_error* e = git_error_last();
  std::string what(call);
  if (!subject.empty()) {
    what += " ";
    what += subject;
  }
  what += ": ";
  what += (e && e->message) ? e->message : "unknown libgit2 error";
  throw GitError(rc, what);
}

std::string to_hex(const git_oid& oid) {
  char buf[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buf, sizeof buf, &oid);
  return buf;
}

} // namespace rg::git
