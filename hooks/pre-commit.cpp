// pre-commit: refuse a commit whose staged change adds plaintext secrets.
// git runs it in the work tree with GIT_INDEX_FILE set for `commit -a` / `commit <path>`.

#include "lib/core/error.hpp"
#include "lib/git/check.hpp"
#include "lib/git/handles.hpp"
#include "lib/git/repo.hpp"
#include "lib/policy/policy.hpp"
#include "lib/report/report.hpp"
#include "lib/rules/secrets/scanner.hpp"
#include "lib/scan/scan.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>

namespace {

// The staged change as git itself prints it, for an index libgit2 cannot read (a sparse index,
// extension 'sdir', is refused by libgit2 1.5). git honours GIT_INDEX_FILE (`commit -a`).
rg::scan::Result scan_staged_with_git(const rg::rules::secrets::Scanner& scanner) {
  std::FILE* p = ::popen("git -c core.quotePath=true diff --cached -U0 -M --no-color --no-ext-diff "
                         "--no-textconv --src-prefix=a/ --dst-prefix=b/", "r");
  if (!p) throw rg::core::Error("cannot run `git diff --cached`");
  std::string out;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  const int status = ::pclose(p);
  if (status != 0) throw rg::core::Error("`git diff --cached` failed");
  rg::scan::Result result;
  rg::scan::scan_changes(scanner, rg::scan::parse_diff_u0(out), {}, result);
  return result;
}

} // namespace

int main() {
  rg::git::Library lib;
  try {
    // git runs the hook at the top of the work tree.
    std::filesystem::path workdir = ".";
    std::optional<rg::rules::secrets::Scanner> scanner;
    rg::policy::Policy policy;
    auto load = [&] {
      policy = rg::policy::load_secrets_for_worktree(workdir);
      scanner.emplace(rg::rules::secrets::Scanner::compile(policy.secrets));
    };
    rg::scan::Result result;
    try {
      rg::git::Repository repo = rg::git::open_from_env();
      const char* wd = git_repository_workdir(repo.get());
      if (wd) workdir = wd;
      load();
      result = rg::scan::scan_staged(*scanner, repo.get());
    } catch (const std::exception& e) {
      // A sparse index (`git sparse-checkout init --sparse-index`): libgit2 1.5 cannot read it
      // (opening with GIT_INDEX_FILE set, or reading the index), git can.
      if (std::string(e.what()).find("mandatory extension") == std::string::npos) throw;
      if (!scanner) load();
      result = scan_staged_with_git(*scanner);
    }
    rg::scan::apply_ignore(result, rg::scan::IgnoreList::load(workdir / policy.secrets.ignore_file));
    if (result.findings.empty()) {
      // Nothing found, but say what was not looked at.
      for (const auto& n : result.notices) std::cerr << "pre-commit: note: " << n << "\n";
      return 0;
    }
    rg::report::TextOptions opts;
    opts.tool = "pre-commit";
    opts.color = isatty(2) && !std::getenv("NO_COLOR");
    if (!rg::scan::blocks(result)) {
      // Only test credentials (warnings): shown, the commit goes ahead.
      std::cerr << "pre-commit: release-gate: the staged change adds " << result.findings.size()
                << " test credential" << (result.findings.size() == 1 ? "" : "s")
                << " (not blocking; secrets.test_credentials: error makes them block).\n\n";
      rg::report::write_text(std::cerr, result.findings, opts);
      for (const auto& n : result.notices) std::cerr << "note: " << n << "\n";
      return 0;
    }

    std::cerr << "pre-commit: release-gate stopped this commit: the staged change adds "
              << result.findings.size() << " plaintext secret"
              << (result.findings.size() == 1 ? "" : "s") << " (SOP: credential check).\n\n";
    rg::report::write_text(std::cerr, result.findings, opts);
    for (const auto& n : result.notices) std::cerr << "note: " << n << "\n";
    std::cerr << "\nUnstage the file (git restore --staged <path>), remove the secret, then commit again.\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "pre-commit: error: " << e.what() << "\n";
    return 2;
  }
}
