// Faults that must fail closed: configuration files that are not what they seem (the bounded
// reader, the policy loader) and audit records that must be whole or absent.

#include "lib/audit/audit.hpp"
#include "lib/core/error.hpp"
#include "lib/core/file.hpp"
#include "lib/policy/policy.hpp"
#include "lib/scan/scan.hpp"
#include "tests/support/testutil.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <sstream>

using namespace rg;
namespace fs = std::filesystem;

namespace {

std::string config_error(const fs::path& file) {
  try {
    (void)core::read_config_file(file, "policy file");
  } catch (const core::ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

std::string apply_error(const fs::path& file) {
  try {
    policy::Policy p = policy::default_policy();
    policy::apply_file(p, file);
  } catch (const core::ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

std::vector<nlohmann::json> lines_of(const fs::path& file) {
  std::vector<nlohmann::json> out;
  std::istringstream in(test::read_file(file));
  std::string l;
  while (std::getline(in, l)) {
    auto j = nlohmann::json::parse(l, nullptr, false);
    REQUIRE_MESSAGE(!j.is_discarded(), "not a JSON line: " << l);
    out.push_back(j);
  }
  return out;
}

audit::Record sample(const std::string& who) {
  audit::Record r;
  r.time = "2026-01-02T03:04:05.000Z";
  r.pusher = who;
  r.verdict = "accepted";
  return r;
}

} // namespace

TEST_SUITE("robust") {

TEST_CASE("read_config_file: only a regular file, bounded, never blocking") {
  test::TempDir dir;
  const auto at = [&](const std::string& n) { return (dir / n).string(); };

  CHECK_FALSE(core::read_config_file(dir / "absent", "policy file").has_value());
  test::write_file(dir / "ok.yml", "version: 1\n");
  CHECK(core::read_config_file(dir / "ok.yml", "policy file") == "version: 1\n");

  fs::create_directory(dir / "d.yml");
  CHECK(config_error(dir / "d.yml") ==
        at("d.yml") + ": policy file is a directory, not a regular file; replace it with a file or remove it");

  fs::create_symlink(dir / "gone.yml", dir / "dangling.yml");
  CHECK(config_error(dir / "dangling.yml") ==
        at("dangling.yml") + ": policy file is a symbolic link to " + at("gone.yml") +
            ", which does not exist; point it at the file or remove it");

  // A FIFO with no writer: a blocking open would hang here forever.
  REQUIRE(::mkfifo((dir / "fifo.yml").c_str(), 0644) == 0);
  const auto t0 = std::chrono::steady_clock::now();
  CHECK(config_error(dir / "fifo.yml") ==
        at("fifo.yml") + ": policy file is a FIFO, not a regular file; replace it with a file or remove it");
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(2));

  // /dev/zero would be read until memory runs out.
  fs::create_symlink("/dev/zero", dir / "zero.yml");
  CHECK(config_error(dir / "zero.yml") ==
        at("zero.yml") + ": policy file is a character device, not a regular file; replace it with a file or remove it");

  test::write_file(dir / "big.yml", std::string(core::max_config_bytes + 1, '#'));
  CHECK(config_error(dir / "big.yml") ==
        at("big.yml") + ": policy file is 1048577 bytes, over the 1048576-byte limit; shorten it");
  test::write_file(dir / "limit.yml", std::string(core::max_config_bytes, '#'));
  CHECK(core::read_config_file(dir / "limit.yml", "policy file")->size() == core::max_config_bytes);

  if (::geteuid() != 0) {  // root reads anything
    test::write_file(dir / "secret.yml", "version: 1\n");
    fs::permissions(dir / "secret.yml", fs::perms::none);
    CHECK(config_error(dir / "secret.yml") ==
          at("secret.yml") + ": policy file cannot be opened: Permission denied; make it readable by the user the hook runs as");
  }
}

TEST_CASE("apply_file: every fault of a configured policy file is a ConfigError") {
  test::TempDir dir;
  const auto at = [&](const std::string& n) { return (dir / n).string(); };
  test::write_file(dir / "empty.yml", "");
  CHECK(apply_error(dir / "empty.yml") ==
        at("empty.yml") + ": policy file is empty; delete it to use the defaults, or write the policy");
  test::write_file(dir / "blank.yml", "\n  \n");
  CHECK(apply_error(dir / "blank.yml") ==
        at("blank.yml") + ": policy file is empty; delete it to use the defaults, or write the policy");
  CHECK(apply_error(dir / "absent.yml") ==
        at("absent.yml") + ": policy file does not exist; create it or fix the setting that names it");
  fs::create_directory(dir / "d.yml");
  CHECK(apply_error(dir / "d.yml") ==
        at("d.yml") + ": policy file is a directory, not a regular file; replace it with a file or remove it");

  // A dangling link is present (and then an error), not absent.
  fs::create_symlink(dir / "gone.yml", dir / "dangling.yml");
  CHECK(policy::policy_file_present(dir / "dangling.yml"));
  CHECK_FALSE(policy::policy_file_present(dir / "absent.yml"));

  // The repository's own file gets the same treatment.
  test::TempDir repo;
  fs::create_directory(repo / ".release-gate.yml");
  CHECK_THROWS_AS(policy::load_for_worktree(repo.path()), core::ConfigError);
}

TEST_CASE("IgnoreList::load: bounded too; absent is empty") {
  test::TempDir dir;
  CHECK(scan::IgnoreList::load(dir / "absent").size() == 0);
  fs::create_symlink("/dev/zero", dir / "ignore");
  CHECK_THROWS_AS(scan::IgnoreList::load(dir / "ignore"), core::ConfigError);
}

TEST_CASE("audit: a record that does not fit is absent, and the next one is whole") {
  test::TempDir dir;
  const auto file = dir / "audit.jsonl";
  audit::append_line(file, audit::to_json_line(sample("first")));
  const auto size = fs::file_size(file);

  // A file size limit that lets only part of the next line through (like a disk filling up).
  rlimit old{};
  REQUIRE(::getrlimit(RLIMIT_FSIZE, &old) == 0);
  rlimit small = old;
  small.rlim_cur = size + 10;
  REQUIRE(::setrlimit(RLIMIT_FSIZE, &small) == 0);
  std::string error;
  try {
    audit::append_line(file, audit::to_json_line(sample(std::string(200, 'x'))));
  } catch (const audit::WriteError& e) {
    error = e.what();
  }
  REQUIRE(::setrlimit(RLIMIT_FSIZE, &old) == 0);
  CHECK(error == "cannot append to audit log " + file.string() +
                     ": short write (disk full or file size limit); nothing was recorded");
  CHECK(fs::file_size(file) == size);  // the partial line was cut back off

  audit::append_line(file, audit::to_json_line(sample("third")));
  auto lines = lines_of(file);
  REQUIRE(lines.size() == 2);
  CHECK(lines[1]["pusher"] == "third");
}

TEST_CASE("audit: an unwritable log is one clear error") {
  std::string error;
  try {
    audit::append_line("/dev/full", "{}\n");
  } catch (const audit::WriteError& e) {
    error = e.what();
  }
  CHECK(error == "cannot append to audit log /dev/full: No space left on device");
  test::TempDir dir;
  fs::create_directory(dir / "log");
  CHECK_THROWS_WITH_AS(audit::append_line(dir / "log", "{}\n"),
                       ("cannot open audit log " + (dir / "log").string() + ": Is a directory").c_str(),
                       audit::WriteError);
}

TEST_CASE("audit: a line cut short by someone else never swallows the next record") {
  test::TempDir dir;
  const auto file = dir / "audit.jsonl";
  test::write_file(file, audit::to_json_line(sample("a")) + "{\"time\":\"2026");  // killed mid-write
  audit::append_line(file, audit::to_json_line(sample("b")));
  std::istringstream in(test::read_file(file));
  std::string l;
  std::vector<std::string> all;
  while (std::getline(in, l)) all.push_back(l);
  REQUIRE(all.size() == 3);
  CHECK(all[1] == "{\"time\":\"2026");
  CHECK(nlohmann::json::parse(all[2])["pusher"] == "b");
}

TEST_CASE("audit: append_line_raw is bounded on a held lock") {
  test::TempDir dir;
  const auto file = dir / "audit.jsonl";
  const std::string line = audit::to_json_line(sample("raw"));
  auto r = audit::append_line_raw(file.c_str(), line.data(), line.size(), 0);
  CHECK(r.error == 0);
  CHECK(lines_of(file).size() == 1);
}

TEST_CASE("audit: releases and the push id are in the record") {
  audit::Record r = sample("dana");
  r.push = "0123456789012345678901234567890123456789";
  r.releases = {{"refs/heads/main", "abcd", "routine", {"Dana Cruz <dana@example.com>"}, {"QA-7"}}};
  auto j = nlohmann::json::parse(audit::to_json_line(r));
  CHECK(j["hook"] == "pre-receive");
  CHECK(j["push"] == r.push);
  CHECK(j["releases"] == nlohmann::json::parse(R"([{"ref":"refs/heads/main","commit":"abcd","type":"routine",
      "authorizers":["Dana Cruz <dana@example.com>"],"qa":["QA-7"]}])"));
}
}
