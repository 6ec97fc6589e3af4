// Fuzz target: the trailer parser and message cleanup. Never throws, never reads out of bounds;
// the located and plain parsers agree; the block lies inside the message.

#include "lib/message/message.hpp"
#include "lib/message/trailers.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view message(reinterpret_cast<const char*>(data), size);
  const auto block = rg::message::find_trailer_block(message);
  if (block.start > block.end || block.end > message.size()) std::abort();
  const auto plain = rg::message::parse_trailers(message);
  const auto located = rg::message::parse_located_trailers(message);
  if (plain.size() != located.size()) std::abort();
  (void)rg::message::format_trailers(plain);
  const std::string clean = rg::message::cleanup_strip(message);
  (void)rg::message::parse_trailers(clean);
  (void)rg::message::subject(message);
  return 0;
}
