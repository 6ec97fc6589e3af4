#pragma once
// A case-insensitive (ASCII) multi-keyword matcher: an Aho-Corasick automaton over byte classes
// (lower-cased bytes that occur in some keyword; all others are one class) with a dense
// transition table, so the prefilter costs two table lookups per byte.

#include <cstdint>
#include <string>
#include <vector>

namespace rg::rules::secrets {

class KeywordMatcher {
public:
  /// Build over `keywords` (any case); ids are the keywords' indexes.
  explicit KeywordMatcher(const std::vector<std::string>& keywords);

  /// Calls on_hit(keyword_index, end_offset) for every occurrence in text (end exclusive).
  template <class F>
  void for_each_hit(const char* text, size_t len, F&& on_hit) const {
    uint32_t state = 0;
    for (size_t i = 0; i < len; ++i) {
      state = next_[size_t(state) * classes_ + lower_[static_cast<unsigned char>(text[i])]];
      if (has_output_[state]) {
        for (uint32_t k = out_begin_[state]; k < out_begin_[state + 1]; ++k) on_hit(outputs_[k], i + 1);
      }
    }
  }

  size_t size() const { return count_; }

private:
  size_t count_ = 0;
  size_t classes_ = 1;
  uint8_t lower_[256];               // byte -> class
  std::vector<uint32_t> next_;       // states * classes_
  std::vector<uint8_t> has_output_;  // per state
  std::vector<uint32_t> out_begin_;  // CSR offsets into outputs_, states + 1
  std::vector<uint32_t> outputs_;    // keyword ids
};

} // namespace rg::rules::secrets
