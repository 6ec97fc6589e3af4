// Fuzz target: rules::check_release_message with the default policy, on any message bytes (its
// contract: pure, never throws).

#include "lib/policy/policy.hpp"
#include "lib/rules/release_message.hpp"

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const rg::policy::Policy policy = rg::policy::default_policy();
  std::string_view message(reinterpret_cast<const char*>(data), size);
  rg::rules::ReleaseContext ctx;
  ctx.commit = "0123456789abcdef0123456789abcdef01234567";
  ctx.author_name = "Dana Cruz";
  ctx.author_email = "dana@example.com";
  // The first byte varies the context, the rest is the message.
  if (!message.empty()) {
    const unsigned char c = static_cast<unsigned char>(message.front());
    ctx.merged_feature_branches = c & 3;
    ctx.re_release = (c & 4) != 0;
    if (c & 8) ctx.changed_paths = {"web/pricing/index.html", "src/app.cpp"};
    message.remove_prefix(1);
  }
  (void)rg::rules::check_release_message(message, ctx, policy.release);
  (void)rg::rules::release_help(message, policy.release);
  return 0;
}
