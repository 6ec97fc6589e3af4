#include "lib/rules/secrets/keywords.hpp"

#include <deque>

namespace rg::rules::secrets {

KeywordMatcher::KeywordMatcher(const std::vector<std::string>& keywords) : count_(keywords.size()) {
  // Byte classes: every (lower-cased) byte that occurs in a keyword gets its own class, all other
  // bytes share class 0. The table is states x classes, ~40 wide instead of 256.
  uint8_t byte_class[256] = {};
  classes_ = 1;
  for (const auto& k : keywords) {
    for (unsigned char ch : k) {
      const unsigned char c = (ch >= 'A' && ch <= 'Z') ? uint8_t(ch - 'A' + 'a') : ch;
      if (byte_class[c] == 0) byte_class[c] = uint8_t(classes_++);
      if (classes_ == 256) break;  // cannot happen with ASCII keywords; keeps the cast safe
    }
  }
  for (int c = 0; c < 256; ++c) {
    const int l = (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
    lower_[c] = byte_class[l];
  }
  const size_t width = classes_;
  // The trie is built straight into the dense table (0 = no edge yet: the root is never a child),
  // so construction is one pass over the keywords plus one BFS, with no per-state allocations.
  next_.assign(width, 0);
  std::vector<std::vector<uint32_t>> out(1);
  for (uint32_t k = 0; k < keywords.size(); ++k) {
    uint32_t s = 0;
    for (unsigned char ch : keywords[k]) {
      const size_t slot = size_t(s) * width + lower_[ch];
      if (next_[slot] == 0) {
        const uint32_t fresh = uint32_t(out.size());
        next_[slot] = fresh;
        next_.resize(next_.size() + width, 0);
        out.emplace_back();
      }
      s = next_[size_t(s) * width + lower_[ch]];
    }
    out[s].push_back(k);
  }
  const size_t states = out.size();
  std::vector<uint8_t> is_child(states * width, 0);  // which table entries are real trie edges
  for (size_t i = 0; i < next_.size(); ++i) is_child[i] = next_[i] != 0;
  // BFS: failure links, inherited outputs, and missing transitions filled from the failure state.
  std::vector<uint32_t> fail(states, 0);
  std::deque<uint32_t> queue;
  for (size_t c = 0; c < width; ++c)
    if (is_child[c]) queue.push_back(next_[c]);
  while (!queue.empty()) {
    const uint32_t s = queue.front();
    queue.pop_front();
    if (s != 0)
      for (uint32_t k : out[fail[s]]) out[s].push_back(k);
    for (size_t c = 0; c < width; ++c) {
      const size_t slot = size_t(s) * width + c;
      if (is_child[slot]) {
        const uint32_t t = next_[slot];
        fail[t] = s == 0 ? 0 : next_[size_t(fail[s]) * width + c];
        queue.push_back(t);
      } else if (s != 0) {
        next_[slot] = next_[size_t(fail[s]) * width + c];
      }
    }
  }
  has_output_.resize(states);
  out_begin_.resize(states + 1);
  for (size_t s = 0; s < states; ++s) {
    has_output_[s] = !out[s].empty();
    out_begin_[s] = uint32_t(outputs_.size());
    outputs_.insert(outputs_.end(), out[s].begin(), out[s].end());
  }
  out_begin_[states] = uint32_t(outputs_.size());
}

} // namespace rg::rules::secrets
