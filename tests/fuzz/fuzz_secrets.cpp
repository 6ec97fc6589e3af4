// Fuzz target: the secrets scanner (the default pack, compiled once) on arbitrary bytes: no
// crash, no hang past libFuzzer's timeout, findings inside the text.

#include "lib/core/finding.hpp"
#include "lib/policy/policy.hpp"
#include "lib/rules/secrets/scanner.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const rg::rules::secrets::Scanner scanner =
      rg::rules::secrets::Scanner::compile(rg::policy::default_policy().secrets);
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<rg::core::Finding> out;
  scanner.scan("fuzz/input.txt", text, 1, "", out);
  for (const auto& f : out)
    if (f.where.line < 1) std::abort();
  return 0;
}
