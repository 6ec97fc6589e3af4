#include "lib/rules/secrets/filters.hpp"

#include "lib/core/text.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

namespace rg::rules::secrets {

namespace {

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}
bool contains(std::string_view s, std::string_view p) { return s.find(p) != std::string_view::npos; }

bool is_b64(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}
bool is_hash_char(char c) {
  return is_b64(c) || c == '.' || c == '$' || c == '=' || c == ',' || c == '-' || c == '_' || c == ':';
}

} // namespace

bool looks_like_password_hash(std::string_view v) {
  // Modular crypt format: $id$[params$]salt$hash, long and of the crypt alphabet throughout.
  static constexpr std::array<std::string_view, 14> mcf = {
      "$2a$", "$2b$", "$2x$", "$2y$", "$argon2i$", "$argon2d$", "$argon2id$", "$scrypt$",
      "$y$",  "$gy$", "$5$",  "$6$",  "$1$",       "$apr1$"};
  const bool hash_alphabet = std::all_of(v.begin(), v.end(), is_hash_char);
  for (auto p : mcf)
    if (starts_with(v, p) && v.size() >= p.size() + 20 && hash_alphabet) return true;
  // Django: <algorithm>$<iterations>$<salt>$<hash>; legacy sha1$salt$hash / md5$salt$hash.
  for (std::string_view p : {"pbkdf2_sha256$", "pbkdf2_sha1$", "bcrypt_sha256$", "argon2$", "scrypt$",
                             "sha1$", "md5$", "pbkdf2:sha256:", "pbkdf2:sha1:", "scrypt:"})
    if (starts_with(v, p) && v.size() >= p.size() + 20 && hash_alphabet) return true;
  // LDAP / htpasswd schemes.
  for (std::string_view p : {"{SSHA}", "{SHA}", "{SSHA256}", "{SSHA512}", "{CRYPT}", "{MD5}", "{SMD5}", "{PBKDF2}"})
    if (starts_with(v, p) && v.size() >= p.size() + 20) return true;
  return false;
}

bool looks_like_secret_name(std::string_view v) {
  if (v.size() < 6 || v.size() > 80) return false;
  size_t parts = 1;
  for (char c : v) {
    if (c == '-' || c == '_' || c == '.') ++parts;
    else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  }
  if (parts < 2 || v.front() == '-' || v.back() == '-') return false;
  for (std::string_view w : {"password", "passwd", "secret", "token", "credential", "creds", "apikey",
                             "api-key", "api_key", "auth", "key"})
    if (contains(v, w)) return true;
  return false;
}

bool looks_like_validation_or_template(std::string_view v) {
  // Laravel / Joi-like rule strings.
  for (std::string_view r : {"required|", "|required", "min:", "max:", "|confirmed", "confirmed|",
                             "nullable|", "|string", "string|", "regex:", "between:", "sometimes|"})
    if (contains(v, r)) return true;
  // A regular expression for the password's shape.
  if (v.size() >= 4 && v.front() == '^' && (v.back() == '$' || contains(v, "(?="))) return true;
  if (contains(v, "(?=") || contains(v, "{8,}") || contains(v, "{6,}") || contains(v, "\\d")) return true;
  // printf / format / shell / template holes.
  for (std::string_view h : {"%s", "%v", "%d", "%(", "$(", "${", "{0}", "{1}", "#{", "<%", "{{"})
    if (contains(v, h)) return true;
  if (v.size() >= 3 && v.front() == '{' && v.back() == '}') return true;
  if (v.size() >= 3 && v.front() == '[' && v.back() == ']') return true;
  // `yourPassword`, `YourStrongPassw0rd`, `your-secret-here`.
  const std::string lower = core::to_lower(v);
  if (starts_with(lower, "your") || (starts_with(lower, "my") && (contains(lower, "pass") || contains(lower, "secret"))))
    return true;
  return false;
}

bool looks_like_file_path(std::string_view v) {
  if (v.size() < 3) return false;
  const bool rooted = v.front() == '/' || starts_with(v, "./") || starts_with(v, "../") || starts_with(v, "~/") ||
                      (v.size() > 3 && std::isalpha(static_cast<unsigned char>(v[0])) && v[1] == ':' && v[2] == '\\');
  if (!rooted) return false;
  // A path has more than one component and reads as names, not as a token that begins with '/'.
  size_t seps = 0;
  for (char c : v) seps += (c == '/' || c == '\\');
  if (seps < 2 && !contains(v, ".")) return false;
  return std::all_of(v.begin(), v.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::strchr("/\\._-~:", c) != nullptr;
  });
}

std::string decode_printable_base64(std::string_view v) {
  if (v.size() < 4 || v.size() % 4 != 0) return {};
  auto val = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  size_t pad = 0;
  for (char c : v) {
    if (c == '=') {
      ++pad;
      continue;
    }
    if (pad) return {};  // '=' only at the end
    const int x = val(c);
    if (x < 0) return {};
    acc = (acc << 6) | uint32_t(x);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      const char ch = char((acc >> bits) & 0xff);
      if (static_cast<unsigned char>(ch) < 0x20 || static_cast<unsigned char>(ch) >= 0x7f) return {};
      out += ch;
    }
  }
  if (pad > 2) return {};
  return out;
}

bool key_names_a_reference(std::string_view key_text) {
  const std::string k = core::to_lower(key_text);
  // The identifier right before the separator: walk back over quotes, spaces and separators.
  size_t end = k.size();
  while (end > 0 && std::strchr(" \t\"':=>,", k[end - 1])) --end;
  size_t begin = end;
  while (begin > 0 && (std::isalnum(static_cast<unsigned char>(k[begin - 1])) || std::strchr("_-.", k[begin - 1])))
    --begin;
  const std::string_view id = std::string_view(k).substr(begin, end - begin);
  for (std::string_view p : {"existing", "external", "secretref", "secret_ref", "secret-ref", "secretname",
                             "secret_name", "secret-name", "vault_path", "vaultpath"})
    if (contains(id, p)) return true;
  return false;
}

bool inside_base64_data(std::string_view line, size_t pos) {
  const size_t marker = line.rfind(";base64,", pos);
  if (marker == std::string_view::npos) return false;
  for (size_t i = marker + 8; i < pos; ++i)
    if (!is_b64(line[i]) && line[i] != '=') return false;
  return true;
}

bool has_pem_body(std::string_view line, size_t header_end, std::string_view following) {
  // Segments after the header: the rest of this line split at `\n` escapes, then next lines.
  auto body_ok = [](std::string_view seg) -> int {  // 1 body, 0 skip, -1 not a body
    while (!seg.empty() && std::strchr(" \t\r\"'`,;+#/*\\", seg.front())) seg.remove_prefix(1);
    while (!seg.empty() && std::strchr(" \t\r\"'`,;+\\)", seg.back())) seg.remove_suffix(1);
    if (seg.empty()) return 0;
    if (starts_with(seg, "Proc-Type:") || starts_with(seg, "DEK-Info:") || starts_with(seg, "Comment:") ||
        starts_with(seg, "Version:") || starts_with(seg, "Hash:"))
      return 0;
    size_t n = 0;
    while (n < seg.size() && is_b64(seg[n])) ++n;
    const std::string_view run = seg.substr(0, n);
    if (run.size() < 40) return -1;
    // A real body line is random base64 (~4-5.5 bits/char; OpenSSH's starts with runs of 'A');
    // `XXXX…` and `AAAA…` stand-ins are far below.
    if (core::shannon_entropy(run) < 3.5) return -1;
    return 1;
  };
  std::string_view rest = line.substr(header_end);
  int budget = 6;
  while (budget-- > 0) {
    std::string_view seg;
    bool from_line = !rest.empty();
    if (from_line) {
      size_t esc = rest.find("\\n");
      seg = rest.substr(0, esc);
      rest = esc == std::string_view::npos ? std::string_view{} : rest.substr(esc + 2);
      if (!rest.empty() && rest.front() == 'n' && !seg.empty() && seg.back() == '\\') seg.remove_suffix(1);
    } else {
      if (following.empty()) return false;
      size_t nl = following.find('\n');
      seg = following.substr(0, nl);
      following = nl == std::string_view::npos ? std::string_view{} : following.substr(nl + 1);
    }
    const int r = body_ok(seg);
    if (r != 0) return r > 0;
  }
  return false;
}

bool is_test_path(std::string_view path) {
  // Appended, not `"/" + …`: GCC 12's -Wrestrict misfires on operator+(const char*, string&&).
  std::string p(1, '/');
  p += core::to_lower(path);
  for (std::string_view d : {"/test/", "/tests/", "/spec/", "/specs/", "/__tests__/", "/testdata/", "/test-data/",
                             "/test_data/", "/fixtures/", "/fixture/", "/__fixtures__/", "/examples/",
                             "/example/", "/samples/", "/sample/", "/docs/", "/doc/", "/mocks/", "/__mocks__/",
                             "/testing/", "/e2e/", "/cypress/"})
    if (contains(p, d)) return true;
  const size_t slash = p.rfind('/');
  const std::string_view base = std::string_view(p).substr(slash + 1);
  for (std::string_view ext : {".md", ".markdown", ".rst", ".adoc", ".asciidoc"})
    if (ends_with(base, ext)) return true;
  if ((starts_with(base, "test_") && ends_with(base, ".py")) || ends_with(base, "_test.py")) return true;
  const size_t dot = base.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return false;
  const std::string_view stem = base.substr(0, dot);
  for (std::string_view s : {"_test", ".test", "-test", "_tests", "_spec", ".spec", "-spec"})
    if (ends_with(stem, s)) return true;
  // JUnit / xUnit / ScalaTest class files: FooTest.java, FooTests.cs, FooSpec.scala.
  const std::string_view orig = path.substr(path.size() - base.size(), dot);
  for (std::string_view s : {"Test", "Tests", "Spec", "IT"})
    if (orig.size() > s.size() && ends_with(orig, s) &&
        std::islower(static_cast<unsigned char>(orig[orig.size() - s.size() - 1])))
      return true;
  return false;
}

double entropy_bar(std::string_view s, double min_entropy) {
  if (min_entropy <= 0 || s.size() < 24) return min_entropy;
  bool lower = false, upper = false, digit = false, other = false, hex = true;
  for (char c : s) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (std::islower(u)) lower = true;
    else if (std::isupper(u)) upper = true;
    else if (std::isdigit(u)) digit = true;
    else other = true;
    if (!std::isxdigit(u)) hex = false;
  }
  const double alphabet = hex ? 16 : (lower ? 26 : 0) + (upper ? 26 : 0) + (digit ? 10 : 0) + (other ? 4 : 0);
  // Random text over an alphabet of k symbols shows a little under log2(k) bits per char.
  return std::min(min_entropy, 0.85 * std::log2(alphabet));
}

} // namespace rg::rules::secrets
