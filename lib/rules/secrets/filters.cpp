#include "lib/rules/secrets/filters.hpp"

#include "lib/core/text.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <vector>

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

namespace {

bool is_lower_word_char(char c) { return c >= 'a' && c <= 'z'; }

// Splits `v` at single `_`/`-` separators into lower-case letter words; false when anything else
// (digits, capitals, symbols, doubled or edge separators) is in it.
bool lower_words(std::string_view v, std::vector<std::string_view>& words) {
  size_t start = 0;
  for (size_t i = 0; i <= v.size(); ++i) {
    if (i == v.size() || v[i] == '_' || v[i] == '-') {
      if (i == start) return false;
      words.push_back(v.substr(start, i - start));
      start = i + 1;
    } else if (!is_lower_word_char(v[i])) {
      return false;
    }
  }
  return !words.empty();
}

bool is_identifier(std::string_view s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s.front()))) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

} // namespace

bool looks_like_stand_in(std::string_view v) {
  if (v.size() < 3 || v.size() > 40) return false;
  std::vector<std::string_view> words;
  if (!lower_words(v, words)) return false;
  for (std::string_view w : {"password", "passwd", "pass", "pwd", "psw", "secret", "token"})
    if (ends_with(words.back(), w)) return true;
  return false;
}

bool looks_like_code_reference(std::string_view v) {
  if (v.size() < 3) return false;
  // A command-line option: --password, -p is too short to matter.
  if (starts_with(v, "--") && v.size() > 3 &&
      std::all_of(v.begin() + 2, v.end(), [](char c) { return is_lower_word_char(c) || c == '-' || c == '_'; }))
    return true;
  // module.path:Object (a Python entry point; `v2` modules allowed) or Owner.NAME / config.apiKey
  // (a reference: digit-free, which keeps dotted random strings out).
  std::string_view dotted = v;
  const size_t colon = v.find(':');
  if (colon != std::string_view::npos) {
    if (!is_identifier(v.substr(colon + 1))) return false;
    dotted = v.substr(0, colon);
  } else if (std::any_of(v.begin(), v.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    return false;
  }
  size_t parts = 0;
  size_t start = 0;
  bool code_shaped = colon != std::string_view::npos;
  for (size_t i = 0; i <= dotted.size(); ++i) {
    if (i == dotted.size() || dotted[i] == '.') {
      const std::string_view part = dotted.substr(start, i - start);
      if (!is_identifier(part)) return false;
      // snake_case, CONSTANT_CASE or camelCase: names in code. `Correct.Horse.Battery` is not.
      code_shaped = code_shaped || contains(part, "_") ||
                    std::any_of(part.begin() + 1, part.end(), [](char c) { return std::isupper(static_cast<unsigned char>(c)); });
      ++parts;
      start = i + 1;
    }
  }
  return parts >= 2 && code_shaped;
}

bool looks_like_header_name(std::string_view v) {
  // Capitalised words joined by hyphens only: X-Api-Key, X-Amz-Security-Token; a full stop
  // after it ends a sentence that names headers.
  if (!v.empty() && v.back() == '.') v.remove_suffix(1);
  size_t words = 0;
  size_t start = 0;
  for (size_t i = 0; i <= v.size(); ++i) {
    if (i == v.size() || v[i] == '-') {
      const std::string_view w = v.substr(start, i - start);
      if (w.empty() || !std::isupper(static_cast<unsigned char>(w.front())) ||
          !std::all_of(w.begin() + 1, w.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); }))
        return false;
      ++words;
      start = i + 1;
    }
  }
  return words >= 2;
}

bool looks_like_identifier(std::string_view v) {
  if (v.size() < 7 || v.size() > 64) return false;
  // A trailing number of up to 6 digits, after a separator or a `v`: `-4521`, `_v2`.
  size_t end = v.size();
  while (end > 0 && std::isdigit(static_cast<unsigned char>(v[end - 1]))) --end;
  if (v.size() - end > 6) return false;
  std::string_view head = v.substr(0, end);
  if (end < v.size()) {
    if (head.empty()) return false;
    if (head.back() == '_' || head.back() == '-') head.remove_suffix(1);
    else if (head.back() == 'v' && head.size() > 1 && (head[head.size() - 2] == '_' || head[head.size() - 2] == '-'))
      head.remove_suffix(2);
    else return false;
  }
  std::vector<std::string_view> words;
  if (!lower_words(head, words) || words.size() < 2) return false;
  // Real words, not random lower-case runs: each has a vowel and none is long.
  return std::all_of(words.begin(), words.end(), [](std::string_view w) {
    return w.size() <= 12 && w.find_first_of("aeiouy") != std::string_view::npos;
  });
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

bool key_names_a_password(std::string_view key_text) {
  const std::string k = core::to_lower(key_text);
  return contains(k, "pass") || contains(k, "pwd") || contains(k, "psw");
}

bool inside_base64_data(std::string_view line, size_t pos) {
  const size_t marker = line.rfind(";base64,", pos);
  if (marker == std::string_view::npos) return false;
  for (size_t i = marker + 8; i < pos; ++i)
    if (!is_b64(line[i]) && line[i] != '=') return false;
  return true;
}

namespace {

// The first `bytes` bytes that base64 text `b64` decodes to (fewer if it is shorter).
std::string decode_base64_prefix(std::string_view b64, size_t bytes) {
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : b64) {
    int x = -1;
    if (c >= 'A' && c <= 'Z') x = c - 'A';
    else if (c >= 'a' && c <= 'z') x = c - 'a' + 26;
    else if (c >= '0' && c <= '9') x = c - '0' + 52;
    else if (c == '+') x = 62;
    else if (c == '/') x = 63;
    if (x < 0) break;
    acc = (acc << 6) | uint32_t(x);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += char((acc >> bits) & 0xff);
      if (out.size() == bytes) break;
    }
  }
  return out;
}

// Appends the base64 run a body segment starts with (after indent and quotes) to `body`.
void append_body_run(std::string_view seg, std::string& body) {
  while (!seg.empty() && std::strchr(" \t\r\"'`,;+#/*\\", seg.front())) seg.remove_prefix(1);
  size_t n = 0;
  while (n < seg.size() && is_b64(seg[n])) ++n;
  body.append(seg.substr(0, n));
}

// True when the END line follows a body run on the same segment (`…iieR. -----END RSA…`).
bool body_ends_in_end_line(std::string_view seg) { return contains(seg, "-----END"); }

} // namespace

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
  // Once a body line is seen, the body so far and whether its END line is within reach: a DER
  // structure declares its length in its first bytes, so a one-line body that ends much shorter
  // (a documentation snippet `MIIEpQ…iieR. -----END…`) is not a key.
  std::string body;
  auto truncated = [&body] {
    const std::string der_head = decode_base64_prefix(body, 4);
    if (der_head.size() < 2 || static_cast<unsigned char>(der_head[0]) != 0x30) return false;
    const unsigned char l0 = static_cast<unsigned char>(der_head[1]);
    size_t declared = 0;
    if (l0 < 0x80) declared = 2 + l0;
    else if (l0 == 0x81 && der_head.size() >= 3) declared = 3 + static_cast<unsigned char>(der_head[2]);
    else if (l0 == 0x82 && der_head.size() >= 4)
      declared = 4 + (size_t(static_cast<unsigned char>(der_head[2])) << 8) + static_cast<unsigned char>(der_head[3]);
    else return false;
    // Only a single body line (64 characters in OpenSSL's PEM, 76 in MIME's) counts as a
    // snippet: a shortened key of several lines in a fixture still stands for a key.
    const size_t expected_chars = (declared + 2) / 3 * 4;
    return body.size() <= 76 && body.size() * 4 < expected_chars * 3;
  };
  while (budget-- > 0) {
    std::string_view seg;
    bool from_line = !rest.empty();
    if (from_line) {
      size_t esc = rest.find("\\n");
      seg = rest.substr(0, esc);
      rest = esc == std::string_view::npos ? std::string_view{} : rest.substr(esc + 2);
      if (!rest.empty() && rest.front() == 'n' && !seg.empty() && seg.back() == '\\') seg.remove_suffix(1);
    } else {
      if (following.empty()) return !body.empty();
      size_t nl = following.find('\n');
      seg = following.substr(0, nl);
      following = nl == std::string_view::npos ? std::string_view{} : following.substr(nl + 1);
    }
    if (!body.empty()) {
      // After the first body line: more body, the END line, or anything else (undecided: a key).
      std::string_view t = seg;
      while (!t.empty() && std::strchr(" \t\r\"'`,;+#/*\\.", t.front())) t.remove_prefix(1);
      if (starts_with(t, "-----END")) return !truncated();
      if (body_ok(seg) != 1) return true;
      append_body_run(seg, body);
      if (body_ends_in_end_line(seg)) return !truncated();
      continue;
    }
    const int r = body_ok(seg);
    if (r < 0) return false;
    if (r > 0) {
      append_body_run(seg, body);
      if (body_ends_in_end_line(seg)) return !truncated();
    }
  }
  return !body.empty();
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
