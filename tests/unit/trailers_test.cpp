// Differential test: our trailer parser against the real `git interpret-trailers --parse`.

#include "lib/core/text.hpp"
#include "lib/message/message.hpp"
#include "lib/message/trailers.hpp"
#include "tests/support/testutil.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <random>
#include <string>
#include <vector>

using namespace rg::message;

namespace {

// Messages chosen to hit every branch of git's trailer-block rules.
const std::vector<std::string> corpus = {
    "",
    "\n",
    "subject only\n",
    "subject\n\nKey: value\n",
    "Key: value\n",                                   // one paragraph: it is the title
    "subject\n\nbody text\n\nSigned-off-by: A U Thor <a@example.com>\n",
    "subject\n\nKey: v\nnot a trailer\n",             // one non-trailer line spoils the block
    "s\n\nSigned-off-by: a\nfoo\nbar\nbaz\n",          // git-generated, exactly 25%
    "s\n\nSigned-off-by: a\nfoo\nbar\nbaz\nqux\n",     // git-generated, under 25%
    "s\n\nbody\n\n(cherry picked from commit 0123456789abcdef)\nKey: v\nsome text\n",
    "s\n\n(cherry picked from commit 0123456789abcdef)\n",
    "s\n\nKey: a\n  b\n\tc\nOther: d\n",              // continuation lines
    "s\n\n continued: x\nKey: v\n",                   // leading white space, nothing to continue
    "s\n\nSigned-off-by: a\n b\nfoo\n c\n",            // continuations counted as non-trailers
    "s\n\nKey: v\n# comment: not a trailer\nKey2: w\n",
    "s\n\nKey: v\n\n# Please enter the commit message\n# Lines starting with '#' are ignored\n",
    "s\n\nKey: v\n---\npatch: text\n",                 // patch divider
    "s\n\nbody\n\nKey: v\n----\n",                     // four dashes are not a divider
    "s\n\nA: b\n--- a/file.c\n+++ b/file.c\n",
    "s\n\nA: b\n---x\n",
    "s\n\nKey: v\n---",                                // divider needs white space after it
    "s\n\n---\nKey: v\n",
    "s\r\n\r\nKey: v\r\nOther: w\r\n",                // CRLF
    "s\r\n\r\nKey: a\r\n b\r\n",                       // CRLF continuation keeps the inner \r
    "s\n\nKey :value\nKey\t: tab\n",
    "s\n\nKey  Name: v\n",                            // a space inside a key: not a trailer
    "s\n\nbody\n\nKey  Name: v\nOther: w\n",
    "s\n\nKey:\nOther: \nThird:   \n",                 // empty values
    "s\n\nKey: caf\xe9\n",                             // non-UTF-8 value
    "s\n\nK\xe9y: v\nOther: w\n",                      // non-ASCII key: not a trailer
    "s\n\nCl\xc3\xa9: v\n",
    "s\n\nfoo_bar: v\n",
    "s\n\nSee: https://example.com/x\n",
    "s\n\nhttps://example.com/a\n",                    // a URL looks like `https:` to git
    "s\n\nKey: v\n# ------------------------ >8 ------------------------\ndiff --git a b\n",
    "# ------------------------ >8 ------------------------\nKey: v\n",
    // (Not here: a scissors line *after* a `---` divider makes git 2.39 loop forever, a size_t
    // underflow in ignore_non_trailer; commit-msg input never has both, see cleanup_strip.)
    "s\n\nKey: v\n---\nx\n",
    "s\n\nKey: v\n\nConflicts:\n\tfile.c\n\tother.c\n",
    "s\n\nA: 1\n\nbody in the middle\n\nB: 2\n",
    "s\n\nA: 1\n\nlast paragraph\n",
    "s\n\nKey: v\n   \n\n",                            // trailing blank lines with spaces
    "s\n\nKey: v",                                    // no final newline
    "# c\ns\n\nKey: v\n",
    "# c\n\nKey: v\n",
    "\nKey: v\n",
    "# a\n# b\n",
    "\n\n\n",
    "s\n\nsigned-off-by: x\nfoo\nbar\n",               // lower-case is not git-generated
    "s\n\nSigned-off-by:x\n",
    "s\n\nKey: one\nKey: two\nkey: three\n",
    "s\n\nrelease-type: Routine\nRELEASE-TYPE: hotfix\n",
    "s\n\nRollback-Plan: git revert abc123; eta 15m; executor cdo\n",
    "s\n\nX-1: y\n-Key: v\n",
    "s\n\nbody\nKey: v\n",
    "line1\nline2\n\nKey: v\n",
    "s\n\nA: b\n\0C: d\n",
    "s\n\nKey: v\n : x\n",
    "s\n\nKey:",
    "s\n\nA: 1\n\t\n B\n",
    "s\n\nKey: a\n \n b\n",
    "s\n\nKey: value: with: colons\n",
    "s\n\n: starts with colon\nKey: v\n",
    "s\n\nKey: v\n\n\n\n# trailing\n\n",
    "s\n\nKey: v\nCo-authored-by: X <x@example.com>\n\tmore\n",
    "Release 2.0\n\nShips the pricing page.\n\n"
    "Release-Type: customer-facing\n"
    "Authorized-By: Dana Cruz <dana@example.com>\n"
    "Confirmed-By: Mia Lopez <mia@example.com>\n"
    "Confirmed-By: Carl Eng <carl@example.com>\n"
    "QA-Signoff: QA-12 PASS\n"
    "Rollback-Plan: git revert HEAD; eta 10m; executor code.platform\n"
    "Monitoring-Window: 24h; owner code.platform\n"
    "\n# Please enter the commit message for your changes.\n",
};

const std::string kScissors = "# ------------------------ >8 ------------------------";

// A random message built from the pieces git's trailer rules care about: a title, body text,
// trailer lines (git-generated ones too), continuation lines, comments, blank and white-space
// lines, `---` lines, scissors lines ending in "\n", "\r\n" or nothing, any line in CRLF, and
// sometimes no final newline.
std::string random_message(std::mt19937& rng) {
  auto pick = [&](size_t n) { return size_t(rng() % n); };
  static const std::vector<std::string> lines = {
      "Key: value", "Release-Type: routine", "Authorized-By: Dana Cruz <dana@example.com>",
      "Signed-off-by: A U Thor <a@example.com>", "(cherry picked from commit 0123abcd)",
      "QA-Signoff: QA-7 PASS", "Key :spaced", "Key  Name: no", "k: v", "Key:", ": colon first",
      " continued", "\tcontinued tab", "  ", "", "", "body text", "more body: with colon later",
      "# comment", "# comment: looks like a trailer", "---", "--- a/file.c", "---x", "----",
      "Conflicts:", "\tfile.c", "https://example.com/x", "See-Also: https://example.com/y",
  };
  std::string m = pick(6) == 0 ? "" : "subject line";
  const size_t n = pick(12);
  bool crlf_all = pick(8) == 0;
  for (size_t i = 0; i < n; ++i) {
    const bool crlf = crlf_all || pick(10) == 0;
    m += crlf ? "\r\n" : "\n";
    const size_t k = pick(lines.size() + 3);
    m += k < lines.size() ? lines[k] : kScissors;
  }
  switch (pick(4)) {
    case 0: break;  // no final newline
    case 1: m += crlf_all ? "\r\n" : "\n"; break;
    default: m += "\n"; break;
  }
  return m;
}

// git 2.39's ignore_non_trailer loops forever when a scissors line (ending in '\n') follows a
// `---` divider (a size_t underflow), so such messages cannot be compared.
bool hangs_git(const std::string& m) {
  const std::string pattern = "\n" + kScissors + "\n";
  size_t cut = m.rfind(pattern.substr(1), 0) == 0 ? 0 : m.find(pattern);
  if (cut == std::string::npos) return false;
  for (size_t i = 0; i < m.size();) {
    if (m.compare(i, 3, "---") == 0 && i + 3 < m.size() && std::string(" \t\r\n").find(m[i + 3]) != std::string::npos)
      return i < cut;
    size_t nl = m.find('\n', i);
    if (nl == std::string::npos) break;
    i = nl + 1;
  }
  return false;
}

std::string git_parse(const std::string& message) {
  auto r = rg::test::run("git interpret-trailers --parse", {}, message);
  REQUIRE_MESSAGE(r.exit_code == 0, "git failed (" << r.exit_code << ") on " << rg::core::printable(message) << ": " << r.err);
  return r.out;
}

} // namespace

TEST_SUITE("trailers") {

TEST_CASE("parse_trailers agrees with git interpret-trailers --parse on the corpus") {
  REQUIRE(corpus.size() >= 40);
  size_t with_trailers = 0;
  for (size_t i = 0; i < corpus.size(); ++i) {
    const std::string& m = corpus[i];
    std::string expected = git_parse(m);
    std::string actual = format_trailers(parse_trailers(m));
    if (!expected.empty()) ++with_trailers;
    CHECK_MESSAGE(actual == expected, "corpus[" << i << "]: " << rg::core::printable(m));
  }
  // The corpus must exercise both outcomes.
  CHECK(with_trailers > 20);
  CHECK(with_trailers < corpus.size() - 10);
}

TEST_CASE("parse_trailers agrees with git on a generated corpus") {
  // Batches of files through one `git interpret-trailers --parse f1 f2 ...` (it prints each
  // file's trailers in turn); a batch that differs is re-run message by message to name it.
  std::mt19937 rng(20260102);
  std::vector<std::string> messages;
  while (messages.size() < 4000) {
    std::string m = random_message(rng);
    if (!hangs_git(m)) messages.push_back(std::move(m));
  }
  rg::test::TempDir dir;
  size_t differences = 0, with_trailers = 0, scissors = 0;
  constexpr size_t batch = 250;
  for (size_t b = 0; b < messages.size(); b += batch) {
    std::string args, ours;
    for (size_t i = b; i < std::min(messages.size(), b + batch); ++i) {
      const auto f = dir / fmt::format("m{}", i);
      rg::test::write_file(f, messages[i]);
      args += fmt::format(" {}", rg::test::sh_quote(f.string()));
      std::string t = format_trailers(parse_trailers(messages[i]));
      with_trailers += !t.empty();
      scissors += messages[i].find(kScissors) != std::string::npos;
      ours += t;
    }
    auto r = rg::test::run("git interpret-trailers --parse" + args);
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    if (r.out == ours) continue;
    for (size_t i = b; i < std::min(messages.size(), b + batch); ++i) {
      const std::string expected = git_parse(messages[i]);
      const std::string actual = format_trailers(parse_trailers(messages[i]));
      if (actual != expected) ++differences;
      CHECK_MESSAGE(actual == expected, "generated[" << i << "]: " << rg::core::printable(messages[i]));
    }
  }
  CHECK(differences == 0);
  CHECK(with_trailers > 500);
  CHECK(scissors > 500);
}

TEST_CASE("a scissors line cuts only when it ends in a newline, as in git") {
  const std::string cut = "s\n\nKey: v\n" + kScissors + "\nOther: w\n";
  const std::string crlf = "s\n\nKey: v\n" + kScissors + "\r\nOther: w\n";
  const std::string at_end = "s\n\nKey: v\n" + kScissors;
  CHECK(format_trailers(parse_trailers(cut)) == "Key: v\n");
  CHECK(format_trailers(parse_trailers(crlf)) == "Key: v\nOther: w\n");
  CHECK(format_trailers(parse_trailers(at_end)) == "Key: v\n");
  for (const auto& m : {cut, crlf, at_end}) CHECK(format_trailers(parse_trailers(m)) == git_parse(m));
  CHECK(cleanup_strip(crlf) == "s\n\nKey: v\nOther: w\n");
  CHECK(cleanup_strip(cut) == "s\n\nKey: v\n");
  CHECK(cleanup_strip(at_end) == "s\n\nKey: v\n");
}

TEST_CASE("exact values for the tricky cases") {
  auto t = parse_located_trailers("s\r\n\r\nKey: a\r\n b\r\n");
  REQUIRE(t.size() == 1);
  CHECK(t[0].key == "Key");
  CHECK(t[0].value == "a\r b");
  CHECK(t[0].line == 3);

  t = parse_located_trailers("s\n\nbody\n\nKey :value\nOther:\n");
  REQUIRE(t.size() == 2);
  CHECK(t[0].key == "Key");
  CHECK(t[0].value == "value");
  CHECK(t[0].line == 5);
  CHECK(t[1].value == "");
  CHECK(format_trailers(parse_trailers("s\n\nbody\n\nKey :value\nOther:\n")) == "Key: value\nOther: \n");

  CHECK(parse_trailers("s\n\nKey: v\n----\n").empty());
  CHECK(parse_trailers("s\n\nKey: v\n---\n").size() == 1);
}

TEST_CASE("find_trailer_block bounds") {
  std::string m = "s\n\nbody\n\nA: 1\nB: 2\n\n# comment\n";
  auto b = find_trailer_block(m);
  CHECK(m.substr(b.start, b.end - b.start) == "A: 1\nB: 2\n");
  auto none = find_trailer_block("s\n\nbody\n");
  CHECK(none.start == none.end);
}

TEST_CASE("looks_like_trailer and key_equals") {
  size_t len = 0;
  CHECK(looks_like_trailer("Authorized-By: x", &len));
  CHECK(len == 13);
  CHECK(looks_like_trailer("Key : x", &len));
  CHECK(len == 3);
  CHECK_FALSE(looks_like_trailer("Authorized By: x"));
  CHECK_FALSE(looks_like_trailer(" Key: x"));
  CHECK_FALSE(looks_like_trailer(": x"));
  CHECK(key_equals("authorized-by", "Authorized-By"));
  CHECK_FALSE(key_equals("Authorized-By", "Authorised-By"));
}

TEST_CASE("a 1 MB message parses quickly and the same as git") {
  std::string m = "s\n\n";
  while (m.size() < (1u << 20)) m += "Key-" + std::to_string(m.size()) + ": value\n";
  CHECK(format_trailers(parse_trailers(m)) == git_parse(m));
}

TEST_CASE("cleanup_strip agrees with git stripspace --strip-comments") {
  const std::vector<std::string> inputs = {
      "",
      "\n\n",
      "# only\n# comments\n",
      "subject  \n\n\n\nbody\t\n\n# comment\nKey: v\n\n",
      "s\r\n\r\nKey: v\r\n",
      "\n\n  s\nno newline",
      "s\n\n#not a comment? yes it is\n  # indented is kept\n",
      "s\n\nA: 1\n   \n\t\nB: 2\n",
  };
  for (const auto& in : inputs) {
    auto r = rg::test::run("git stripspace --strip-comments", {}, in);
    REQUIRE(r.exit_code == 0);
    CHECK_MESSAGE(cleanup_strip(in) == r.out, "input: " << rg::core::printable(in));
  }
  // git commit cuts at the scissors line before stripping (git stripspace does not).
  CHECK(cleanup_strip("s\n\nKey: v\n# ------------------------ >8 ------------------------\n"
                      "diff --git a/x b/x\n") == "s\n\nKey: v\n");
  CHECK(cleanup_strip("# ------------------------ >8 ------------------------\nx\n") == "");
  CHECK(subject("Release 1\r\n\r\nbody") == "Release 1");
}
}
