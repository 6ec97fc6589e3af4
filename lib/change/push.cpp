#include "lib/change/push.hpp"

namespace rg::change {

std::string RefUpdate::short_name() const {
  for (std::string_view prefix : {"refs/heads/", "refs/tags/"})
    if (ref.rfind(prefix, 0) == 0) return ref.substr(prefix.size());
  return ref;
}

} // namespace rg::change
