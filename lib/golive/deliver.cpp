#include "lib/golive/deliver.hpp"

#include "lib/core/clock.hpp"
#include "lib/git/check.hpp"
#include "lib/golive/monday_updates.hpp"
#include "lib/golive/notes.hpp"
#include "lib/net/http.hpp"

namespace rg::golive {
namespace {

std::string channel_name(Channel c) { return c == Channel::webhook ? "webhook" : "monday"; }

json delivery_json(const Delivery& d) {
  return json{{"id", d.id}, {"channel", channel_name(d.channel)}, {"target", d.target}, {"text", d.text}};
}

std::optional<Delivery> delivery_from(const json& j) {
  if (!j.is_object() || !j.contains("id") || !j["id"].is_string()) return std::nullopt;
  Delivery d;
  d.id = j["id"].get<std::string>();
  d.channel = j.value("channel", std::string("webhook")) == "monday" ? Channel::monday : Channel::webhook;
  d.target = j.value("target", std::string());
  d.text = j.value("text", std::string());
  return d;
}

} // namespace

Endpoints resolve_endpoints(const policy::GoLivePolicy& p) {
  Endpoints ep;
  ep.webhook_url = net::read_secret(p.webhook_url_env, p.webhook_url_file);
  ep.monday_token = net::read_secret(p.monday_token_env, p.monday_token_file);
  ep.monday_api_url = p.monday_api_url;
  ep.webhook_hint = "no webhook URL: set " + p.webhook_url_env +
                    (p.webhook_url_file.empty() ? std::string(" (or golive.webhook.url_file in the policy)")
                                                : " or fill " + p.webhook_url_file);
  ep.monday_hint = "no Monday.com token: set " + p.monday_token_env +
                   (p.monday_token_file.empty() ? std::string(" (or golive.monday.token_file in the policy)")
                                                : " or fill " + p.monday_token_file);
  return ep;
}

std::string webhook_payload(const std::string& text) {
  return json{{"text", text}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string send(const Delivery& d, const Endpoints& ep) {
  if (d.channel == Channel::webhook) {
    if (!ep.webhook_url) return ep.webhook_hint;
    net::Request r;
    r.method = "POST";
    r.url = *ep.webhook_url;
    r.headers = {{"Content-Type", "application/json"}};
    r.body = webhook_payload(d.text);
    auto resp = net::send(r);
    return resp.ok() ? std::string() : resp.describe();
  }
  if (!ep.monday_token) return ep.monday_hint;
  return monday_failure(net::send(monday_create_update_request(ep.monday_api_url, *ep.monday_token, d.target, d.text)));
}

DeliveryOutcome deliver(git_repository* repo, const git_oid& commit, const Delivery& d, const Endpoints& ep,
                        std::time_t now, const git_signature* who) {
  DeliveryOutcome out{d, false, "", 1};
  // Recorded as pending first: if this process dies mid-send, the next command still retries it.
  json before = read_note(repo, commit).value_or(json::object());
  if (const json* prev = find_by_id(before, "deliveries", d.id)) {
    out.attempts = prev->value("attempts", 0) + 1;
    if (prev->value("posted", false)) return {d, true, "", prev->value("attempts", 1)};
  }
  json entry = delivery_json(d);
  entry["posted"] = false;
  update_note(repo, commit, json{{"deliveries", json::array({entry})}}, who);
  out.error = send(d, ep);
  out.posted = out.error.empty();
  entry["attempts"] = out.attempts;
  entry["posted"] = out.posted;
  entry["last_attempt"] = core::iso_utc(now);
  entry["last_error"] = out.error;
  if (out.posted) entry["posted_at"] = core::iso_utc(now);
  update_note(repo, commit, json{{"deliveries", json::array({entry})}}, who);
  return out;
}

std::vector<DeliveryOutcome> retry_pending(git_repository* repo, const Endpoints& ep, std::time_t now,
                                           const git_signature* who) {
  std::vector<DeliveryOutcome> out;
  for (const auto& n : all_notes(repo)) {
    auto it = n.record.find("deliveries");
    if (it == n.record.end() || !it->is_array()) continue;
    for (const auto& el : *it) {
      if (!el.is_object() || el.value("posted", true)) continue;
      if (auto d = delivery_from(el)) out.push_back(deliver(repo, n.commit, *d, ep, now, who));
    }
  }
  return out;
}

void report_outcomes(const std::vector<DeliveryOutcome>& outcomes, std::ostream& out) {
  for (const auto& o : outcomes) {
    const std::string what = o.delivery.channel == Channel::webhook
                                 ? "webhook (" + o.delivery.id + ")"
                                 : "Monday.com item " + o.delivery.target + " (" + o.delivery.id + ")";
    if (o.posted)
      out << "posted: " << what << (o.attempts > 1 ? " on attempt " + std::to_string(o.attempts) : "") << "\n";
    else
      out << "NOT POSTED: " << what << ": " << o.error
          << " (attempt " << o.attempts << "; recorded in refs/notes/release-gate, the next "
          << "release-gate command retries it)\n";
  }
}

} // namespace rg::golive
