#pragma once
// Small text helpers shared by rules and reports.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rg::core {

/// Levenshtein distance, case-insensitive ASCII.
size_t edit_distance(std::string_view a, std::string_view b);

/// The closest candidate within a distance that scales with the word's length, if any.
std::optional<std::string> did_you_mean(std::string_view word,
                                        std::span<const std::string_view> candidates);
std::optional<std::string> did_you_mean(std::string_view word,
                                        const std::vector<std::string>& candidates);

/// Shannon entropy in bits per byte of s.
double shannon_entropy(std::string_view s);

/// ASCII lower-case copy.
std::string to_lower(std::string_view s);

/// Copy of s where invalid UTF-8 bytes and control characters (except tab) become '?',
/// safe for terminals, JSON and `remote:` lines.
std::string printable(std::string_view s);

/// Copy of s for a JSON string value: invalid UTF-8 bytes and DEL become '?'; control
/// characters (newline, tab, ESC, ...) are kept, for the JSON writer escapes them (`\n`,
/// `\u001b`), so they never reach a terminal raw and multi-line text stays multi-line.
std::string json_text(std::string_view s);

/// Trim ASCII white space on both ends.
std::string_view trim(std::string_view s);

/// `text` converted from character set `encoding` (an iconv name such as "ISO-8859-1") to
/// UTF-8; nullopt when the encoding is unknown or the text is not valid in it. UTF-8 names
/// return the text unchanged.
std::optional<std::string> to_utf8(std::string_view text, std::string_view encoding);

/// Shell-style glob match ('*' does not cross '/', '**' does, '?' one char).
bool glob_match(std::string_view pattern, std::string_view text);

} // namespace rg::core
