// release-gate scan: the secrets rule over a directory, a range of commits, the staged change
// or standard input.

#include "hooks/cli/command.hpp"
#include "hooks/cli/common.hpp"
#include "lib/core/error.hpp"
#include "lib/git/repo.hpp"
#include "lib/report/report.hpp"
#include "lib/rules/secrets/scanner.hpp"
#include "lib/scan/baseline.hpp"
#include "lib/scan/scan.hpp"

#include <fmt/format.h>
#include <git2.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <thread>

namespace {

struct ScanArgs {
  std::string target;
  std::string range;
  bool staged = false;
  std::string format = "text";
  std::string config;
  unsigned threads = 0;
  bool no_ignore = false;
  bool quiet = false;
  bool paranoid = false;
  std::string baseline;
  std::string write_baseline;
};

std::filesystem::path worktree_of(git_repository* repo) {
  const char* wd = git_repository_workdir(repo);
  return wd ? wd : git_repository_path(repo);
}

// A line on stderr that rewrites itself: done/total, MB and MB/s, findings so far; at most ten
// times a second, so drawing it costs nothing next to the scan.
rg::scan::Progress terminal_progress(const char* unit) {
  using clock = std::chrono::steady_clock;
  const auto start = clock::now();
  auto last = start - std::chrono::seconds(1);
  return [=](const rg::scan::ProgressInfo& p) mutable {
    const auto now = clock::now();
    if (now - last < std::chrono::milliseconds(100) && p.done != p.total) return;
    last = now;
    const double secs = std::chrono::duration<double>(now - start).count();
    const double mb = double(p.bytes) / 1e6;
    std::cerr << fmt::format("\r\x1b[Kscanning: {}/{} {}, {:.1f} MB at {:.1f} MB/s, {} finding{} so far", p.done,
                             p.total, unit, mb, secs > 0 ? mb / secs : 0.0, p.findings, p.findings == 1 ? "" : "s")
              << std::flush;
  };
}

int run_scan(const ScanArgs& a) {
  auto format = rg::report::parse_format(a.format);
  if (!format) throw rg::core::UsageError(fmt::format("unknown format `{}`; use text, json or sarif", a.format));
  const bool from_git = a.staged || !a.range.empty();
  if (from_git && !a.target.empty())
    throw rg::core::UsageError("give either a PATH (or -) or --range/--staged, not both");

  rg::git::Repository repo;
  std::filesystem::path root = a.target.empty() || a.target == "-" ? "." : a.target;
  if (from_git) {
    repo = rg::git::open_at(".");
    root = worktree_of(repo.get());
  } else if (a.target != "-" && !std::filesystem::exists(root)) {
    throw rg::core::UsageError(fmt::format("{}: no such file or directory", root.string()));
  }
  const auto policy = rg::cli::load_policy(a.config, std::filesystem::is_directory(root) ? root : root.parent_path());
  const auto scanner = rg::rules::secrets::Scanner::compile(policy.secrets);

  const bool show_progress = !a.quiet && isatty(2) && *format == rg::report::Format::text;
  rg::scan::Progress progress;
  if (show_progress) progress = terminal_progress(!a.range.empty() ? "commits" : "files");

  // Read the baseline before scanning, so a wrong path fails fast.
  const auto baseline = a.baseline.empty() ? std::optional<rg::scan::IgnoreList>{}
                                           : rg::scan::load_baseline(a.baseline);
  const unsigned threads = a.threads ? a.threads : std::max(1u, std::thread::hardware_concurrency());
  rg::scan::ScanOptions opts_scan;
  opts_scan.paranoid = a.paranoid;
  rg::scan::Result result;
  if (a.staged) {
    result = rg::scan::scan_staged(scanner, repo.get(), opts_scan);
  } else if (!a.range.empty()) {
    rg::git::bound_history_memory();
    rg::scan::HistoryOptions history;
    history.threads = threads;
    history.open = [] { return rg::git::open_at("."); };
    history.skip_merged_from_scanned = true;
    result = rg::scan::scan_range(scanner, repo.get(), a.range, progress, opts_scan, history);
  } else if (a.target == "-") {
    std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    rg::scan::scan_text(scanner, "<stdin>", text, result, opts_scan);
  } else {
    result = rg::scan::scan_directory(scanner, root, threads, progress, opts_scan);
  }
  if (show_progress) std::cerr << "\r\x1b[K";
  if (!a.no_ignore) {
    auto base = std::filesystem::is_directory(root) ? root : root.parent_path();
    rg::scan::apply_ignore(result, rg::scan::IgnoreList::load(base / policy.secrets.ignore_file));
  }
  if (!a.write_baseline.empty()) {
    // Everything found now is accepted from here on; the scan itself succeeds.
    std::ofstream out(a.write_baseline, std::ios::binary | std::ios::trunc);
    out << rg::scan::baseline_json(result);
    if (!out.flush()) throw rg::core::Error(fmt::format("{}: cannot write the baseline", a.write_baseline));
    if (!a.quiet)
      std::cerr << fmt::format("wrote {} finding{} to the baseline {}\n", result.findings.size(),
                               result.findings.size() == 1 ? "" : "s", a.write_baseline);
    return 0;
  }
  size_t known = 0;
  if (baseline) {
    const size_t before = result.findings.size();
    rg::scan::apply_ignore(result, *baseline);
    known = before - result.findings.size();
  }

  for (const auto& n : result.notices)
    if (!a.quiet) std::cerr << "note: " << n << "\n";
  rg::report::TextOptions opts;
  opts.color = isatty(1) && !std::getenv("NO_COLOR");
  rg::report::write(std::cout, *format, result.findings, scanner.rules(), opts);
  if (!a.quiet && *format == rg::report::Format::text)
    std::cerr << fmt::format("scanned {} file{}{}, {:.1f} MB: {} finding{}{}\n", result.files,
                             result.files == 1 ? "" : "s",
                             result.commits ? fmt::format(" in {} commits", result.commits) : "",
                             double(result.bytes) / 1e6, result.findings.size(),
                             result.findings.size() == 1 ? "" : "s",
                             known ? fmt::format(" ({} more in the baseline)", known) : "");
  // Warnings (test credentials) are shown, never block.
  return rg::scan::blocks(result) ? 1 : 0;
}

void setup_scan(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ScanArgs>();
  auto* cmd = app.add_subcommand("scan", "Scan files, a commit range, the staged change or stdin for plaintext secrets");
  cmd->add_option("path", args->target, "directory or file to scan (default .), or - for stdin");
  cmd->add_option("--range", args->range, "scan the lines added by each commit of A..B (or all history of REV)");
  cmd->add_flag("--staged", args->staged, "scan the staged change, as the pre-commit hook does");
  cmd->add_option("--format", args->format, "text, json or sarif")->check(CLI::IsMember({"text", "json", "sarif"}));
  cmd->add_option("--config", args->config, "policy file to apply instead of <root>/.release-gate.yml");
  cmd->add_option("--threads", args->threads, "worker threads (default: all cores)");
  cmd->add_flag("--no-ignore", args->no_ignore, "report findings listed in .release-gate-ignore too");
  cmd->add_flag("-q,--quiet", args->quiet, "no notices, progress or summary on stderr");
  cmd->add_flag("--paranoid", args->paranoid, "also run keyword-free detectors (high-entropy strings)");
  cmd->add_option("--baseline", args->baseline, "JSON baseline: report only findings not in it");
  cmd->add_option("--write-baseline", args->write_baseline,
                  "write the findings' fingerprints to this JSON baseline and exit 0");
  cmd->callback([args, &exit_code] { exit_code = run_scan(*args); });
}

} // namespace

RG_CLI_COMMAND(setup_scan);
