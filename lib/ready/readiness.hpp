#pragma once
// "Is this release ready?": every item of SOP section 2 evaluated for one candidate, with its
// evidence and the next step, and the release record filled from what was found. Pure over a
// Candidate (lib/ready/candidate) and the answers of the external sources (lib/providers); it
// reuses the rules the hooks run (release_message, documentation), so a candidate that is
// ready is not refused by commit-msg or pre-receive for anything visible here.

#include "lib/policy/policy.hpp"
#include "lib/providers/provider.hpp"
#include "lib/ready/candidate.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace rg::ready {

enum class Status { pass, fail, missing, unknown };

/// "pass" / "fail" / "missing" / "unknown".
std::string_view to_string(Status s);

struct Item {
  std::string id;                    ///< stable: "tech.qa-signoff", ... (policy::readiness_item_ids())
  std::string gate;                  ///< "technical", "documentation", "operational", "authorization", "external"
  std::string title;                 ///< the SOP's wording
  Status status = Status::missing;
  bool required = true;              ///< readiness.required
  std::vector<std::string> evidence; ///< what was found (sign-off, bug, file)
  std::string next;                  ///< the exact next step ("" when it passes and nothing is left)
};

struct Report {
  std::string candidate;             ///< label
  std::string base;                  ///< base label
  std::string tip;                   ///< full id of the candidate's tip
  std::string type;                  ///< release type used for the record
  std::string type_reason;           ///< why that type ("inferred: 2 lines of work", "--type", "declared in 1a2b…")
  size_t commits = 0;
  std::vector<Item> items;
  std::string record;                ///< the trailer block, ready to paste into the merge commit
  bool ready = false;                ///< every required item passes
};

struct Options {
  std::optional<std::string> type;   ///< --type
  std::string record_text;           ///< --record: a draft release record (trailers) to read too
  bool external = true;              ///< ask the external sources
};

/// Asks one external source (providers::check, or a stub in tests).
using SourceAsk = std::function<providers::Result(const policy::Source&)>;

/// Evaluate every item. Throws core::UsageError for an unknown --type (naming the valid ones).
Report evaluate(const Candidate& c, const policy::Policy& policy, const Options& opts, const SourceAsk& ask);

} // namespace rg::ready
