#pragma once
// Commit-message trailers, read exactly the way `git interpret-trailers --parse` (git 2.39)
// reads them: the trailer block is the last paragraph (after the title), ending before a
// `---` patch divider, a scissors line and trailing comments; it counts when all its lines are
// trailers, or when it holds a git-generated line ("Signed-off-by: ", "(cherry picked from
// commit ") and at least 25% trailers. Continuation lines (leading white space) are unfolded
// into one space. Keys keep their spelling; compare them case-insensitively.
// Assumes git's defaults: trailer.separators ":", core.commentChar '#', no trailer.* config.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rg::message {

/// One trailer as git prints it with --parse: key and value trimmed, continuations unfolded.
struct Trailer {
  std::string key;
  std::string value;
};

/// A trailer and the 1-based line of the message where it starts (for findings).
struct LocatedTrailer {
  std::string key;
  std::string value;
  uint32_t line;
};

/// Byte range [start, end) of the trailer block in a message; start == end when none.
struct TrailerBlock {
  size_t start = 0;
  size_t end = 0;
};

/// Where git finds the trailer block of `message` (bytes after a NUL are ignored, like git).
TrailerBlock find_trailer_block(std::string_view message);

/// The trailers of `message`, in order, exactly as `git interpret-trailers --parse` lists them
/// (lines of the block that are not `Key: value` are skipped). Never throws on any input.
std::vector<Trailer> parse_trailers(std::string_view message);

/// parse_trailers() with the line each trailer starts on.
std::vector<LocatedTrailer> parse_located_trailers(std::string_view message);

/// The trailers formatted the way `git interpret-trailers --parse` prints them: one
/// "<key>: <value>\n" per trailer (an empty value leaves the space: "<key>: \n").
std::string format_trailers(const std::vector<Trailer>& trailers);

/// True if `line` (without its newline) has the shape git accepts as a trailer line: a key of
/// ASCII letters, digits and '-', optional blanks, then ':'. Sets *key_len to the key's length.
bool looks_like_trailer(std::string_view line, size_t* key_len = nullptr);

/// Case-insensitive (ASCII) equality of two trailer keys.
bool key_equals(std::string_view a, std::string_view b);

} // namespace rg::message
