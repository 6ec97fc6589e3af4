#pragma once
// The texts of a go-live (SOP sections 3-5), pure functions over plain data: the
// `✅ RELEASE LIVE` line for #agent-handoffs, the note for the CRO, the handoff file for an
// agent whose contract changed, and the Monday.com completion note and Status Report.

#include "lib/golive/record.hpp"
#include "lib/golive/release.hpp"

#include <string>
#include <vector>

namespace rg::golive {

/// "PASS", "FAIL" or "NOT RUN" from a note's last smoke entry (nullptr: none).
std::string smoke_word(const json* last_smoke);

/// The SOP's line, exactly: "✅ RELEASE LIVE — {features, comma-separated} — {when} — smoke
/// test: {PASS|FAIL|NOT RUN}".
std::string live_line(const std::vector<std::string>& features, const std::string& when, const std::string& smoke);

/// The note for the CRO on a customer-facing release, addressed to `cro` ("@Name <email>" per
/// holder; "@cro" when the policy names nobody).
std::string cro_note(const ReleaseFacts& f, const std::vector<std::string>& cro, const std::string& line);

/// The handoff file for `agent` (Markdown): what changed, the release, where the new contract is.
std::string handoff_text(const std::string& agent, const std::vector<std::string>& paths, const ReleaseFacts& f,
                         const std::string& when);

/// File name of that handoff: "<when-utc-compact>-release-<sha12>-<agent>.md" (agent sanitized).
std::string handoff_file_name(const std::string& agent, const ReleaseFacts& f, const std::string& iso_utc);

/// SOP section 3's completion note for the release's Monday.com item.
std::string completion_note(const ReleaseFacts& f, const std::string& line);

/// SOP section 5's Status Report update with the monitoring result.
std::string status_report(const ReleaseFacts& f, const std::string& result, const std::string& summary,
                          const std::string& window_text);

} // namespace rg::golive
