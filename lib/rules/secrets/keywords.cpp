#include "lib/rules/secrets/keywords.hpp"

#include <deque>

namespace rg::rules::secrets {

KeywordMatcher::KeywordMatcher(const std::vector<std::string>& keywords) : count_(keywords.size()) {
  for (int c = 0; c < 256; ++c) lower_[c] = uint8_t((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
  // Trie with goto function; -1 = no edge yet.
  std::vector<std::vector<int32_t>> go(1, std::vector<int32_t>(256, -1));
  std::vector<std::vector<uint32_t>> out(1);
  for (uint32_t k = 0; k < keywords.size(); ++k) {
    int32_t s = 0;
    for (unsigned char ch : keywords[k]) {
      uint8_t c = lower_[ch];
      if (go[s][c] < 0) {
        go[s][c] = int32_t(go.size());
        go.emplace_back(256, -1);
        out.emplace_back();
      }
      s = go[s][c];
    }
    out[s].push_back(k);
  }
  // BFS to fill failure links and complete the transition table.
  const size_t states = go.size();
  std::vector<int32_t> fail(states, 0);
  std::deque<int32_t> queue;
  for (int c = 0; c < 256; ++c) {
    if (go[0][c] < 0) go[0][c] = 0;
    else {
      fail[go[0][c]] = 0;
      queue.push_back(go[0][c]);
    }
  }
  while (!queue.empty()) {
    int32_t s = queue.front();
    queue.pop_front();
    for (uint32_t k : out[fail[s]]) out[s].push_back(k);
    for (int c = 0; c < 256; ++c) {
      int32_t t = go[s][c];
      if (t < 0) {
        go[s][c] = go[fail[s]][c];
      } else {
        fail[t] = go[fail[s]][c];
        queue.push_back(t);
      }
    }
  }
  next_.resize(states * 256);
  has_output_.resize(states);
  out_begin_.resize(states + 1);
  for (size_t s = 0; s < states; ++s) {
    for (int c = 0; c < 256; ++c) next_[s * 256 + c] = uint32_t(go[s][c]);
    has_output_[s] = !out[s].empty();
    out_begin_[s] = uint32_t(outputs_.size());
    outputs_.insert(outputs_.end(), out[s].begin(), out[s].end());
  }
  out_begin_[states] = uint32_t(outputs_.size());
}

} // namespace rg::rules::secrets
