#pragma once
// A baseline: the fingerprints of the findings a repository had when it adopted the hook, so
// only new findings block (`release-gate scan --write-baseline FILE`, then `--baseline FILE`).

#include "lib/scan/scan.hpp"

#include <filesystem>
#include <string>
#include <string_view>

namespace rg::scan {

/// The baseline of `result` as JSON: {"version": 1, "tool": "release-gate", "fingerprints": [...]}
/// with the fingerprints sorted and unique, one per line, so a baseline diffs well in review.
std::string baseline_json(const Result& result);

/// Parse a baseline written by baseline_json(). `name` is used in errors. Throws
/// core::ConfigError for text that is not such a JSON object (naming `name` and what is wrong).
IgnoreList parse_baseline(std::string_view text, std::string_view name);

/// Read and parse the baseline `file` (bounded like every configuration file). A missing file is
/// an error: a baseline that was asked for and is not there must not silently mean "none".
IgnoreList load_baseline(const std::filesystem::path& file);

} // namespace rg::scan
