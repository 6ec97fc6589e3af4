// Holes an insider who has read the scanner would use to get a secret past it, one class per
// test case: de-duplication and allowlists hiding a secret at another path, renames out of
// skipped paths, "binary" text, oversized blobs read in full, inline markers on the server, and
// names that forge output lines or break JSON.
#include "lib/core/content.hpp"
#include "lib/core/quote.hpp"
#include "lib/git/check.hpp"
#include "lib/git/diff.hpp"
#include "lib/git/repo.hpp"
#include "lib/policy/policy.hpp"
#include "lib/report/report.hpp"
#include "lib/rules/secrets/scanner.hpp"
#include "lib/scan/scan.hpp"
#include "tests/support/testutil.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>

using namespace rg;
using rules::secrets::Scanner;
using rg::test::TempRepo;

namespace {

const std::string kToken = "dmo_Q7xK2mZp9LwR4tYv8NbC";

// The shipped pack (its allowlists are what is being tested) plus a demo rule and a path-scoped
// demo rule, as a server's policy would add them.
policy::Policy hardening_policy() {
  policy::Policy p = policy::default_policy();
  policy::apply_text(p, R"(secrets:
  rules:
    - id: demo-token
      description: Demo token
      regex: '\b(dmo_[A-Za-z0-9]{20})\b'
      keywords: [dmo_]
    - id: demo-conf-pass
      description: Demo conf password
      regex: 'DEMOPASS=([A-Za-z0-9]{12,})'
      keywords: [demopass=]
      path: '\.democonf$'
      placeholders: false
)",
                     "server.yml");
  return p;
}

const Scanner& scanner() {
  static const Scanner s = Scanner::compile(hardening_policy().secrets);
  return s;
}

std::string utf16le(std::string_view ascii, bool bom = true) {
  std::string out = bom ? std::string("\xff\xfe", 2) : std::string();
  for (char c : ascii) {
    out += c;
    out += '\0';
  }
  return out;
}

std::string utf16be(std::string_view ascii) {
  std::string out("\xfe\xff", 2);
  for (char c : ascii) {
    out += '\0';
    out += c;
  }
  return out;
}

scan::Result scan_history(const TempRepo& r, const scan::ScanOptions& opts = {}) {
  git::Repository repo = git::open_at(r.str());
  std::vector<git_oid> ids;
  std::istringstream in(r.git("rev-list --reverse HEAD").out);
  for (std::string hex; in >> hex;) {
    git_oid id;
    REQUIRE(git_oid_fromstr(&id, hex.c_str()) == 0);
    ids.push_back(id);
  }
  return scan::scan_commits(scanner(), repo.get(), ids, {}, opts);
}

std::vector<std::string> paths_of(const scan::Result& r) {
  std::vector<std::string> out;
  for (const auto& f : r.findings) out.push_back(f.where.path + ":" + std::to_string(f.where.line));
  std::sort(out.begin(), out.end());
  return out;
}

// A loose object whose header claims `size` bytes but holds only a few: reading it in full
// fails, reading its header does not. (zlib stream of one stored deflate block.)
std::string write_lying_loose_blob(const TempRepo& r, uint64_t size) {
  const std::string body = "blob " + std::to_string(size) + std::string(1, '\0') + "short";
  uint32_t a = 1, b = 0;
  for (unsigned char c : body) {
    a = (a + c) % 65521;
    b = (b + a) % 65521;
  }
  const uint32_t adler = b << 16 | a;
  std::string z("\x78\x01\x01", 3);
  const uint16_t len = uint16_t(body.size()), nlen = uint16_t(~len);
  z += char(len & 0xff);
  z += char(len >> 8);
  z += char(nlen & 0xff);
  z += char(nlen >> 8);
  z += body;
  for (int s = 24; s >= 0; s -= 8) z += char((adler >> s) & 0xff);
  const std::string oid = "0123456789abcdef0123456789abcdef01234567";
  rg::test::write_file(r.path() / ".git/objects" / oid.substr(0, 2) / oid.substr(2), z);
  return oid;
}

} // namespace

TEST_SUITE("scan-hardening") {

TEST_CASE("text is text: git's NUL test after byte-order marks") {
  SUBCASE("control bytes do not make a file binary") {
    auto t = core::TextContent::from("# \x01\x1b[2K comment\nkey\n");
    CHECK_FALSE(t.binary());
    CHECK(t.text() == "# \x01\x1b[2K comment\nkey\n");
  }
  SUBCASE("a NUL in the first 8,000 bytes is binary, after them it is not") {
    CHECK(core::TextContent::from(std::string("ab\0cd", 5)).binary());
    CHECK_FALSE(core::TextContent::from(std::string(8000, 'a') + std::string(1, '\0')).binary());
    CHECK(core::TextContent::from(std::string(7999, 'a') + std::string(1, '\0')).binary());
  }
  SUBCASE("UTF-16 and UTF-32 with a BOM are decoded, UTF-8's BOM dropped") {
    auto le = core::TextContent::from(utf16le("a\nk=" + kToken + "\n"));
    CHECK_FALSE(le.binary());
    CHECK(le.text() == "a\nk=" + kToken + "\n");
    CHECK(le.encoding() == "UTF-16LE");
    auto be = core::TextContent::from(utf16be("x\xc3"));  // U+00C3 -> UTF-8 C3 83
    CHECK(be.text() == "x\xc3\x83");
    auto u8 = core::TextContent::from("\xef\xbb\xbfkey");
    CHECK(u8.text() == "key");
    std::string u32("\xff\xfe\0\0", 4);
    for (char c : std::string("hi")) u32 += std::string{c, '\0', '\0', '\0'};
    CHECK(core::TextContent::from(u32).text() == "hi");
    // A lone surrogate and an odd trailing byte become U+FFFD.
    CHECK(core::TextContent::from(std::string("\xff\xfe\x00\xd8\x41\x00\x42", 7)).text() ==
          "\xef\xbf\xbd" "A\xef\xbf\xbd");
  }
  SUBCASE("the head decides: the first decision_bytes give the same answer as the whole") {
    const std::string tail = std::string(9000, 'x') + std::string(1, '\0');
    for (const std::string& c : {"\xef\xbb\xbf" + std::string(7999, 'a') + std::string(1, '\0') + tail,
                                 "\xef\xbb\xbf" + std::string(8000, 'a') + std::string(1, '\0') + tail,
                                 utf16le(std::string(5000, 'k'), false) + tail, std::string(8000, 'a') + tail}) {
      CHECK(core::TextContent::from(c).binary() ==
            core::TextContent::from(std::string_view(c).substr(0, core::TextContent::decision_bytes)).binary());
    }
  }
  SUBCASE("BOM-less UTF-16 of ASCII is decoded, other NUL-bearing content stays binary") {
    CHECK(core::TextContent::from(utf16le("key=" + kToken, false)).text() == "key=" + kToken);
    CHECK(core::TextContent::from(std::string("\x89PNG\0\0\0\0", 8)).binary());
  }
}

TEST_CASE("names are quoted like git's quotePath, valid UTF-8 kept") {
  CHECK(core::quote_name("src/app.env") == "src/app.env");
  CHECK(core::quote_name("caf\xc3\xa9.txt") == "caf\xc3\xa9.txt");
  CHECK(core::quote_name("a\nrelease-gate: ok") == "\"a\\nrelease-gate: ok\"");
  CHECK(core::quote_name("bad\xff\xc3(") == "\"bad\\377\\303(\"");
  CHECK(core::quote_name("esc\x1b[31m\t\"q\"\\") == "\"esc\\033[31m\\t\\\"q\\\"\\\\\"");
  CHECK(core::quote_name("rlo\xe2\x80\xaegnp.exe") == "\"rlo\\342\\200\\256gnp.exe\"");
  CHECK(core::quote_name(" lead") == "\" lead\"");
  CHECK(core::quote_name("overlong\xc0\xaf") == "\"overlong\\300\\257\"");
}

TEST_CASE("path allowlists of the pack anchor where they mean to") {
  const Scanner& s = scanner();
  CHECK(s.path_allowed("vendor/lib/x.js"));
  CHECK(s.path_allowed("node_modules/pkg/index.js"));
  CHECK_FALSE(s.path_allowed("src/vendor/secret.env"));
  CHECK_FALSE(s.path_allowed("app/third_party/creds.txt"));
  CHECK_FALSE(s.path_allowed("myvendor/x"));
  CHECK(s.path_allowed("web/package-lock.json"));     // lock files: by name, at any depth
  CHECK_FALSE(s.path_allowed("keys.png"));            // binary is decided by content
  CHECK(s.path_allowed(".release-gate-ignore"));
  CHECK_FALSE(s.path_allowed("src/.release-gate-ignore"));
}

TEST_CASE("de-duplication never hides a secret at another path") {
  TempRepo r;
  r.commit_file("README.md", "hi\n", "root");
  SUBCASE("the same blob at an allowlisted path and a real one, in one commit") {
    r.write("vendor/keys.txt", "k=" + kToken + "\n");  // first in tree order
    r.write("web/keys.txt", "k=" + kToken + "\n");
    r.git("add -A");
    r.git("commit -q -m both");
    CHECK(paths_of(scan_history(r)) == std::vector<std::string>{"web/keys.txt:1"});
  }
  SUBCASE("the same blob pair again later, at a new path") {
    r.commit_file("third_party/keys.txt", "k=" + kToken + "\n", "vendored");
    r.commit_file("src/keys.txt", "k=" + kToken + "\n", "copied out");
    CHECK(paths_of(scan_history(r)) == std::vector<std::string>{"src/keys.txt:1"});
  }
  SUBCASE("the same blob at two real paths: a finding (and fingerprint) for each") {
    r.write("a/k.txt", "k=" + kToken + "\n");
    r.write("b/k.txt", "k=" + kToken + "\n");
    r.git("add -A");
    r.git("commit -q -m two");
    auto res = scan_history(r);
    CHECK(paths_of(res) == std::vector<std::string>{"a/k.txt:1", "b/k.txt:1"});
    REQUIRE(res.findings.size() == 2);
    CHECK(res.findings[0].fingerprint != res.findings[1].fingerprint);
  }
  SUBCASE("a path-scoped rule runs at every path a blob appears at") {
    r.write("notes.txt", "DEMOPASS=Zq8Lw3Rt6Yp1Mx\n");
    r.write("app.democonf", "DEMOPASS=Zq8Lw3Rt6Yp1Mx\n");
    r.git("add -A");
    r.git("commit -q -m conf");
    CHECK(paths_of(scan_history(r)) == std::vector<std::string>{"app.democonf:1"});
  }
}

TEST_CASE("a rename out of a path that was not scanned the same way is scanned whole") {
  TempRepo r;
  SUBCASE("out of an allowlisted path") {
    r.commit_file("vendor/keys.txt", "one\nk=" + kToken + "\n", "vendored");
    r.git("mv vendor/keys.txt keys.txt");
    r.git("commit -q -m move");
    CHECK(paths_of(scan_history(r)) == std::vector<std::string>{"keys.txt:2"});
  }
  SUBCASE("into a path where a path-scoped rule applies") {
    r.commit_file("notes.txt", "DEMOPASS=Zq8Lw3Rt6Yp1Mx\n", "notes");
    CHECK(scan_history(r).findings.empty());
    r.git("mv notes.txt app.democonf");
    r.git("commit -q -m move");
    CHECK(paths_of(scan_history(r)) == std::vector<std::string>{"app.democonf:1"});
  }
  SUBCASE("between two ordinary paths it still adds no lines") {
    r.commit_file("a.txt", "k=" + kToken + "  # release-gate:allow\n", "a");
    r.git("mv a.txt b.txt");
    r.git("commit -q -m move");
    CHECK(scan_history(r).findings.empty());
    // ...and, with inline markers off, the one finding is at the first path only.
    CHECK(paths_of(scan_history(r, {.honour_inline_markers = false})) == std::vector<std::string>{"a.txt:1"});
  }
  SUBCASE("out of a binary old side") {
    r.commit_file("k.txt", std::string("\0bin\n", 5) + "k=" + kToken + "\n", "binary");
    CHECK(scan_history(r).findings.empty());
    r.commit_file("k.txt", "bin\nk=" + kToken + "\n", "now text");
    CHECK(paths_of(scan_history(r)) == std::vector<std::string>{"k.txt:2"});
  }
  SUBCASE("out of an old side over the size limit") {
    policy::Policy p = hardening_policy();
    p.secrets.limits.max_file_bytes = 64;
    const Scanner small = Scanner::compile(p.secrets);
    r.commit_file("k.txt", "k=" + kToken + "\n" + std::string(80, '#') + "\n", "big");
    r.commit_file("k.txt", "k=" + kToken + "\n", "small again");
    git::Repository repo = git::open_at(r.str());
    auto res = scan::scan_range(small, repo.get(), "HEAD");
    CHECK(paths_of(res) == std::vector<std::string>{"k.txt:1"});
  }
}

TEST_CASE("text with control bytes, UTF-16 and UTF-8 BOMs is scanned, line numbers right") {
  TempRepo r;
  r.write("esc.txt", "# \x1b[1m bold \x01\nk=" + kToken + "\n");
  r.write("wide.txt", utf16le("line one\r\nline two\r\nk=" + kToken + "\r\n"));
  r.write("wide-be.txt", utf16be("k=" + kToken + "\n"));
  r.write("bom.txt", "\xef\xbb\xbf" "k=" + kToken + "\n");
  r.git("add -A");
  SUBCASE("staged (pre-commit)") {
    git::Repository repo = git::open_at(r.str());
    auto res = scan::scan_staged(scanner(), repo.get());
    CHECK(paths_of(res) == std::vector<std::string>{"bom.txt:1", "esc.txt:2", "wide-be.txt:1", "wide.txt:3"});
    CHECK(res.notices.empty());
  }
  SUBCASE("history") {
    r.git("commit -q -m text");
    CHECK(paths_of(scan_history(r)) == std::vector<std::string>{"bom.txt:1", "esc.txt:2", "wide-be.txt:1", "wide.txt:3"});
  }
  SUBCASE("an edit to a UTF-16 file: only its new lines") {
    r.git("commit -q -m text");
    r.commit_file("wide.txt", utf16le("line one\r\nk=" + kToken + "\r\nline two\r\nk=" + kToken + "\r\n"), "edit");
    git::Repository repo = git::open_at(r.str());
    auto res = scan::scan_range(scanner(), repo.get(), "HEAD~1..HEAD");
    CHECK(paths_of(res) == std::vector<std::string>{"wide.txt:2"});
  }
}

TEST_CASE("directory scans decide text the same way") {
  rg::test::TempDir dir;
  rg::test::write_file(dir / "esc.txt", "# \x1b[1m\x01\nk=" + kToken + "\n");
  rg::test::write_file(dir / "wide.txt", utf16le("one\nk=" + kToken + "\n"));
  rg::test::write_file(dir / "src/vendor/k.txt", "k=" + kToken + "\n");
  rg::test::write_file(dir / "vendor/k.txt", "k=" + kToken + "\n");
  rg::test::write_file(dir / "bin.dat", std::string("\0\1", 2) + "k=" + kToken + "\n");
  auto res = scan::scan_directory(scanner(), dir.path(), 1);
  CHECK(paths_of(res) == std::vector<std::string>{"esc.txt:2", "src/vendor/k.txt:1", "wide.txt:2"});
  CHECK(res.notices == std::vector<std::string>{"bin.dat: skipped: binary file"});
}

TEST_CASE("a blob over the size limit is judged by its object header, never read") {
  TempRepo r;
  r.commit_file("README.md", "hi\n", "root");
  const std::string oid = write_lying_loose_blob(r, 300000000);
  r.git("update-index --add --cacheinfo 100644," + oid + ",huge.bin");
  git::Repository repo = git::open_at(r.str());
  auto staged = scan::scan_staged(scanner(), repo.get());
  REQUIRE(staged.notices.size() == 1);
  CHECK(staged.notices[0] == "huge.bin: skipped: 300000000 bytes is over the 8388608-byte limit (limits.max_file_bytes)");
  r.git("commit -q -m huge");
  auto res = scan_history(r);
  REQUIRE(res.notices.size() == 1);
  CHECK(res.notices[0].starts_with("huge.bin: skipped: 300000000 bytes"));
}

TEST_CASE("inline markers: honoured locally by default, off when the server says so") {
  TempRepo r;
  r.commit_file("k.txt", "k=" + kToken + " # release-gate:allow\n", "marked");
  CHECK(scan_history(r).findings.empty());
  CHECK(paths_of(scan_history(r, {.honour_inline_markers = false})) == std::vector<std::string>{"k.txt:1"});
  std::vector<core::Finding> out;
  scanner().scan("k.txt", "k=" + kToken + " # release-gate:allow", 1, {}, out, {.honour_inline_markers = false});
  CHECK(out.size() == 1);

  policy::Policy p = policy::default_policy();
  CHECK_FALSE(p.server.honour_inline_allow);
  policy::apply_text(p, "server:\n  honour_inline_allow: true\n", "srv.yml");
  CHECK(p.server.honour_inline_allow);
}

TEST_CASE("names are escaped in every output; fingerprints use the escaped path") {
  std::vector<core::Finding> found;
  const std::string evil = "a\nrelease-gate: ok\xff.txt";
  scanner().scan(evil, "k=" + kToken, 1, "0123456789abcdef", found);
  REQUIRE(found.size() == 1);
  const std::string quoted = "\"a\\nrelease-gate: ok\\377.txt\"";
  CHECK(found[0].fingerprint.starts_with(quoted + ":secrets/demo-token:"));

  std::ostringstream text;
  report::write_text(text, found);
  CHECK(text.str().starts_with(quoted + ":1: error: Demo token [secrets/demo-token]\n"));
  CHECK(text.str().find("\nrelease-gate: ok") == std::string::npos);
  CHECK(text.str().find('\xff') == std::string::npos);

  auto j = nlohmann::json::parse(report::to_json(found));
  CHECK(j[0]["path"] == quoted);
  CHECK(j[0]["fingerprint"] == found[0].fingerprint);
  auto sarif = nlohmann::json::parse(report::to_sarif(found, {}));
  CHECK(sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] ==
        "a%0Arelease-gate%3A%20ok%FF.txt");

  // The printed fingerprint, pasted into the ignore file, accepts the finding.
  scan::Result res;
  res.findings = found;
  scan::apply_ignore(res, scan::IgnoreList::parse("# accepted\n" + found[0].fingerprint + "\n"));
  CHECK(res.findings.empty());

  // Notices quote names too.
  scan::Result skipped;
  change::FileChange fc;
  fc.path = evil;
  fc.binary = true;
  scan::scan_changes(scanner(), {fc}, {}, skipped);
  REQUIRE(skipped.notices.size() == 1);
  CHECK(skipped.notices[0] == quoted + ": skipped: binary file");
}

TEST_CASE("a name with a newline from a real repository is quoted in findings") {
  TempRepo r;
  r.commit_file("x\nrelease-gate: ok", "k=" + kToken + "\n", "evil name");
  auto res = scan_history(r);
  REQUIRE(res.findings.size() == 1);
  std::ostringstream text;
  report::write_text(text, res.findings);
  CHECK(text.str().starts_with("\"x\\nrelease-gate: ok\":1: error: "));
}

} // TEST_SUITE

TEST_CASE("a history scan on two threads stops at the first exception of its progress callback") {
  TempRepo r;
  for (int i = 0; i < 80; ++i) r.commit_file(fmt::format("f{}.txt", i % 9), fmt::format("line {}\n", i));
  git::Repository repo = git::open_at(r.str());
  std::vector<git_oid> ids;
  std::istringstream in(r.git("rev-list HEAD").out);
  for (std::string hex; in >> hex;) ids.push_back(*git::parse_oid(hex));
  scan::HistoryOptions two;
  two.threads = 2;
  two.open = [&r] { return git::open_at(r.str()); };
  size_t calls = 0;
  const auto budget = [&calls](const scan::ProgressInfo& p) {
    ++calls;
    if (p.done >= 20) throw std::runtime_error("over budget");
  };
  CHECK_THROWS_WITH_AS(scan::scan_commits(scanner(), repo.get(), ids, budget, {}, two), "over budget",
                       std::runtime_error);
  CHECK(calls < 40);  // the workers stopped: not every commit was visited
  // Without the exception both threads get through, and the count is whole.
  auto all = scan::scan_commits(scanner(), repo.get(), ids, {}, {}, two);
  CHECK(all.commits == 80);
}

TEST_CASE("the server's history scan reads a merge's whole change; a range scan skips what scanned parents brought") {
  TempRepo r;
  r.commit_file("a.txt", "base\n", "base");
  r.git("checkout -q -b side");
  r.commit_file("s.democonf", "DEMOPASS=abcdefghijklmnop\n", "side");
  r.git("checkout -q main");
  r.commit_file("m.txt", "m\n", "main");
  r.git("merge -q --no-ff -m merge side");
  git::Repository repo = git::open_at(r.str());
  const git_oid merge = *git::resolve_commit(repo.get(), "HEAD");
  // The merge alone: its change brings s.democonf in, and it is read (the server's default).
  auto server = scan::scan_commits(scanner(), repo.get(), {merge});
  CHECK(paths_of(server) == std::vector<std::string>{"s.democonf:1"});
  // With the side commit in the scan, it is that commit's finding either way, reported once.
  const git_oid side = *git::resolve_commit(repo.get(), "side");
  for (bool skip : {false, true}) {
    scan::HistoryOptions h;
    h.skip_merged_from_scanned = skip;
    auto both = scan::scan_commits(scanner(), repo.get(), {merge, side}, {}, {}, h);
    REQUIRE(both.findings.size() == 1);
    CHECK(both.findings[0].where.commit == git::to_hex(side));
  }
}
