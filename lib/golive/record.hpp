#pragma once
// The release note of record: one JSON document per release commit, kept as a git note in
// refs/notes/release-gate so it travels with the repository. Every command adds to it with
// merge_record(), never overwrites it. Pure data; lib/golive/notes does the git side.
//
//   { "schema": 1, "release": "<sha>", "type": "routine", "subject": "...",
//     "features": ["feature/login"], "live_at": "<iso>",
//     "smoke": [ {"id": "...", "result": "PASS", "at": "<iso>", "duration_ms": 812, ...} ],
//     "announcement": {"at": "<iso>", "text": "...", "cro_note": "...", "handoffs": [...]},
//     "monitoring": {"start": "<iso>", "end": "<iso>", "minutes": 1440, "owner": "..."},
//     "incidents": [ {"id": "INC-7", "at": "<iso>", "rollback": ["<sha>"], "pushed": true} ],
//     "rca": "<link>",
//     "deliveries": [ {"id": "announce/webhook", "kind": "webhook", "posted": false, ...} ] }

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace rg::golive {

using json = nlohmann::json;

/// The note's schema version.
inline constexpr int record_schema = 1;

/// Merge `update` into `base`: objects key by key (recursively), arrays by appending elements
/// not already present, where elements that are objects with the same "id" are merged instead
/// of duplicated; any other value is replaced. So two writers never lose each other's entries.
void merge_record(json& base, const json& update);

/// Parse a note's text; a note that is not a JSON object (hand-written, damaged) is kept under
/// "unparsed" so merging never destroys it.
json parse_record(std::string_view text);

/// The text written to the note: pretty-printed JSON, keys sorted, ending in a newline.
std::string dump_record(const json& record);

/// The array element of `record[array]` whose "id" is `id`, or nullptr.
const json* find_by_id(const json& record, std::string_view array, std::string_view id);

} // namespace rg::golive
