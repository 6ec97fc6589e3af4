#pragma once
// Posting to the outside (a Slack-compatible incoming webhook, Monday.com updates) so that a
// failure is never lost: every delivery is recorded in the release's note with its text before
// anything is reported; a failed one stays `"posted": false` with the reason, and
// retry_pending() (run by the next go-live command) sends it again.

#include "lib/git/handles.hpp"
#include "lib/golive/record.hpp"
#include "lib/policy/golive.hpp"

#include <ctime>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace rg::golive {

enum class Channel { webhook, monday };

struct Delivery {
  std::string id;       ///< unique within the note: "announce/webhook", "monday/completion/123"
  Channel channel = Channel::webhook;
  std::string target;   ///< Monday item id; "" for the webhook (the URL is never stored)
  std::string text;
};

/// Where deliveries go, resolved from the policy and the environment at send time.
struct Endpoints {
  std::optional<std::string> webhook_url;
  std::optional<std::string> monday_token;
  std::string monday_api_url;
  std::string webhook_hint;  ///< how to configure the webhook ("set RELEASE_GATE_WEBHOOK_URL ...")
  std::string monday_hint;
};

/// Read the webhook URL and Monday token (net::read_secret). Throws core::ConfigError when a
/// configured file cannot be read.
Endpoints resolve_endpoints(const policy::GoLivePolicy& policy);

/// The Slack incoming-webhook payload for `text`: {"text": ...}.
std::string webhook_payload(const std::string& text);

/// Send one delivery; "" on success, else why it failed.
std::string send(const Delivery& d, const Endpoints& ep);

struct DeliveryOutcome {
  Delivery delivery;
  bool posted = false;
  std::string error;
  int attempts = 0;
};

/// Send `d` and record the outcome on the note of `commit` (attempts counted, error kept).
DeliveryOutcome deliver(git_repository* repo, const git_oid& commit, const Delivery& d, const Endpoints& ep,
                        std::time_t now, const git_signature* who);

/// Send again every delivery recorded as not posted, in every note; record each outcome.
std::vector<DeliveryOutcome> retry_pending(git_repository* repo, const Endpoints& ep, std::time_t now,
                                           const git_signature* who);

/// One line per outcome: "posted: announce/webhook (attempt 2)" or
/// "NOT POSTED: announce/webhook: HTTP 500 — recorded; the next release-gate command retries it".
void report_outcomes(const std::vector<DeliveryOutcome>& outcomes, std::ostream& out);

} // namespace rg::golive
