#include "lib/push/push_id.hpp"

#include "lib/git/check.hpp"

#include <git2.h>

namespace rg::push {

std::string push_id(const std::vector<RefUpdate>& updates) {
  std::string text;
  for (const auto& u : updates) text += u.old_id + " " + u.new_id + " " + u.ref + "\n";
  git_oid oid;
  git::check(git_odb_hash(&oid, text.data(), text.size(), GIT_OBJECT_BLOB), "git_odb_hash", "push id");
  char hex[GIT_OID_HEXSZ + 1] = {};
  git_oid_tostr(hex, sizeof hex, &oid);
  return hex;
}

} // namespace rg::push
