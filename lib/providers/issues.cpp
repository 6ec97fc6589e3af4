// The `github` and `gitlab` providers: any open issue carrying one of the labels fails (SEV1 /
// SEV2 bugs, or the items of a release label). Both APIs AND the labels of one query, so each
// label is its own query; pages are read until one comes back short.
//   GitHub: GET <api>/repos/<owner>/<repo>/issues?state=open&labels=<l>&per_page=100&page=<n>
//           (pull requests are issues too there: entries with `pull_request` are skipped)
//   GitLab: GET <api>/api/v4/projects/<url-encoded path or id>/issues?state=opened&labels=<l>&...

#include "lib/core/text.hpp"
#include "lib/providers/http_util.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <map>

namespace rg::providers {

namespace {

using nlohmann::json;
constexpr int kPerPage = 100;

enum class Host { github, gitlab };

Result check_issues(const policy::Source& s, Host host) {
  std::string token;
  if (auto err = detail::token_error(s, token)) return detail::unknown(s, *err);
  std::string base = s.api_url;
  while (!base.empty() && base.back() == '/') base.pop_back();

  std::map<long long, std::string> open;  // by number: an issue with two labels counts once
  for (const auto& label : s.labels) {
    for (uint32_t page = 1;; ++page) {
      if (page > s.max_pages)
        return detail::unknown(s, fmt::format("more than {} pages of issues labelled {} (max_pages)", s.max_pages, label));
      std::string url;
      net::Request req;
      if (host == Host::github) {
        url = fmt::format("{}/repos/{}/issues?state=open&labels={}&per_page={}&page={}", base, s.repo,
                          detail::url_encode(label), kPerPage, page);
        req = detail::request(s, "GET", url);
        req.headers = {{"Accept", "application/vnd.github+json"}, {"X-GitHub-Api-Version", "2022-11-28"}};
        if (!token.empty()) req.headers.emplace_back("Authorization", "Bearer " + token);
      } else {
        url = fmt::format("{}/api/v4/projects/{}/issues?state=opened&labels={}&per_page={}&page={}", base,
                          detail::url_encode(s.repo), detail::url_encode(label), kPerPage, page);
        req = detail::request(s, "GET", url);
        if (!token.empty()) req.headers.emplace_back("PRIVATE-TOKEN", token);
      }
      const net::Response resp = net::send(req);
      const json j = json::parse(resp.body, nullptr, false);
      if (!resp.ok()) {
        std::string msg;
        if (!j.is_discarded() && j.is_object()) {
          if (j.contains("message") && j["message"].is_string()) msg = j["message"].get<std::string>();
          else if (j.contains("error") && j["error"].is_string()) msg = j["error"].get<std::string>();
        }
        if (resp.error.empty() && resp.status == 403 && core::to_lower(msg).find("rate limit") != std::string::npos)
          return detail::unknown(s, fmt::format("rate limited (HTTP 403: {}); try again later", core::printable(msg.substr(0, 200))));
        return detail::failed(s, resp, msg);
      }
      if (j.is_discarded() || !j.is_array()) return detail::unknown(s, "the answer is not a JSON list of issues");
      for (const auto& issue : j) {
        if (!issue.is_object()) continue;
        if (host == Host::github && issue.contains("pull_request")) continue;
        const long long number = host == Host::github ? issue.value("number", 0LL) : issue.value("iid", 0LL);
        std::vector<std::string> names;
        if (issue.contains("labels") && issue["labels"].is_array())
          for (const auto& l : issue["labels"]) {
            if (l.is_string()) names.push_back(l.get<std::string>());
            else if (l.is_object() && l["name"].is_string()) names.push_back(l["name"].get<std::string>());
          }
        const std::string url_key = host == Host::github ? "html_url" : "web_url";
        open.emplace(number, fmt::format("#{} {} [{}] {}", number, core::printable(issue.value("title", std::string())),
                                         core::printable(fmt::format("{}", fmt::join(names, ", "))),
                                         core::printable(issue.value(url_key, std::string()))));
      }
      if (j.size() < size_t(kPerPage)) break;
    }
  }
  Result r;
  const std::string what = fmt::format("{} {} labelled {}", host == Host::github ? "GitHub" : "GitLab",
                                       core::printable(s.repo), fmt::join(s.labels, " or "));
  if (open.empty()) {
    r.status = Status::pass;
    r.summary = fmt::format("no open issues in {}", what);
  } else {
    r.status = Status::fail;
    r.summary = fmt::format("{} open issue{} in {}", open.size(), open.size() == 1 ? "" : "s", what);
    for (auto& [n, line] : open) r.details.push_back(std::move(line));
  }
  return r;
}

} // namespace

Result check_github(const policy::Source& s) { return check_issues(s, Host::github); }
Result check_gitlab(const policy::Source& s) { return check_issues(s, Host::gitlab); }

} // namespace rg::providers
