#pragma once
// Deciding what is text and what to scan of it, the same way for blobs and files: git's binary
// test (a NUL byte in the first 8,000 bytes), after byte-order marks are honoured.

#include <cstddef>
#include <string>
#include <string_view>

namespace rg::core {

/// How many leading bytes git looks at to call content binary (git's FIRST_FEW_BYTES).
inline constexpr size_t binary_probe_bytes = 8000;

/// git's buffer_is_binary(): a NUL byte within the first binary_probe_bytes bytes. Control bytes
/// (ESC, \x01, ...) do not make content binary.
bool looks_binary(std::string_view content);

/// Content as the scanner reads it. UTF-8 with a BOM loses the BOM; UTF-16 and UTF-32 with a BOM,
/// and BOM-less UTF-16 whose probe bytes are all ASCII code units, are decoded to UTF-8 (invalid
/// code units become U+FFFD; line breaks are kept, so line numbers stay right). Anything else
/// with a NUL in the probe is binary. The decision needs only the probe and the BOM.
class TextContent {
public:
  /// How many leading bytes decide binary(): a BOM plus the probe.
  static constexpr size_t decision_bytes = binary_probe_bytes + 4;

  /// Classify `raw` (not copied when it needs no decoding: `raw` must outlive the result).
  static TextContent from(std::string_view raw);

  bool binary() const { return binary_; }
  /// The text to scan (empty when binary).
  std::string_view text() const { return decoded_ ? std::string_view(storage_) : view_; }
  /// "UTF-16LE" and the like when the content was decoded; empty otherwise.
  std::string_view encoding() const { return encoding_; }

private:
  bool binary_ = false;
  bool decoded_ = false;
  std::string_view view_;
  std::string storage_;
  std::string_view encoding_;
};

} // namespace rg::core
