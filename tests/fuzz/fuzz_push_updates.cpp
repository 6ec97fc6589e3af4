// Fuzz target: the pre-receive stdin parser. Either a list of well-formed updates or a
// core::Error; nothing else.

#include "lib/core/error.hpp"
#include "lib/push/update.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  try {
    for (const auto& u : rg::push::parse_updates(input)) {
      if (u.old_id.size() != 40 || u.new_id.size() != 40 || u.ref.rfind("refs/", 0) != 0) std::abort();
      (void)u.short_name();
    }
  } catch (const rg::core::Error&) {
  }
  return 0;
}
