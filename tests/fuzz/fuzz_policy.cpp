// Fuzz target: the policy loader. Any YAML text either applies or throws core::Error (a
// ConfigError with file:line:col); any other exception or a crash is a bug. Every few inputs go
// through a real file, to cover apply_file's bounded reader.

#include "lib/core/error.hpp"
#include "lib/policy/policy.hpp"

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

char g_file[] = "/tmp/rg-fuzz-policy-XXXXXX";

void remove_file() { ::unlink(g_file); }

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const rg::policy::Policy defaults = rg::policy::default_policy();
  static const std::string file = [] {
    const int fd = ::mkstemp(g_file);
    if (fd < 0) std::abort();
    ::close(fd);
    std::atexit(remove_file);
    return std::string(g_file);
  }();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  rg::policy::Policy p = defaults;
  try {
    if (size % 8 == 7) {
      FILE* f = std::fopen(file.c_str(), "wb");
      if (!f) std::abort();
      std::fwrite(text.data(), 1, text.size(), f);
      std::fclose(f);
      rg::policy::apply_file(p, file);
    } else {
      rg::policy::apply_text(p, text, "fuzz.yml");
    }
  } catch (const rg::core::Error&) {
    // rejected with a message: fine
  }
  return 0;
}
