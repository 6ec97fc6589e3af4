// release-gate approve <commit> [--role R]... [--qa <id> PASS|FAIL] [--as <person>] [--push <remote>]
// Records that the person running it approves that exact commit (for the roles given, or every
// role they hold), or records a QA verdict, as refs/release-gate/approvals/<commit>/<person>
// pointing at a JSON blob. The server accepts the ref only from that person's authenticated
// login (lib/rules/approvals), so the approval proves what a typed Authorized-By line cannot.

#include "hooks/cli/command.hpp"
#include "hooks/cli/common.hpp"
#include "lib/core/error.hpp"
#include "lib/core/names.hpp"
#include "lib/core/text.hpp"
#include "lib/git/check.hpp"
#include "lib/git/repo.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <spawn.h>
#include <sys/wait.h>

#include <ctime>
#include <iostream>
#include <memory>

extern char** environ;

namespace {

struct ApproveArgs {
  std::string commit;
  std::vector<std::string> roles;
  std::vector<std::string> qa;  // id, verdict
  std::string as;
  std::string push;
  std::string config;
};

std::string config_string(git_repository* repo, const char* key) {
  git_config* raw = nullptr;
  rg::git::check(git_repository_config_snapshot(&raw, repo), "git_repository_config_snapshot");
  rg::git::Config cfg(raw);
  const char* v = nullptr;
  if (git_config_get_string(&v, raw, key) < 0) {
    git_error_clear();
    return "";
  }
  return v;
}

int run_git(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>("git"));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawnp(&pid, "git", nullptr, nullptr, argv.data(), environ) != 0)
    throw rg::core::Error("cannot run git");
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

int approve(const ApproveArgs& a) {
  rg::git::Repository repo = rg::git::open_at(".");
  const char* wd = git_repository_workdir(repo.get());
  const auto policy = rg::cli::load_policy(a.config, wd ? wd : git_repository_path(repo.get()));
  const auto& rel = policy.release;
  const auto id = rg::git::resolve_commit(repo.get(), a.commit);
  if (!id) throw rg::core::UsageError(fmt::format("`{}` does not name a commit here (git fetch it first)", a.commit));
  const std::string commit = rg::git::to_hex(*id);

  // Who is approving: --as, else the person whose e-mail is git's user.email.
  std::string person = a.as;
  std::vector<std::string> held;
  if (person.empty()) {
    const std::string email = rg::core::to_lower(config_string(repo.get(), "user.email"));
    if (const auto* rec = rel.person_by_email(email)) person = rec->id;
    else if (!rel.roles_of(email).empty()) person = email;  // a `Name <email>` role holder
    else
      throw rg::core::UsageError(fmt::format(
          "your e-mail ({}) is not one of the policy's people; pass --as <person id> (release.people)",
          email.empty() ? "git config user.email is not set" : email));
  }
  held = person.find('@') != std::string::npos ? rel.roles_of(person) : rel.roles_of_person(person);
  if (!rel.person(person) && person.find('@') == std::string::npos)
    throw rg::core::UsageError(fmt::format("no person `{}` in the policy (release.people)", person));
  for (const auto& r : a.roles)
    if (std::find(held.begin(), held.end(), r) == held.end())
      throw rg::core::UsageError(fmt::format("`{}` does not hold role `{}` (holds: {})", person, r,
                                             held.empty() ? std::string("none") : fmt::format("{}", fmt::join(held, ", "))));
  if (!a.qa.empty()) {
    const std::string verdict = a.qa.size() > 1 ? a.qa[1] : "";
    if (verdict != "PASS" && verdict != "FAIL") throw rg::core::UsageError("--qa takes <id> PASS or <id> FAIL");
    if (rel.qa_role.empty() || std::find(held.begin(), held.end(), rel.qa_role) == held.end())
      throw rg::core::UsageError(fmt::format("`{}` does not hold the QA role `{}`", person, rel.qa_role));
  }

  nlohmann::json j;
  j["format"] = std::string(rg::names::refs::approval_format);
  j["commit"] = commit;
  j["person"] = person;
  j["roles"] = a.roles;
  j["qa"] = nlohmann::json::array();
  if (!a.qa.empty()) j["qa"].push_back({{"id", a.qa[0]}, {"verdict", a.qa[1]}});
  const std::time_t now = std::time(nullptr);
  char at[32];
  std::strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  j["at"] = at;
  const std::string body = j.dump(2) + "\n";
  git_oid blob;
  rg::git::check(git_blob_create_from_buffer(&blob, repo.get(), body.data(), body.size()), "git_blob_create_from_buffer");
  const std::string ref = std::string(rg::names::refs::approvals) + commit + "/" + person;
  git_reference* raw = nullptr;
  rg::git::check(git_reference_create(&raw, repo.get(), ref.c_str(), &blob, 1, "release-gate approve"),
                 "git_reference_create", ref);
  rg::git::Reference hold(raw);
  std::cout << fmt::format("approve: {} approves {} ({}) as {}\n", person, commit.substr(0, 12),
                           a.roles.empty() ? fmt::format("every role held: {}", fmt::join(held, ", "))
                                           : fmt::format("{}", fmt::join(a.roles, ", ")),
                           ref);
  if (a.push.empty()) {
    std::cout << fmt::format("approve: push it as yourself: git push {} +{}:{}\n", "origin", ref, ref);
    return 0;
  }
  const int rc = run_git({"push", a.push, "+" + ref + ":" + ref});
  if (rc != 0) {
    // A local ref the server refused would show as an approval that does not exist there.
    git_reference* mine = nullptr;
    if (git_reference_lookup(&mine, repo.get(), ref.c_str()) == 0) {
      rg::git::Reference h(mine);
      git_reference_delete(mine);
    }
    git_error_clear();
    std::cerr << "approve: the push failed, so nothing was approved (see git's message above);\n"
                 "approve: run the same command again once it can push\n";
    return 1;
  }
  std::cout << fmt::format("approve: pushed to {}\n", a.push);
  return 0;
}

void setup_approve(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ApproveArgs>();
  auto* c = app.add_subcommand("approve", "Approve an exact commit for your roles (or record a QA verdict), provably");
  c->add_option("commit", args->commit, "the release commit (as the server will receive it)")->required();
  c->add_option("--role", args->roles, "a role you hold that this approval is for (repeatable; default: all)");
  c->add_option("--qa", args->qa, "<id> PASS|FAIL: a QA verdict, as a holder of the QA role")->expected(2);
  c->add_option("--as", args->as, "your person id in the policy (default: from git config user.email)");
  c->add_option("--push", args->push, "push the approval to this remote");
  c->add_option("--config", args->config, "policy file (default: .release-gate.yml if present)");
  c->callback([args, &exit_code] { exit_code = approve(*args); });
}

} // namespace

RG_CLI_COMMAND(setup_approve);
