// release-gate template <type> | check-message FILE [--format text|json] | trailers [FILE|-]:
// the release record from the command line, checked exactly as the commit-msg hook checks it.

#include "hooks/cli/command.hpp"
#include "hooks/cli/common.hpp"
#include "lib/core/error.hpp"
#include "lib/git/repo.hpp"
#include "lib/message/message.hpp"
#include "lib/git/pending.hpp"
#include "lib/message/trailers.hpp"
#include "lib/report/report.hpp"
#include "lib/rollback/message.hpp"
#include "lib/rollback/verify.hpp"
#include "lib/rules/release_message.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <sstream>

namespace {

struct MessageArgs {
  std::string type;
  std::string file;
  std::string format = "text";
  std::string config;
};

std::string read_input(const std::string& file) {
  if (file.empty() || file == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    return ss.str();
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) throw rg::core::UsageError("cannot read " + file);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int print_template(const MessageArgs& a) {
  const auto policy = rg::cli::load_policy(a.config, ".");
  std::cout << rg::rules::message_template(a.type, policy.release);
  return 0;
}

int check_message(const MessageArgs& a) {
  const auto format = rg::report::parse_format(a.format);
  if (!format || *format == rg::report::Format::sarif)
    throw rg::core::UsageError("--format must be text or json");
  // Inside a work tree the facts come from it (author, staged paths), as in the hook.
  std::optional<rg::git::Repository> repo;
  std::filesystem::path root = ".";
  try {
    repo = rg::git::open_at(".");
    if (const char* wd = git_repository_workdir(repo->get())) root = wd;
  } catch (const rg::core::Error&) {
    repo.reset();
  }
  const auto policy = rg::cli::load_policy(a.config, root);
  rg::rules::ReleaseContext ctx;
  if (repo) {
    auto pending = rg::git::read_pending_commit(repo->get(), policy.release);
    ctx.author_name = pending.author_name;
    ctx.author_email = pending.author_email;
    ctx.changed_paths = pending.changed_paths;
    ctx.merged_feature_branches = pending.merged_feature_branches;
    ctx.re_release = !rg::rollback::re_released_by_merge(repo->get()).empty();
  }
  const std::string message = rg::message::cleanup_strip(read_input(a.file));
  if (repo && !ctx.re_release)
    ctx.re_release = rg::rollback::reverted_rollback(message, rg::rollback::message_lookup(repo->get())).has_value();
  auto findings = rg::rules::check_release_message(message, ctx, policy.release);
  if (*format == rg::report::Format::json) {
    std::cout << rg::report::to_json(findings);
  } else {
    for (auto& f : findings) f.where.path = a.file.empty() || a.file == "-" ? "<stdin>" : a.file;
    rg::report::TextOptions opts;
    opts.tool = "check-message";
    rg::report::write_text(std::cout, findings, opts);
    if (rg::core::has_errors(findings)) std::cout << "\n" << rg::rules::release_help(message, policy.release);
  }
  return rg::core::has_errors(findings) ? 1 : 0;
}

int print_trailers(const MessageArgs& a) {
  std::cout << rg::message::format_trailers(rg::message::parse_trailers(read_input(a.file)));
  return 0;
}

void setup_message(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<MessageArgs>();

  auto* tpl = app.add_subcommand("template", "Print a release commit message template for a release type");
  tpl->add_option("type", args->type, "release type (routine, multi-feature, architecture, hotfix, ...)")->required();
  tpl->add_option("--config", args->config, "policy file (default: .release-gate.yml if present)");
  tpl->callback([args, &exit_code] { exit_code = print_template(*args); });

  auto* chk = app.add_subcommand("check-message", "Check a commit message as the commit-msg hook would (exit 0/1/2)");
  chk->add_option("file", args->file, "message file, or - for stdin")->required();
  chk->add_option("--format", args->format, "text or json");
  chk->add_option("--config", args->config, "policy file (default: .release-gate.yml if present)");
  chk->callback([args, &exit_code] { exit_code = check_message(*args); });

  auto* tr = app.add_subcommand("trailers", "Print a message's trailers exactly as `git interpret-trailers --parse`");
  tr->add_option("file", args->file, "message file, or - / nothing for stdin");
  tr->callback([args, &exit_code] { exit_code = print_trailers(*args); });
}

} // namespace

RG_CLI_COMMAND(setup_message);
