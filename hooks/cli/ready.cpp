// release-gate ready [<branch>|<commit>|<A..B>] [--type T] [--format text|markdown|json|sarif]
//                    [--base main] [--record FILE] [--no-external] [--attest]
//   Every item of SOP section 2 for a release candidate: exit 0 only when every required item
//   passes, 1 otherwise, 2 for usage or configuration errors.
// release-gate check-push <old> <new> <ref> [--format text|json]
//   The server's pre-receive evaluation (push::evaluate) on a local repository, for CI where
//   the host runs no server hooks (a pull request's commits). Exit 0 accepted, 1 rejected.

#include "hooks/cli/command.hpp"
#include "hooks/cli/common.hpp"
#include "lib/core/error.hpp"
#include "lib/git/check.hpp"
#include "lib/git/repo.hpp"
#include "lib/push/evaluate.hpp"
#include "lib/push/update.hpp"
#include "lib/ready/attest.hpp"
#include "lib/ready/candidate.hpp"
#include "lib/ready/readiness.hpp"
#include "lib/ready/render.hpp"
#include "lib/ready/server_view.hpp"
#include "lib/report/report.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

namespace {

struct ReadyArgs {
  std::string candidate;
  std::string type;
  std::string format = "text";
  std::string base = "main";
  std::string record;
  std::string config;
  bool no_external = false;
  bool attest = false;
};

std::string read_text(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw rg::core::UsageError("cannot read " + file);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::filesystem::path workdir_of(git_repository* repo) {
  const char* wd = git_repository_workdir(repo);
  return wd ? std::filesystem::path(wd) : std::filesystem::path(git_repository_path(repo));
}

int ready(const ReadyArgs& a) {
  rg::git::Repository repo = rg::git::open_at(".");
  const auto root = workdir_of(repo.get());
  const auto policy = rg::cli::load_policy(a.config, root);
  const auto candidate = rg::ready::read_candidate(repo.get(), a.candidate, a.base, policy, root);

  rg::ready::Options opts;
  if (!a.type.empty()) opts.type = a.type;
  if (!a.record.empty()) opts.record_text = read_text(a.record);
  opts.external = !a.no_external;
  rg::providers::Context ctx;
  ctx.workdir = root;
  ctx.env = {{"RELEASE_GATE_BASE", candidate.base_id},
             {"RELEASE_GATE_TIP", candidate.tip_id},
             {"RELEASE_GATE_CANDIDATE", candidate.label}};
  const auto report = rg::ready::evaluate(candidate, policy, opts,
                                          [&](const rg::policy::Source& s) { return rg::providers::check(s, ctx); });

  if (a.format == "markdown") std::cout << rg::ready::to_markdown(report);
  else if (a.format == "json") std::cout << rg::ready::to_json(report);
  else if (a.format == "sarif") std::cout << rg::ready::to_sarif(report);
  else std::cout << rg::ready::to_text(report);

  if (a.attest) {
    const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&now, &tm);
    const std::string by = candidate.merger_email.empty() ? candidate.merger_name : candidate.merger_email;
    const std::string json = rg::ready::attestation_json(report, by, fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", tm));
    const std::string ref = rg::ready::write_attestation(repo.get(), policy.readiness.attestation, candidate.tip_id, json);
    std::cerr << fmt::format("ready: attestation ({}) written to {}\n"
                             "ready: publish it as the CI identity: git push origin {}\n",
                             report.ready ? "passed" : "NOT passed", ref, ref);
  }
  return report.ready ? 0 : 1;
}

struct CheckPushArgs {
  std::string old_id, new_id, ref;
  std::string format = "text";
  std::string config;
};

int check_push(const CheckPushArgs& a) {
  rg::git::Repository repo = rg::git::open_at(".");
  const auto root = workdir_of(repo.get());
  const auto policy = rg::cli::load_policy(a.config, root);
  auto id = [&](const std::string& spec) -> std::string {
    if (spec == rg::change::zero_id || spec == "0") return std::string(rg::change::zero_id);
    if (auto oid = rg::git::resolve_commit(repo.get(), spec)) return rg::git::to_hex(*oid);
    throw rg::core::UsageError(fmt::format("`{}` does not name a commit", spec));
  };
  rg::push::Request req;
  const std::string line = fmt::format("{} {} {}\n", id(a.old_id), id(a.new_id),
                                       a.ref.rfind("refs/", 0) == 0 ? a.ref : "refs/heads/" + a.ref);
  req.updates = rg::push::parse_updates(line);
  req.pusher = rg::push::detect_identity(rg::push::process_env());
  // The server's refs before the push: this repository's, with the ref back at <old>.
  const auto view = rg::ready::ServerView::create(repo.get(), req.updates.at(0).ref, req.updates.at(0).old_id);
  req.repo_dir = git_repository_path(view.get());
  const rg::push::Deadline deadline(0);  // CI has no hook budget
  auto out = rg::push::evaluate(view.get(), policy, req, deadline);
  const bool rejected = rg::core::has_errors(out.findings);
  if (a.format == "json") {
    std::cout << rg::report::to_json(out.findings);
  } else {
    rg::report::TextOptions opts;
    opts.tool = "check-push";
    rg::report::write_text(std::cout, out.findings, opts);
    std::cout << (rejected ? "check-push: the server would reject this push\n"
                           : fmt::format("check-push: ok ({} commits checked)\n", out.new_commits + out.mainline_commits));
  }
  return rejected ? 1 : 0;
}

void setup_ready(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ReadyArgs>();
  auto* r = app.add_subcommand("ready", "Is this release ready? Every SOP section 2 item, with evidence and next steps");
  r->add_option("candidate", args->candidate, "branch, commit or A..B (default: the current branch against --base)");
  r->add_option("--type", args->type, "release type for the record (default: declared, else inferred)");
  r->add_option("--format", args->format, "text, markdown, json or sarif")
      ->check(CLI::IsMember({"text", "markdown", "json", "sarif"}));
  r->add_option("--base", args->base, "the branch the release merges into (default: main)");
  r->add_option("--record", args->record, "a draft release record (trailers) to read as well");
  r->add_option("--config", args->config, "policy file (default: .release-gate.yml if present)");
  r->add_flag("--no-external", args->no_external, "do not ask the external sources (their items are unknown)");
  r->add_flag("--attest", args->attest, "record the result for the candidate's tip as an attestation ref");
  r->callback([args, &exit_code] { exit_code = ready(*args); });

  auto cargs = std::make_shared<CheckPushArgs>();
  auto* c = app.add_subcommand("check-push", "Run the server's pre-receive evaluation of <old> <new> <ref> on this repository");
  c->add_option("old", cargs->old_id, "old value of the ref (a commit, or 0 for a new ref)")->required();
  c->add_option("new", cargs->new_id, "new value")->required();
  c->add_option("ref", cargs->ref, "the ref, e.g. refs/heads/main")->required();
  c->add_option("--format", cargs->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  c->add_option("--config", cargs->config, "policy file (default: .release-gate.yml if present)");
  c->callback([cargs, &exit_code] { exit_code = check_push(*cargs); });
}

} // namespace

RG_CLI_COMMAND(setup_ready);
