#include "lib/rules/secrets/scanner.hpp"

#include "lib/core/error.hpp"
#include "lib/core/quote.hpp"
#include "lib/core/redact.hpp"
#include "lib/core/text.hpp"
#include "lib/rules/secrets/filters.hpp"
#include "lib/rules/secrets/keywords.hpp"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <map>
#include <mutex>

namespace rg::rules::secrets {

namespace {

RE2::Options quiet_options() {
  RE2::Options o;
  o.set_log_errors(false);
  o.set_max_mem(16 << 20);
  return o;
}

// A rule of the embedded pack is compiled the first time a line reaches it: the pack is proven
// valid by the test suite, and a small change touches few rules, so a hook does not pay for
// compiling ~190 regexes it never runs. Rules from a policy file are compiled eagerly so their
// errors surface at load time.
struct CompiledRule {
  const policy::SecretRule* def = nullptr;
  mutable std::once_flag once;
  mutable std::unique_ptr<RE2> re;
  mutable std::unique_ptr<RE2> path_re;  // null = every path
  mutable int group = 0;
  std::string finding_id;

  const RE2& regex() const {
    std::call_once(once, [this] { compile(); });
    return *re;
  }
  void compile() const;
};

std::unique_ptr<RE2> compile_or_throw(const std::string& pattern, const std::string& origin,
                                      const std::string& what) {
  auto re = std::make_unique<RE2>(pattern, quiet_options());
  if (!re->ok()) throw core::ConfigError(fmt::format("{}: {}: {}", origin, what, re->error()));
  return re;
}

std::unique_ptr<RE2> compile_alternation(const std::vector<std::string>& patterns,
                                         const std::string& what) {
  if (patterns.empty()) return nullptr;
  std::string alt;
  for (const auto& p : patterns) {
    if (!alt.empty()) alt += '|';
    alt += "(?:" + p + ")";
  }
  auto re = std::make_unique<RE2>(alt, quiet_options());
  if (re->ok()) return re;
  // Only when the whole fails: each pattern on its own, so the error names the one that is wrong.
  for (const auto& p : patterns) {
    RE2 single(p, quiet_options());
    if (!single.ok()) throw core::ConfigError(fmt::format("{} `{}`: {}", what, p, single.error()));
  }
  throw core::ConfigError(fmt::format("allowlist: {}: {}", what, re->error()));
}

void CompiledRule::compile() const {
  re = compile_or_throw(def->regex, def->origin, fmt::format("rule {}: invalid regex", def->id));
  if (!def->path.empty())
    path_re = compile_or_throw(def->path, def->origin, fmt::format("rule {}: invalid path regex", def->id));
  const int groups = re->NumberOfCapturingGroups();
  group = def->secret_group >= 0 ? def->secret_group : (groups > 0 ? 1 : 0);
  if (group > groups)
    throw core::ConfigError(fmt::format("{}: rule {}: secret_group {} but the regex has {} group(s)",
                                        def->origin, def->id, group, groups));
}

// INI by content (extension-less credential files, `.s3cfg`, `config` files): a `[section]`
// line followed by `key = value` lines. Only the first few KB are looked at.
bool looks_like_ini(std::string_view text) {
  text = text.substr(0, 4096);
  bool section = false;
  size_t assignments = 0;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    std::string_view l = core::trim(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    if (l.empty() || l.front() == '#' || l.front() == ';') continue;
    if (l.size() > 2 && l.front() == '[' && l.back() == ']' && l.find('=') == std::string_view::npos &&
        l.find(',') == std::string_view::npos && l.find('"') == std::string_view::npos)
      section = true;
    else if (section && l.find('=') != std::string_view::npos && l.find('(') == std::string_view::npos)
      ++assignments;
    else if (!section)
      return false;
  }
  return section && assignments > 0;
}

// Where the BEGIN line of a PEM match ends: after the dashes that close `…KEY` / `…BLOCK` (the
// match may run on into a body written with `\n` escapes).
size_t pem_header_length(std::string_view secret) {
  size_t end = secret.find("KEY");
  if (end == std::string_view::npos) end = secret.find("BLOCK");
  if (end == std::string_view::npos) return secret.size();
  while (end < secret.size() && secret[end] != '-') ++end;
  while (end < secret.size() && (secret[end] == '-' || secret[end] == ' ')) ++end;
  return end;
}

/// A match before it becomes a finding: which rule, where the secret is.
struct Hit {
  uint32_t rule;
  size_t pos, len;
};

} // namespace

struct Scanner::Impl {
  policy::SecretsPolicy policy;  // owns the rule definitions the compiled rules point into
  std::vector<std::unique_ptr<CompiledRule>> rules;
  std::vector<uint32_t> always;                   // rules without keywords
  std::vector<uint32_t> paranoid;                 // keyword-free detectors: every line, when asked
  std::vector<std::vector<uint32_t>> keyword_rules; // keyword id -> rule indexes
  std::unique_ptr<KeywordMatcher> keywords;
  std::unique_ptr<RE2> allow_paths;
  // The secret allowlist is needed only when a rule matches: the embedded pack's own (proven by
  // the tests) is compiled on the first match; a policy file's additions are compiled at load.
  mutable std::once_flag allow_secrets_once;
  mutable std::unique_ptr<RE2> allow_secrets_re;
  const RE2* allow_secrets() const {
    std::call_once(allow_secrets_once, [this] {
      allow_secrets_re = compile_alternation(policy.allow.secrets, "allowlist secret regex");
    });
    return allow_secrets_re.get();
  }

  void run_rule(uint32_t idx, std::string_view line, size_t offset, std::string_view following,
                std::vector<Hit>& hits) const;
  bool is_value(const CompiledRule& r, std::string_view key, std::string_view secret) const;
  core::Finding finding(const Hit& h, std::string_view path, std::string_view line, uint32_t line_no,
                        std::string_view commit) const;
  void scan_line(std::string_view path, std::string_view line, std::string_view following,
                 uint32_t line_no, std::string_view commit, const std::vector<uint32_t>& candidates,
                 std::vector<int8_t>& path_ok, bool ini_like, const ScanOptions& opts,
                 std::vector<core::Finding>& out) const;
};

Scanner::Scanner(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Scanner::Scanner(Scanner&&) noexcept = default;
Scanner& Scanner::operator=(Scanner&&) noexcept = default;
Scanner::~Scanner() = default;

Scanner Scanner::compile(const policy::SecretsPolicy& policy) {
  auto impl = std::make_unique<Impl>();
  impl->policy = policy;
  std::vector<std::string> keyword_list;
  std::map<std::string, uint32_t> keyword_ids;
  for (const auto& def : impl->policy.rules) {
    if (impl->policy.disabled.count(def.id)) continue;
    auto r = std::make_unique<CompiledRule>();
    r->def = &def;
    r->finding_id = "secrets/" + def.id;
    if (!def.prevalidated) std::call_once(r->once, [&] { r->compile(); });
    const uint32_t idx = uint32_t(impl->rules.size());
    // Paranoid rules stay out of the keyword automaton: their keywords (quotes) are on most
    // lines, and an ordinary scan must not pay for them.
    if (def.paranoid) {
      impl->paranoid.push_back(idx);
      impl->rules.push_back(std::move(r));
      continue;
    }
    if (def.keywords.empty()) impl->always.push_back(idx);
    for (const auto& k : def.keywords) {
      auto [it, fresh] = keyword_ids.emplace(k, uint32_t(keyword_list.size()));
      if (fresh) {
        keyword_list.push_back(k);
        impl->keyword_rules.emplace_back();
      }
      auto& list = impl->keyword_rules[it->second];
      if (list.empty() || list.back() != idx) list.push_back(idx);
    }
    impl->rules.push_back(std::move(r));
  }
  impl->keywords = std::make_unique<KeywordMatcher>(keyword_list);
  impl->allow_paths = compile_alternation(impl->policy.allow.paths, "allowlist path regex");
  if (!impl->policy.allow.secrets_prevalidated) impl->allow_secrets();
  return Scanner(std::move(impl));
}

bool Scanner::path_allowed(std::string_view path) const {
  return impl_->allow_paths && RE2::PartialMatch(path, *impl_->allow_paths);
}

bool Scanner::same_scan(std::string_view a, std::string_view b) const {
  if (path_allowed(a) || path_allowed(b)) return false;
  for (const auto& r : impl_->rules) {
    if (r->def->path.empty()) continue;
    r->regex();  // compiles path_re too
    if (RE2::PartialMatch(a, *r->path_re) != RE2::PartialMatch(b, *r->path_re)) return false;
  }
  return true;
}

const policy::SecretsLimits& Scanner::limits() const { return impl_->policy.limits; }

std::vector<core::RuleInfo> Scanner::rules() const {
  std::vector<core::RuleInfo> out;
  for (const auto& r : impl_->rules) out.push_back({r->finding_id, r->def->description});
  return out;
}

std::string fingerprint(std::string_view path, std::string_view rule, std::string_view secret) {
  return fmt::format("{}:{}:{}", core::quote_name(path), rule, core::digest_hex(secret).substr(0, 16));
}

bool looks_like_placeholder(std::string_view s) {
  s = core::trim(s);
  if (s.empty()) return true;
  if (std::all_of(s.begin(), s.end(), [&](char c) { return c == s.front(); })) return true;
  // Variable references and template holes: ${X}, $X, {{x}}, <x>, %(x)s, %X%.
  if (s.size() >= 3 && s.substr(0, 2) == "${" ) return true;
  if (s.front() == '$' && s.size() > 1 &&
      std::all_of(s.begin() + 1, s.end(), [](char c) { return std::isupper(static_cast<unsigned char>(c)) || c == '_' || std::isdigit(static_cast<unsigned char>(c)); }))
    return true;
  if (s.find("{{") != std::string_view::npos) return true;
  if (s.front() == '<' && s.back() == '>') return true;
  if (s.substr(0, 2) == "%(") return true;
  if (s.size() > 2 && s.front() == '%' && s.back() == '%') return true;
  const std::string lower = core::to_lower(s);
  for (std::string_view ref : {"os.environ", "getenv", "process.env", "env[", "env.fetch", "environment.", "secrets.", "vault(", "${{"})
    if (lower.find(ref) != std::string::npos) return true;
  return false;
}

// The value filters of the generic rules (filters.hpp): what sits under a credential-named key
// but is not a credential. Provider formats are exact and never get here with such values.
bool Scanner::Impl::is_value(const CompiledRule& r, std::string_view key, std::string_view secret) const {
  if (looks_like_placeholder(secret)) return false;
  const std::string lower = core::to_lower(secret);
  for (const auto& w : policy.allow.stopwords)
    if (lower.find(w) != std::string::npos) return false;
  if (r.def->live) return true;
  if (looks_like_password_hash(secret) || looks_like_secret_name(secret) || looks_like_stand_in(secret) ||
      looks_like_code_reference(secret) || looks_like_validation_or_template(secret) ||
      looks_like_file_path(secret) || key_names_a_reference(key))
    return false;
  // Words joined by separators are a name (or a header's name) under a token's or key's name;
  // under a password's they may be a passphrase, which stays reported.
  if ((looks_like_identifier(secret) || looks_like_header_name(secret)) && !key_names_a_password(key)) return false;
  // A Kubernetes Secret's `data:` holds base64: judge what it decodes to (`cGFzc3dvcmQ=`).
  const std::string decoded = decode_printable_base64(secret);
  if (!decoded.empty()) {
    if (looks_like_placeholder(decoded)) return false;
    const std::string dl = core::to_lower(decoded);
    for (const auto& w : policy.allow.stopwords)
      if (dl.find(w) != std::string::npos) return false;
    if (allow_secrets() && RE2::PartialMatch(decoded, *allow_secrets())) return false;
    // Basic-auth `user:password` pairs: judge the password (`dXNlcjpwYXNz` is user:pass).
    const size_t colon = decoded.find(':');
    if (colon != std::string::npos) {
      const std::string pw = decoded.substr(colon + 1);
      if (looks_like_placeholder(pw) || (allow_secrets() && RE2::PartialMatch(pw, *allow_secrets()))) return false;
    }
  }
  return true;
}

void Scanner::Impl::run_rule(uint32_t idx, std::string_view line, size_t offset, std::string_view following,
                             std::vector<Hit>& hits) const {
  const CompiledRule& r = *rules[idx];
  const RE2& re = r.regex();
  const int n = r.group + 1;
  re2::StringPiece sub[21];
  size_t pos = 0;
  while (pos <= line.size() &&
         re.Match(re2::StringPiece(line.data(), line.size()), pos, line.size(), RE2::UNANCHORED, sub, n)) {
    const re2::StringPiece whole = sub[0];
    const size_t whole_end = size_t(whole.data() - line.data()) + whole.size();
    pos = whole.empty() ? whole_end + 1 : whole_end;
    const re2::StringPiece sp = sub[size_t(r.group)];
    if (sp.data() == nullptr) continue;
    std::string_view secret(sp.data(), sp.size());
    const size_t at = size_t(secret.data() - line.data());
    if (r.def->min_entropy > 0 && core::shannon_entropy(secret) < entropy_bar(secret, r.def->min_entropy)) continue;
    if (inside_base64_data(line, at)) continue;
    if (r.def->pem_body && !has_pem_body(line, at + pem_header_length(secret), following)) continue;
    const std::string_view key(whole.data(), size_t(secret.data() - whole.data()));
    if (r.def->skip_placeholders && !is_value(r, key, secret)) continue;
    if (allow_secrets() && RE2::PartialMatch(re2::StringPiece(secret.data(), secret.size()), *allow_secrets()))
      continue;
    hits.push_back({idx, offset + at, secret.size()});
  }
}

core::Finding Scanner::Impl::finding(const Hit& h, std::string_view path, std::string_view line,
                                     uint32_t line_no, std::string_view commit) const {
  const CompiledRule& r = *rules[h.rule];
  const std::string_view secret = line.substr(h.pos, h.len);
  core::Finding f;
  f.rule = r.finding_id;
  f.severity = core::Severity::error;
  f.message = r.def->description.empty() ? r.def->id : r.def->description;
  if (!r.def->live && is_test_path(path) && policy.test_credentials != policy::TestCredentials::error) {
    f.severity = core::Severity::warning;
    f.message += " (test-credential: a test, fixture, example or docs path)";
  }
  f.where.path = std::string(path);
  f.where.line = line_no;
  f.where.column = uint32_t(h.pos + 1);
  f.where.commit = std::string(commit);
  f.match = core::redact_in_line(line, h.pos, h.len);
  f.fingerprint = fingerprint(path, f.rule, secret);
  f.fix = fmt::format(
      "remove the value and load it from a secret store or environment variable (rotate it if it "
      "was ever pushed);\nif it is not a secret, append `{}` to the line, or add its fingerprint "
      "to {}",
      allow_marker, policy.ignore_file);
  return f;
}

void Scanner::Impl::scan_line(std::string_view path, std::string_view line, std::string_view following,
                              uint32_t line_no, std::string_view commit, const std::vector<uint32_t>& candidates,
                              std::vector<int8_t>& path_ok, bool ini_like, const ScanOptions& opts,
                              std::vector<core::Finding>& out) const {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (opts.honour_inline_markers)
    for (std::string_view m : inline_markers)
      if (line.find(m) != std::string_view::npos) return;
  const size_t window = policy.limits.max_line_bytes;
  std::vector<Hit> hits;
  for (uint32_t idx : candidates) {
    // Whether a path-scoped rule applies is decided once per text, and only for rules a line
    // actually reaches (-1: not decided yet).
    if (path_ok[idx] < 0) {
      const CompiledRule& r = *rules[idx];
      r.regex();  // compiles path_re too
      path_ok[idx] = !r.path_re || RE2::PartialMatch(path, *r.path_re) || (r.def->ini_content && ini_like);
    }
    if (!path_ok[idx]) continue;
    if (line.size() <= window) {
      run_rule(idx, line, 0, following, hits);
      continue;
    }
    // Minified or generated lines: overlapping windows bound the regex work per call.
    const size_t overlap = 1024;
    for (size_t start = 0; start < line.size(); start += window - overlap) {
      run_rule(idx, line.substr(start, window), start, following, hits);
      if (start + window >= line.size()) break;
    }
  }
  if (hits.empty()) return;
  if (policy.test_credentials == policy::TestCredentials::ignore && is_test_path(path))
    hits.erase(std::remove_if(hits.begin(), hits.end(), [&](const Hit& h) { return !rules[h.rule]->def->live; }),
               hits.end());
  // One secret, one finding: where matches overlap, the rule earlier in the pack wins (the pack
  // lists provider-specific rules before generic assignments), and windows' repeats collapse.
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    return std::tie(a.rule, a.pos) < std::tie(b.rule, b.pos);
  });
  std::vector<Hit> kept;
  for (const Hit& h : hits) {
    bool overlaps = false;
    for (const Hit& k : kept) overlaps = overlaps || (h.pos < k.pos + k.len && k.pos < h.pos + h.len);
    if (!overlaps) kept.push_back(h);
  }
  std::sort(kept.begin(), kept.end(), [](const Hit& a, const Hit& b) { return a.pos < b.pos; });
  for (const Hit& h : kept) out.push_back(finding(h, path, line, line_no, commit));
}

void Scanner::scan(std::string_view path, std::string_view text, uint32_t first_line,
                   std::string_view commit, std::vector<core::Finding>& out, const ScanOptions& opts) const {
  const Impl& m = *impl_;
  std::vector<int8_t> path_ok(m.rules.size(), -1);
  const bool ini_like = looks_like_ini(text);

  // One pass of the keyword automaton over the text; a line is handed to the regexes of the
  // rules whose keywords it contains, once each.
  std::vector<uint32_t> stamp(m.rules.size(), 0);
  std::vector<uint32_t> candidates;
  uint32_t line_no = first_line;
  uint32_t gen = 1;
  size_t line_start = 0;
  auto flush = [&](size_t line_end) {
    const bool paranoid = opts.paranoid && !m.paranoid.empty();
    if (!candidates.empty() || !m.always.empty() || paranoid) {
      for (uint32_t idx : m.always)
        if (stamp[idx] != gen) candidates.push_back(idx);
      if (paranoid) candidates.insert(candidates.end(), m.paranoid.begin(), m.paranoid.end());
      std::sort(candidates.begin(), candidates.end());
      const std::string_view following = line_end < text.size() ? text.substr(line_end + 1) : std::string_view{};
      m.scan_line(path, text.substr(line_start, line_end - line_start), following, line_no, commit,
                  candidates, path_ok, ini_like, opts, out);
      candidates.clear();
    }
    ++gen;
  };
  size_t cursor = 0;
  while (cursor <= text.size()) {
    size_t nl = text.find('\n', cursor);
    size_t end = nl == std::string_view::npos ? text.size() : nl;
    // Feed the line (plus nothing across lines: keywords never span a newline).
    m.keywords->for_each_hit(text.data() + cursor, end - cursor, [&](uint32_t kw, size_t) {
      for (uint32_t idx : m.keyword_rules[kw]) {
        if (stamp[idx] != gen) {
          stamp[idx] = gen;
          candidates.push_back(idx);
        }
      }
    });
    line_start = cursor;
    flush(end);
    ++line_no;
    if (nl == std::string_view::npos) break;
    cursor = nl + 1;
  }
}

} // namespace rg::rules::secrets
