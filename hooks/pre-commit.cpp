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

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

int main() {
  rg::git::Library lib;
  try {
    // A sparse index (`git sparse-checkout init --sparse-index`) is one libgit2 1.5 cannot read,
    // when opening with GIT_INDEX_FILE set or when reading the index: git lists the staged blobs
    // then, and they are read and judged (size limit, binary) exactly as on the libgit2 path.
    rg::git::EnvRepository env = rg::git::open_from_env_for_index();
    // git runs the hook at the top of the work tree.
    std::filesystem::path workdir = ".";
    if (const char* wd = git_repository_workdir(env.repo.get())) workdir = wd;
    const rg::policy::Policy policy = rg::policy::load_secrets_for_worktree(workdir);
    const auto scanner = rg::rules::secrets::Scanner::compile(policy.secrets);
    rg::scan::Result result = env.index_readable ? rg::scan::scan_staged(scanner, env.repo.get())
                                                 : rg::scan::scan_staged_with_git(scanner, env.repo.get());
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
