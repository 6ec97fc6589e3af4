#include "lib/rules/release_record.hpp"

#include "lib/core/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>

namespace rg::rules {

namespace trailer = policy::trailer;
using core::Finding;
using message::LocatedTrailer;

namespace {

// The id named by git's revert body ("This reverts commit <40 hex>."), if any.
std::optional<std::string> reverted_by_message(std::string_view message) {
  constexpr std::string_view marker = "This reverts commit ";
  for (size_t pos = message.find(marker); pos != std::string_view::npos; pos = message.find(marker, pos + 1)) {
    if (pos != 0 && message[pos - 1] != '\n') continue;
    std::string_view rest = message.substr(pos + marker.size());
    size_t n = 0;
    while (n < rest.size() && std::isxdigit(static_cast<unsigned char>(rest[n]))) ++n;
    if (n == 40) return std::string(rest.substr(0, 40));
  }
  return std::nullopt;
}

// "cdo or on-call": the roles that may execute a rollback.
std::string rollback_authority(const policy::ReleasePolicy& p) {
  const auto* t = p.find_type("rollback");
  if (!t || t->authorize_any.empty()) return "the rollback authority";
  return fmt::format("{}", fmt::join(t->authorize_any, " or "));
}


// Common git trailers that are never "misspelled release lines".
const std::vector<std::string> foreign_keys = {
    "signed-off-by", "co-authored-by", "reviewed-by", "acked-by", "tested-by", "reported-by",
    "helped-by",     "suggested-by",   "cc",          "fixes",    "closes",    "refs",
    "see-also",      "change-id",      "bug",         "issue",    "ticket"};

bool is_foreign(std::string_view key) {
  const std::string k = core::to_lower(key);
  return std::find(foreign_keys.begin(), foreign_keys.end(), k) != foreign_keys.end();
}

std::vector<std::string> record_keys(const policy::ReleasePolicy& p) {
  auto keys = policy::known_trailer_keys();
  keys.push_back(p.rca_trailer);
  return keys;
}

const std::string* find_key(const std::vector<std::string>& keys, std::string_view key) {
  for (const auto& k : keys)
    if (message::key_equals(k, key)) return &k;
  return nullptr;
}


std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  while (true) {
    auto p = s.find(sep);
    out.push_back(core::trim(s.substr(0, p)));
    if (p == std::string_view::npos) break;
    s.remove_prefix(p + 1);
  }
  return out;
}

// "word rest" -> rest when the part starts with `word` (case-insensitive) and a blank or ':'.
std::optional<std::string_view> after_word(std::string_view part, std::string_view word) {
  if (part.size() < word.size() || core::to_lower(part.substr(0, word.size())) != word) return std::nullopt;
  std::string_view rest = part.substr(word.size());
  if (!rest.empty() && rest[0] != ' ' && rest[0] != '\t' && rest[0] != ':' && rest[0] != '=')
    return std::nullopt;
  if (!rest.empty() && (rest[0] == ':' || rest[0] == '=')) rest.remove_prefix(1);
  return core::trim(rest);
}

// A template placeholder left in a value: "<...>" with no '@' inside (an e-mail is not one).
std::optional<std::string> placeholder_in(std::string_view v) {
  for (size_t lt = v.find('<'); lt != std::string_view::npos; lt = v.find('<', lt + 1)) {
    auto gt = v.find('>', lt);
    if (gt == std::string_view::npos) return std::nullopt;
    std::string_view inner = v.substr(lt, gt - lt + 1);
    if (inner.find('@') == std::string_view::npos) return std::string(inner);
  }
  return std::nullopt;
}

bool is_hex_id(std::string_view s) {
  if (s.size() < 7 || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); });
}

bool single_valued(std::string_view key, const policy::ReleasePolicy& p) {
  for (auto k : {trailer::release_type, trailer::rollback_plan, trailer::monitoring_window,
                 trailer::ceo_aware, trailer::ceo_notified, trailer::incident})
    if (message::key_equals(k, key)) return true;
  return message::key_equals(p.rca_trailer, key);
}

// Lines meant as release lines that git does not read as such, misspelled keys, duplicates and
// conflicts. `explained` gets the (lower-case) keys these findings account for.
std::vector<Finding> key_findings(const ReleaseRecord& rec, const ReleaseContext& ctx,
                                  const policy::ReleasePolicy& p, std::set<std::string>& explained,
                                  std::set<std::string>& reported_dup) {
  std::vector<Finding> out;
  const auto keys = record_keys(p);

  // 1. Lines meant as release lines that git does not read as such.
  {
    auto block = message::find_trailer_block(rec.message);
    std::string_view m = rec.message;
    uint32_t line_no = 1;
    size_t pos = 0;
    bool title = true;
    while (pos < m.size()) {
      size_t nl = m.find('\n', pos);
      size_t next = nl == std::string_view::npos ? m.size() : nl + 1;
      std::string_view line = m.substr(pos, next - pos);
      while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
      bool in_block = pos >= block.start && pos < block.end;
      if (core::trim(line).empty()) title = false;
      auto colon = line.find(':');
      if (!title && colon != std::string_view::npos && colon > 0 && line[0] != '#') {
        std::string_view raw_key = core::trim(line.substr(0, colon));
        size_t key_len = 0;
        bool shaped = message::looks_like_trailer(line, &key_len);
        // "Authorized By:" / "Authorized_By:" -> the key it was meant to be.
        std::string dashed(raw_key);
        for (auto& c : dashed)
          if (c == ' ' || c == '_' || c == '\t') c = '-';
        const std::string* meant = find_key(keys, dashed);
        if (!shaped && meant && raw_key.size() <= 40) {
          out.push_back(record_finding("release/malformed-trailer-key", ctx, line_no,
                                fmt::format("`{}:` is not a trailer key git can read; did you mean `{}`?",
                                            core::printable(raw_key), *meant),
                                fmt::format("write the line as `{}: {}`", *meant,
                                            core::printable(core::trim(line.substr(colon + 1))))));
          explained.insert(core::to_lower(*meant));
        } else if (shaped && !in_block && find_key(keys, raw_key)) {
          out.push_back(record_finding(
              "release/trailer-not-read", ctx, line_no,
              fmt::format("`{}:` on line {} is not in the message's trailer block, so git and the "
                          "server do not read it",
                          core::printable(raw_key), line_no),
              "put all release lines together in the last paragraph (after a blank line), with no\n"
              "other text in that paragraph and nothing after it"));
          explained.insert(core::to_lower(raw_key));
        }
      }
      pos = next;
      ++line_no;
    }
  }

  // 2. Misspelled keys, duplicates and conflicts among the trailers git reads.
  for (const auto& t : rec.trailers) {
    if (!find_key(keys, t.key) && !is_foreign(t.key)) {
      const bool rca_alias = std::any_of(std::begin(names::trailer::rca_aliases), std::end(names::trailer::rca_aliases),
                                         [&](std::string_view a) { return message::key_equals(a, t.key); });
      if (rca_alias) {
        out.push_back(record_finding("release/misspelled-trailer", ctx, t.line,
                              fmt::format("`{}:` is not read; the root-cause analysis line is `{}:` (did you mean `{}`?)",
                                          core::printable(t.key), p.rca_trailer, p.rca_trailer),
                              fmt::format("rename the line to `{}: {}`", p.rca_trailer, core::printable(t.value))));
        explained.insert(core::to_lower(p.rca_trailer));
      } else if (auto hint = core::did_you_mean(t.key, keys)) {
        out.push_back(record_finding("release/misspelled-trailer", ctx, t.line,
                              fmt::format("unknown trailer `{}`; did you mean `{}`?", core::printable(t.key), *hint),
                              fmt::format("rename the line to `{}: {}`", *hint, core::printable(t.value))));
        explained.insert(core::to_lower(*hint));
      }
      continue;
    }
    if (!single_valued(t.key, p)) continue;
    const std::string lk = core::to_lower(t.key);
    if (reported_dup.count(lk)) continue;
    auto same = rec.all(t.key);
    if (same.size() < 2) continue;
    reported_dup.insert(lk);
    bool differ = std::any_of(same.begin(), same.end(), [&](const LocatedTrailer* o) {
      return core::to_lower(o->value) != core::to_lower(t.value);
    });
    const std::string canon = *find_key(keys, t.key);
    if (differ) {
      std::string values;
      for (auto* o : same) values += fmt::format("{}`{}` (line {})", values.empty() ? "" : ", ", core::printable(o->value), o->line);
      out.push_back(record_finding("release/conflicting-trailer", ctx, same[1]->line,
                            fmt::format("`{}` appears {} times with different values: {}", canon, same.size(), values),
                            fmt::format("keep exactly one `{}:` line", canon)));
    } else {
      out.push_back(record_finding("release/duplicate-trailer", ctx, same[1]->line,
                            fmt::format("`{}` appears {} times", canon, same.size()),
                            fmt::format("delete the repeated `{}:` line", canon), core::Severity::warning));
    }
  }

  return out;
}

} // namespace

std::set<std::string> misdirected_keys(const ReleaseRecord& rec, const policy::ReleasePolicy& p) {
  std::set<std::string> explained, dup;
  key_findings(rec, ReleaseContext{}, p, explained, dup);
  return explained;
}

std::vector<const LocatedTrailer*> ReleaseRecord::all(std::string_view key) const {
  std::vector<const LocatedTrailer*> out;
  for (const auto& t : trailers)
    if (message::key_equals(t.key, key)) out.push_back(&t);
  return out;
}

const LocatedTrailer* ReleaseRecord::first(std::string_view key) const {
  for (const auto& t : trailers)
    if (message::key_equals(t.key, key)) return &t;
  return nullptr;
}

ReleaseRecord read_record(std::string_view message, const policy::ReleasePolicy& policy) {
  ReleaseRecord r;
  r.message = std::string(message);
  r.trailers = message::parse_located_trailers(message);
  auto types = r.all(trailer::release_type);
  if (!types.empty()) r.declared_type = types.front()->value;
  bool conflicting = std::any_of(types.begin(), types.end(), [&](const LocatedTrailer* t) {
    return core::to_lower(t->value) != core::to_lower(r.declared_type);
  });
  if (!conflicting && !types.empty()) r.type = policy.find_type(r.declared_type);
  return r;
}

std::string suggested_line(std::string_view key, const policy::ReleaseType& type,
                           const policy::ReleasePolicy& p, std::string_view role) {
  auto holder = [&](std::string_view r) -> std::string {
    auto it = p.roles.find(std::string(r));
    if (it == p.roles.end() || it->second.empty()) return fmt::format("<{} name> <email@example.com>", r);
    const auto& person = it->second.front();
    // The shipped placeholders (…@example.invalid) authorize nothing: never suggest pasting one.
    if (core::to_lower(person.email).ends_with(".invalid"))
      return fmt::format("<a real {} holder: roles are not configured in this clone>", r);
    return person.name.empty() ? fmt::format("<{}>", person.email)
                               : fmt::format("{} <{}>", person.name, person.email);
  };
  auto line = [&](std::string_view value) { return fmt::format("{}: {}", key, value); };
  if (message::key_equals(key, trailer::release_type)) return line(type.name);
  if (message::key_equals(key, trailer::authorized_by))
    return line(holder(!role.empty() ? role : type.authorize.empty() ? "cdo" : std::string_view(type.authorize.front())));
  if (message::key_equals(key, trailer::confirmed_by))
    return line(holder(!role.empty() ? role : type.confirm.empty() ? "ceo" : std::string_view(type.confirm.front())));
  if (message::key_equals(key, trailer::ceo_aware)) return line("<#exec-checkins message link or date>");
  if (message::key_equals(key, trailer::ceo_notified)) return line("<when and where, e.g. 2026-01-02 10:00 #exec-checkins>");
  if (message::key_equals(key, trailer::qa_signoff)) return line("<qa-signoff-id> PASS");
  if (message::key_equals(key, trailer::rollback_plan))
    return line("git revert <release commit>; eta 15m; executor code.platform");
  if (message::key_equals(key, trailer::monitoring_window))
    return line(fmt::format("{}; owner code.platform",
                            policy::format_minutes(type.monitoring_min_minutes ? type.monitoring_min_minutes : 24 * 60)));
  if (message::key_equals(key, trailer::rollback_of)) return line("<full id of the release commit being reverted>");
  if (message::key_equals(key, trailer::incident)) return line("<incident id, e.g. INC-123>");
  if (message::key_equals(key, p.rca_trailer)) return line("<link to the root-cause analysis>");
  return line("<value>");
}

// The first bidirectional-control or zero-width character in `s` (UTF-8) as "U+XXXX", if any.
static std::optional<std::string> invisible_char(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c0 = static_cast<unsigned char>(s[i]);
    if (c0 == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xAD) return "U+00AD";
    if (c0 == 0xD8 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x9C) return "U+061C";
    if ((c0 != 0xE2 && c0 != 0xEF) || i + 2 >= s.size()) continue;
    const unsigned cp = ((c0 & 0x0Fu) << 12) | ((static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 6) |
                        (static_cast<unsigned char>(s[i + 2]) & 0x3Fu);
    if ((cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2064) ||
        (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF)
      return fmt::format("U+{:04X}", cp);
  }
  return std::nullopt;
}

namespace {

// True when `text` has the shape of a duration whose numbers are out of range ("9999h", "0m"):
// the same text with every number made 1 parses.
bool duration_out_of_range(std::string_view text) {
  std::string one;
  bool in_digits = false;
  for (char ch : core::trim(text)) {
    const bool digit = ch >= '0' && ch <= '9';
    if (digit && !in_digits) one += '1';
    if (!digit) one += ch;
    in_digits = digit;
  }
  return policy::parse_duration_minutes(one).has_value();
}

constexpr std::string_view kDurationRange = "a duration is from 1m to 365d";

} // namespace

std::vector<Finding> check_release_record(const ReleaseRecord& rec, const ReleaseContext& ctx,
                                          const policy::ReleasePolicy& p) {
  std::vector<Finding> out;
  if (core::trim(rec.message).empty()) {
    out.push_back(record_finding("release/empty-message", ctx, 0, "the commit message is empty",
                          "write a subject line, a blank line, then the release lines\n"
                          "(`release-gate template <type>` prints them)"));
    return out;
  }

  // Records mean one thing: characters that reorder or hide text (bidirectional overrides,
  // zero-width marks) make a line read differently from what it says.
  for (const auto& t : rec.trailers)
    if (auto bad = invisible_char(t.key + ":" + t.value))
      out.push_back(record_finding("release/invisible-character", ctx, t.line,
                                   fmt::format("the `{}:` line holds the invisible or reordering character {}",
                                               core::printable(t.key), *bad),
                                   "retype the line in plain text (no bidirectional or zero-width characters)"));

  const auto keys = record_keys(p);
  std::set<std::string> explained;  // lower-case keys whose absence an earlier finding explains
  std::set<std::string> reported_dup;
  for (auto& f : key_findings(rec, ctx, p, explained, reported_dup)) out.push_back(std::move(f));

  // 3. The type.
  auto declared = rec.all(trailer::release_type);
  if (declared.empty()) {
    if (!explained.count(core::to_lower(trailer::release_type)))
    {
      // A plain `git revert <release>` (SOP section 6 taken literally): say how it becomes a
      // verified rollback instead of asking for a release type in general.
      if (auto reverted = reverted_by_message(rec.message)) {
        out.push_back(record_finding(
            "release/missing-type", ctx, 0,
            fmt::format("this reverts {} but has no `Release-Type:` line: a rollback on this branch must say so",
                        reverted->substr(0, 12)),
            fmt::format("make it a verified rollback with these lines in the trailer block:\n"
                        "    Release-Type: rollback\n    Rollback-Of: {}\n    Incident: <incident id>\n"
                        "    Authorized-By: <you: a holder of {}>\n"
                        "or let `release-rollback {} --incident <id> --push origin` write and push it in one command",
                        *reverted, rollback_authority(p), reverted->substr(0, 12))));
        return out;
      }
      out.push_back(record_finding("release/missing-type", ctx, 0,
                            "no `Release-Type:` line: a commit on this branch must declare its release type",
                            fmt::format("add a line `Release-Type: <type>` to the trailer block; valid types: {}",
                                        fmt::join(p.type_names(), ", "))));
    }
    return out;
  }
  if (std::any_of(declared.begin(), declared.end(), [&](const LocatedTrailer* t) {
        return core::to_lower(t->value) != core::to_lower(rec.declared_type);
      }))
    return out;  // conflicting types (reported above): nothing else can be judged
  if (!rec.type) {
    std::string msg = fmt::format("unknown release type `{}`; valid types: {}", core::printable(rec.declared_type),
                                  fmt::join(p.type_names(), ", "));
    if (auto hint = core::did_you_mean(core::trim(rec.declared_type), p.type_names()))
      msg += fmt::format(" (did you mean `{}`?)", *hint);
    out.push_back(record_finding("release/unknown-type", ctx, declared.front()->line, msg,
                          "use one of the valid types, e.g. `Release-Type: routine`"));
    return out;
  }
  const policy::ReleaseType& type = *rec.type;

  // 4. Required lines present and not empty; template placeholders replaced.
  for (const auto& key : type.require) {
    if (message::key_equals(key, trailer::authorized_by) && (!type.authorize.empty() || !type.authorize_any.empty()))
      continue;  // authorization.cpp
    if (message::key_equals(key, trailer::confirmed_by) && !type.confirm.empty()) continue;
    if (!type.qa_gate && message::key_equals(key, trailer::qa_signoff)) continue;
    if (rec.first(key) || explained.count(core::to_lower(key))) continue;
    out.push_back(record_finding("release/missing-trailer", ctx, 0,
                          fmt::format("`Release-Type: {}` requires {} `{}:` line", type.name,
                                      std::string_view("AEIOU").find(key.front()) != std::string_view::npos ? "an" : "a",
                                      key),
                          fmt::format("add to the trailer block: {}", suggested_line(key, type, p))));
  }
  for (const auto& t : rec.trailers) {
    const std::string* canon = find_key(keys, t.key);
    if (!canon) continue;
    if (core::trim(t.value).empty()) {
      out.push_back(record_finding("release/empty-trailer", ctx, t.line, fmt::format("`{}:` has no value", *canon),
                            fmt::format("fill it in: {}", suggested_line(*canon, type, p))));
    } else if (auto ph = placeholder_in(t.value)) {
      out.push_back(record_finding("release/template-placeholder", ctx, t.line,
                            fmt::format("`{}:` still holds the template placeholder `{}`", *canon, core::printable(*ph)),
                            fmt::format("replace `{}` with the real value", core::printable(*ph))));
    }
  }

  // 5. QA sign-offs: exactly "<id> PASS" is a pass; a FAIL anywhere on the line fails.
  if (type.qa_gate) {
    for (auto* t : rec.all(trailer::qa_signoff)) {
      std::string_view v = core::trim(t->value);
      if (v.empty() || placeholder_in(v)) continue;
      std::vector<std::string_view> words;
      for (size_t i = 0; i < v.size();) {
        while (i < v.size() && (v[i] == ' ' || v[i] == '\t')) ++i;
        size_t j = i;
        while (j < v.size() && v[j] != ' ' && v[j] != '\t') ++j;
        if (j > i) words.push_back(v.substr(i, j - i));
        i = j;
      }
      const bool any_fail = std::any_of(words.begin(), words.end(), [](std::string_view w) {
        std::string l = core::to_lower(w);
        return l.find("fail") != std::string::npos;
      });
      std::string_view id = words.empty() ? std::string_view{} : words.front();
      if (any_fail) {
        out.push_back(record_finding("release/qa-failed", ctx, t->line,
                              fmt::format("QA sign-off `{}` is FAIL: a release with an open FAIL criterion cannot ship",
                                          core::printable(words.size() > 1 ? id : v)),
                              "fix the failing criteria and get a new sign-off, then write `QA-Signoff: <id> PASS`"));
      } else if (words.size() != 2 || core::to_lower(words[1]) != "pass" || id.empty()) {
        out.push_back(record_finding("release/qa-malformed", ctx, t->line,
                              fmt::format("`QA-Signoff: {}` must be exactly `<sign-off id> PASS`", core::printable(v)),
                              "write e.g. `QA-Signoff: QA-142 PASS`, one line per sign-off"));
      }
    }
  }

  // 6. Rollback plan: "<revert reference>; eta <duration>; executor <role or name>".
  if (auto* t = rec.first(trailer::rollback_plan); t && !core::trim(t->value).empty() && !placeholder_in(t->value)) {
    std::string_view reference;
    std::optional<std::string_view> eta, executor;
    for (auto part : split(t->value, ';')) {
      if (auto e = after_word(part, "eta")) eta = e;
      else if (auto x = after_word(part, "executor")) executor = x;
      else if (reference.empty()) reference = part;
    }
    std::vector<std::string> problems;
    if (reference.empty()) problems.push_back("the revert reference (e.g. `git revert <commit>`)");
    if (!eta || eta->empty()) problems.push_back("`eta <duration>`");
    else if (!policy::parse_duration_minutes(*eta))
      problems.push_back(duration_out_of_range(*eta)
                             ? fmt::format("a valid eta (`{}` is out of range: {})", core::printable(*eta), kDurationRange)
                             : fmt::format("a valid eta (`{}` is not a duration like 15m or 1h)", core::printable(*eta)));
    if (!executor || executor->empty()) problems.push_back("`executor <role or name>`");
    if (!problems.empty())
      out.push_back(record_finding("release/rollback-plan-incomplete", ctx, t->line,
                            fmt::format("the rollback plan lacks {}", fmt::join(problems, " and ")),
                            fmt::format("write it as: {}", suggested_line(trailer::rollback_plan, type, p))));
  }

  // 7. Monitoring window: "<duration>; owner <role or name>", at least the type's minimum.
  if (auto* t = rec.first(trailer::monitoring_window); t && !core::trim(t->value).empty() && !placeholder_in(t->value)) {
    auto parts = split(t->value, ';');
    auto minutes = policy::parse_duration_minutes(parts.front());
    std::optional<std::string_view> owner;
    for (size_t i = 1; i < parts.size(); ++i)
      if (auto o = after_word(parts[i], "owner")) owner = o;
    if (!minutes) {
      out.push_back(record_finding("release/monitoring-malformed", ctx, t->line,
                            duration_out_of_range(parts.front())
                                ? fmt::format("monitoring window `{}` is out of range: {}",
                                              core::printable(core::trim(parts.front())), kDurationRange)
                                : fmt::format("monitoring window `{}` does not start with a duration", core::printable(parts.front())),
                            fmt::format("write it as: {}", suggested_line(trailer::monitoring_window, type, p))));
    } else if (*minutes < type.monitoring_min_minutes) {
      out.push_back(record_finding("release/monitoring-too-short", ctx, t->line,
                            fmt::format("monitoring window {} is shorter than the {} minimum for `{}` releases",
                                        policy::format_minutes(*minutes), policy::format_minutes(type.monitoring_min_minutes),
                                        type.name),
                            fmt::format("write at least: {}", suggested_line(trailer::monitoring_window, type, p))));
    }
    if (minutes && (!owner || owner->empty()))
      out.push_back(record_finding("release/monitoring-no-owner", ctx, t->line,
                            "the monitoring window names no owner (who watches)",
                            fmt::format("write it as: {}", suggested_line(trailer::monitoring_window, type, p))));
  }

  // 8. Rollback lines.
  for (auto* t : rec.all(trailer::rollback_of)) {
    std::string_view v = core::trim(t->value);
    if (v.empty() || placeholder_in(v)) continue;
    if (!is_hex_id(v))
      out.push_back(record_finding("release/rollback-of-invalid", ctx, t->line,
                            fmt::format("`Rollback-Of: {}` must name the reverted commit by its id", core::printable(v)),
                            "write `Rollback-Of: <full commit id>` (git rev-parse <commit>)"));
  }
  if (ctx.re_release && p.rca_required_for_re_release && type.name != rollback_type &&
      !rec.first(p.rca_trailer) && !explained.count(core::to_lower(p.rca_trailer)))
    out.push_back(record_finding("release/missing-rca", ctx, 0,
                          fmt::format("this release re-applies a rolled-back change: SOP section 6 requires a "
                                      "root-cause analysis before re-release, recorded as `{}:`",
                                      p.rca_trailer),
                          fmt::format("add to the trailer block: {}", suggested_line(p.rca_trailer, type, p))));

  // 9. The type must match what the release does.
  if (type.name != rollback_type) {
    if (type.name != p.customer_facing_type) {
      std::vector<std::string> hits;
      for (const auto& path : ctx.changed_paths)
        for (const auto& g : p.customer_facing_paths)
          if (core::glob_match(core::to_lower(g), core::to_lower(path))) {
            hits.push_back(path);
            break;
          }
      if (!hits.empty()) {
        std::string shown;
        for (size_t i = 0; i < hits.size() && i < 3; ++i) shown += (i ? ", " : "") + core::printable(hits[i]);
        if (hits.size() > 3) shown += fmt::format(" and {} more", hits.size() - 3);
        out.push_back(record_finding("release/mislabeled-type", ctx, declared.front()->line,
                              fmt::format("this release changes customer-facing paths ({}) but is declared `{}`",
                                          shown, type.name),
                              fmt::format("declare `Release-Type: {}` and add the CMO and CEO confirmations",
                                          p.customer_facing_type)));
      }
    }
    const auto& mf = p.multi_feature_types;
    if (ctx.merged_feature_branches >= p.multi_feature_min_branches &&
        std::find(mf.begin(), mf.end(), type.name) == mf.end())
      out.push_back(record_finding("release/mislabeled-type", ctx, declared.front()->line,
                            fmt::format("this release merges {} feature branches but is declared `{}`",
                                        ctx.merged_feature_branches, type.name),
                            fmt::format("declare one of: {}", fmt::join(mf, ", "))));
  }
  return out;
}

Finding record_finding(std::string rule, const ReleaseContext& ctx, uint32_t line, std::string msg,
                       std::string fix, core::Severity sev) {
  Finding f;
  f.rule = std::move(rule);
  f.severity = sev;
  f.where.commit = ctx.commit;
  f.where.line = line;
  f.message = std::move(msg);
  f.fix = std::move(fix);
  return f;
}

} // namespace rg::rules
