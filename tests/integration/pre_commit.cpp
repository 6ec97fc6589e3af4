// The pre-commit hook through the real git client, installed by install.sh.
#include "tests/support/testutil.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <filesystem>
#include <string>
#include <vector>

using namespace rg::test;

namespace {

const std::string kAwsKey = "AKIAQ3EGRK7VXYZ2WBCD";

std::string bin_dir() { return std::filesystem::path(bin("pre-commit")).parent_path().string(); }

// Secrets are checked on every branch; these tests work on a feature branch so that the
// commit-msg hook (installed alongside) has no release record to ask for.
void install_hooks(const TempRepo& repo) {
  if (repo.try_git("rev-parse -q --verify HEAD").exit_code != 0) repo.git("symbolic-ref HEAD refs/heads/feature/work");
  else repo.git("checkout -q -B feature/work");
  run_ok("bash " + sh_quote(std::string(RG_SOURCE_DIR) + "/install.sh") + " --no-deps --bin-dir " +
             sh_quote(bin_dir()) + " --repo " + sh_quote(repo.str()),
         repo.path());
}

int commit_count(const TempRepo& repo) {
  auto r = repo.try_git("rev-list --count HEAD");
  return r.exit_code == 0 ? std::stoi(r.out) : 0;
}

} // namespace

TEST_SUITE("pre_commit") {
TEST_CASE("a staged AWS key is refused and the commit does not exist") {
  TempRepo repo;
  install_hooks(repo);
  repo.write("config/app.env", "REGION=eu-west-1\nAWS_ACCESS_KEY_ID=" + kAwsKey + "\n");
  repo.git("add config/app.env");
  auto r = repo.try_git("commit -m 'add config'");
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("pre-commit: release-gate stopped this commit: the staged change adds 1 plaintext secret") != std::string::npos);
  CHECK(r.err.find("config/app.env:2: error: ") != std::string::npos);
  CHECK(r.err.find("[secrets/aws-access-key-id]") != std::string::npos);
  CHECK(r.err.find("AKIA…(20 chars)") != std::string::npos);
  CHECK(r.all().find(kAwsKey) == std::string::npos);  // never the whole secret
  CHECK(r.err.find("release-gate:allow") != std::string::npos);
  CHECK(commit_count(repo) == 0);  // the first commit of an empty repository was stopped
}

TEST_CASE("a clean commit passes silently; the first commit of an empty repository works") {
  TempRepo repo;
  install_hooks(repo);
  repo.write("README.md", "hello\n");
  repo.git("add README.md");
  auto r = repo.git("commit -q -m first");
  CHECK(r.err.empty());
  CHECK(commit_count(repo) == 1);
}

TEST_CASE("git commit -a with a key in a tracked file is refused (GIT_INDEX_FILE honoured)") {
  TempRepo repo;
  install_hooks(repo);
  repo.write("settings.py", "DEBUG = True\n");
  repo.git("add settings.py");
  repo.git("commit -q -m base");
  repo.write("settings.py", "DEBUG = True\nAWS_KEY = '" + kAwsKey + "'\n");
  auto r = repo.try_git("commit -a -m 'tweak'");
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("settings.py:2: error: ") != std::string::npos);
  CHECK(commit_count(repo) == 1);
  // `git commit <path>` uses a temporary index too.
  auto r2 = repo.try_git("commit -m tweak settings.py");
  CHECK(r2.exit_code == 1);
  CHECK(commit_count(repo) == 1);
}

TEST_CASE("only added lines count: an old secret elsewhere in the file does not block") {
  TempRepo repo;
  repo.commit_file("legacy.txt", "old " + kAwsKey + "\n", "legacy");  // committed before the hook
  install_hooks(repo);
  repo.write("legacy.txt", "old " + kAwsKey + "\nnew harmless line\n");
  repo.git("add legacy.txt");
  CHECK(repo.try_git("commit -q -m more").exit_code == 0);
  // A rename carries the old line along without adding it.
  repo.git("mv legacy.txt moved.txt");
  CHECK(repo.try_git("commit -q -m rename").exit_code == 0);
}

TEST_CASE("an allowed line and an accepted fingerprint pass") {
  TempRepo repo;
  install_hooks(repo);
  repo.write("docs/aws.md", "key: " + kAwsKey + "  <!-- release-gate:allow -->\n");
  repo.git("add docs/aws.md");
  CHECK(repo.try_git("commit -q -m doc").exit_code == 0);

  repo.write("test/fixture.txt", "fixture " + kAwsKey + "\n");
  repo.git("add test/fixture.txt");
  auto refused = repo.try_git("commit -m fixture");
  REQUIRE(refused.exit_code == 1);
  auto at = refused.err.find("fingerprint: ");
  REQUIRE(at != std::string::npos);
  auto fp = refused.err.substr(at + 13, refused.err.find('\n', at) - at - 13);
  CHECK(fp.rfind("test/fixture.txt:secrets/aws-access-key-id:", 0) == 0);
  repo.write(".release-gate-ignore", "# accepted: test fixture\n" + fp + "\n");
  repo.git("add .release-gate-ignore");
  CHECK(repo.try_git("commit -q -m fixture").exit_code == 0);
}

TEST_CASE("binary files are skipped; a repository config adds a rule; a bad config is an error") {
  TempRepo repo;
  install_hooks(repo);
  repo.write("blob.bin", std::string("\0\1\2" "AKIAQ3EGRK7VXYZ2WBCD", 23));
  repo.git("add blob.bin");
  CHECK(repo.try_git("commit -q -m bin").exit_code == 0);

  repo.write(".release-gate.yml",
             "secrets:\n  rules:\n    - id: acme-internal-token\n      description: ACME internal token\n"
             "      regex: '\\b(acme_[a-z0-9]{24})\\b'\n      keywords: [acme_]\n"
             "      examples: {match: ['acme_0123456789abcdefghijklmn'], no_match: ['acme_short']}\n");
  repo.write("svc.cfg", "token acme_q8w7e6r5t4y3u2i1o0p9a8s7\n");
  repo.git("add .release-gate.yml svc.cfg");
  auto r = repo.try_git("commit -m svc");
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("svc.cfg:1: error: ACME internal token [secrets/acme-internal-token]") != std::string::npos);

  repo.write(".release-gate.yml", "secrets:\n  disabel: [x]\n");
  auto bad = repo.try_git("commit -m svc");
  CHECK(bad.exit_code != 0);
  CHECK(bad.err.find(".release-gate.yml:2:3: unknown key `disabel` in `secrets`; did you mean `disable`?") != std::string::npos);
}

TEST_CASE("install.sh keeps an existing hook, runs it first, and is idempotent") {
  TempRepo repo;
  write_file(repo.path() / ".git/hooks/pre-commit", "#!/bin/sh\necho legacy-hook-ran >&2\nexit 0\n");
  run_ok("chmod +x .git/hooks/pre-commit", repo.path());
  install_hooks(repo);
  CHECK(std::filesystem::exists(repo.path() / ".git/hooks/pre-commit.local"));
  const std::string shim = read_file(repo.path() / ".git/hooks/pre-commit");
  install_hooks(repo);
  CHECK(read_file(repo.path() / ".git/hooks/pre-commit") == shim);
  CHECK(read_file(repo.path() / ".git/hooks/pre-commit.local").find("legacy-hook-ran") != std::string::npos);
  repo.write("a.txt", "a\n");
  repo.git("add a.txt");
  auto r = repo.git("commit -q -m a");
  CHECK(r.err.find("legacy-hook-ran") != std::string::npos);
  // A failing kept hook still blocks the commit.
  write_file(repo.path() / ".git/hooks/pre-commit.local", "#!/bin/sh\necho nope >&2\nexit 3\n");
  repo.write("b.txt", "b\n");
  repo.git("add b.txt");
  CHECK(repo.try_git("commit -q -m b").exit_code != 0);
}
TEST_CASE("test credentials are shown as warnings and do not block; live formats still do") {
  TempRepo repo;
  install_hooks(repo);
  repo.write("tests/test_db.py", "db_password = \"2k0HZMvkeL+3!4\"\n");
  repo.git("add tests/test_db.py");
  auto r = repo.try_git("commit -m 'add a db test'");
  CHECK(r.exit_code == 0);
  CHECK(r.err.find("pre-commit: release-gate: the staged change adds 1 test credential (not blocking") !=
        std::string::npos);
  CHECK(r.err.find("tests/test_db.py:1: warning: Hard-coded password assignment (test-credential") !=
        std::string::npos);
  CHECK(commit_count(repo) == 1);

  repo.write("tests/fixtures/aws.env", "AWS_ACCESS_KEY_ID=" + kAwsKey + "\n");
  repo.git("add tests/fixtures/aws.env");
  auto live = repo.try_git("commit -m 'add a fixture'");
  CHECK(live.exit_code == 1);
  CHECK(live.err.find("tests/fixtures/aws.env:1: error: ") != std::string::npos);
  CHECK(commit_count(repo) == 1);
}

TEST_CASE("skipped files are named even when nothing is found") {
  TempRepo repo;
  install_hooks(repo);
  repo.write("img.dat", std::string("\x89PNG\0\0", 6) + "pixels");
  repo.git("add img.dat");
  auto r = repo.try_git("commit -m 'add an image'");
  CHECK(r.exit_code == 0);
  CHECK(r.err.find("pre-commit: note: img.dat: skipped: binary file") != std::string::npos);
}

TEST_CASE("the binaries override libgit2's CA loading (no CA bundle parsed at start-up)") {
  for (const char* b : {"pre-commit", "release-gate"}) {
    auto r = run("nm -D " + sh_quote(bin(b)));
    REQUIRE(r.exit_code == 0);
    CHECK_MESSAGE(r.out.find(" T mbedtls_x509_crt_parse_file") != std::string::npos, b);
    CHECK_MESSAGE(r.out.find(" T mbedtls_x509_crt_parse_path") != std::string::npos, b);
  }
}
}

TEST_SUITE("pre_commit") {
TEST_CASE("a merge without conflicts runs pre-merge-commit: a branch adding a key is refused") {
  TempRepo repo;
  install_hooks(repo);  // on feature/work
  CHECK(std::filesystem::exists(repo.path() / ".git/hooks/pre-merge-commit"));
  repo.write("README.md", "hello\n");
  repo.git("add README.md");
  repo.git("commit -q -m base");
  // The side branch got its key past the hook with --no-verify.
  repo.git("checkout -q -b feature/side");
  repo.write("config/app.env", "AWS_ACCESS_KEY_ID=" + kAwsKey + "\n");
  repo.git("add config/app.env");
  repo.git("commit -q --no-verify -m 'add config'");
  repo.git("checkout -q feature/work");
  repo.write("other.txt", "other\n");
  repo.git("add other.txt");
  repo.git("commit -q -m other");
  const std::string before = repo.git("rev-parse HEAD").out;

  auto r = repo.try_git("merge --no-ff -m 'merge side' feature/side");
  CHECK(r.exit_code != 0);
  CHECK(r.err.find("config/app.env:1: error: ") != std::string::npos);
  CHECK(r.err.find("[secrets/aws-access-key-id]") != std::string::npos);
  CHECK(repo.git("rev-parse HEAD").out == before);  // no merge commit
  CHECK(commit_count(repo) == 2);

  // A clean branch merges, through the same hook.
  repo.git("merge --abort");
  repo.git("checkout -q -b feature/clean HEAD~1");
  repo.write("docs.txt", "docs\n");
  repo.git("add docs.txt");
  repo.git("commit -q -m docs");
  repo.git("checkout -q feature/work");
  CHECK(repo.try_git("merge -q --no-ff -m 'merge clean' feature/clean").exit_code == 0);
  CHECK(commit_count(repo) == 4);
}
}

TEST_SUITE("pre_commit") {
TEST_CASE("the pre-commit framework's installed release loads .pre-commit-hooks.yaml and runs the hook") {
  if (run("command -v pre-commit").exit_code != 0) {
    MESSAGE("pre-commit (the framework) is not installed; skipped (apt-get install pre-commit)");
    return;
  }
  // A hook repository holding only the manifest, and the binary under its installed name.
  TempRepo hooks;
  hooks.write(".pre-commit-hooks.yaml", read_file(std::filesystem::path(RG_SOURCE_DIR) / ".pre-commit-hooks.yaml"));
  hooks.git("add .pre-commit-hooks.yaml");
  hooks.git("commit -q -m manifest");
  TempDir tools;
  std::filesystem::create_symlink(bin("pre-commit"), tools / "release-gate-pre-commit");
  const std::string env = "PRE_COMMIT_HOME=" + sh_quote((tools / "cache").string()) + " PATH=" +
                          sh_quote(tools.str()) + ":\"$PATH\" ";

  TempRepo repo;
  repo.commit_file("README.md", "hello\n", "base");
  repo.write("config/app.env", "AWS_ACCESS_KEY_ID=" + kAwsKey + "\n");
  repo.git("add config/app.env");
  auto r = run(env + "pre-commit try-repo " + sh_quote(hooks.str()) + " release-gate-secrets --files config/app.env",
               repo.path());
  CHECK_MESSAGE(r.all().find("InvalidManifestError") == std::string::npos, r.all());
  CHECK(r.exit_code == 1);
  CHECK(r.all().find("config/app.env:1: error: ") != std::string::npos);

  repo.git("rm -q --cached config/app.env");
  repo.write("notes.txt", "notes\n");
  repo.git("add notes.txt");
  auto ok = run(env + "pre-commit try-repo " + sh_quote(hooks.str()) + " release-gate-secrets --files notes.txt",
                repo.path());
  CHECK_MESSAGE(ok.exit_code == 0, ok.all());
}
}

TEST_SUITE("pre_commit") {
TEST_CASE("a sparse-index clone: the hook falls back to git's own diff and still refuses a key") {
  TempRepo repo;
  repo.write("a/x.txt", "1\n");
  repo.write("b/y.txt", "2\n");
  repo.git("add a b");
  repo.git("commit -q -m base");
  install_hooks(repo);
  repo.git("sparse-checkout init --cone --sparse-index");
  repo.git("sparse-checkout set a");
  CHECK(!std::filesystem::exists(repo.path() / "b/y.txt"));

  repo.write("a/app.env", "REGION=eu-west-1\nAWS_ACCESS_KEY_ID=" + kAwsKey + "\n");
  repo.git("add a/app.env");
  auto r = repo.try_git("commit -m 'add config'");
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("mandatory extension") == std::string::npos);
  CHECK(r.err.find("a/app.env:2: error: ") != std::string::npos);
  CHECK(r.err.find("[secrets/aws-access-key-id]") != std::string::npos);
  CHECK(r.all().find(kAwsKey) == std::string::npos);
  CHECK(commit_count(repo) == 1);

  repo.git("rm -q --cached a/app.env");
  repo.write("a/x.txt", "1\nmore\n");
  repo.write("a/notes.md", "notes\n");
  repo.git("add a/x.txt a/notes.md");
  auto ok = repo.try_git("commit -q -m notes");
  CHECK_MESSAGE(ok.exit_code == 0, ok.err);
  CHECK(commit_count(repo) == 2);

  // `git commit -a` (a temporary index) goes through the same fallback.
  repo.write("a/x.txt", "1\nmore\nkey " + kAwsKey + "\n");
  auto all = repo.try_git("commit -a -m tweak");
  CHECK(all.exit_code == 1);
  CHECK(all.err.find("a/x.txt:3: error: ") != std::string::npos);
  CHECK(commit_count(repo) == 2);
}
}

namespace {

// The repository's policy for the size-limit tests: files over 1000 bytes are not read.
const std::string kSmallLimit = "secrets:\n  limits: {max_file_bytes: 1000}\n";

// A text file of `bytes` bytes whose first line holds a key: over the limit it must not be read.
std::string big_text(size_t bytes) {
  std::string s = "AWS_ACCESS_KEY_ID=" + kAwsKey + "\n";
  while (s.size() < bytes) s += "filler line of an over-limit file\n";
  s.resize(bytes - 1);
  return s + "\n";
}

// The same commits in `repo` (its files under a/): what git printed for each and whether it
// made the commit. The libgit2 path and the sparse-index path must agree on all of it.
std::vector<std::string> size_limit_story(const TempRepo& repo) {
  std::vector<std::string> story;
  auto commit = [&](const std::string& args) {
    const int before = commit_count(repo);
    auto r = repo.try_git("commit " + args);
    story.push_back(fmt::format("exit {}, commits +{}\n{}", r.exit_code, commit_count(repo) - before, r.err));
  };
  // Clean: a binary file and an over-limit file (with a key that is never read) are named.
  repo.write("a/big.txt", big_text(3000));
  repo.write("a/img.dat", std::string("\x89PNG\0\0", 6) + "pixels");
  repo.write("a/x.txt", "1\n2\n");  // an edit: a diff of two blobs
  repo.git("add a/big.txt a/img.dat a/x.txt");
  commit("-q -m 'add big and image'");
  // A key elsewhere blocks; the notes come with the report.
  repo.write("a/app.env", "AWS_ACCESS_KEY_ID=" + kAwsKey + "\n");
  repo.write("a/big.txt", big_text(2000));
  repo.git("add a/app.env a/big.txt");
  commit("-q -m 'add config'");
  repo.git("rm -q --cached a/app.env");
  repo.git("commit -q --no-verify -m 'shrink big'");
  // Shrunk under the limit: it was never read, so all of it counts as added (line 1 has a key).
  repo.write("a/big.txt", big_text(2000).substr(0, 600) + "\n");
  repo.git("add a/big.txt");
  commit("-q -m 'shrink under the limit'");
  // `git commit -a` (a temporary index, GIT_INDEX_FILE) grows it over the limit again.
  repo.write("a/big.txt", big_text(5000));
  commit("-q -a -m 'grow big'");
  return story;
}

TempRepo& with_policy(TempRepo& repo) {
  repo.write("a/x.txt", "1\n");
  repo.write("b/y.txt", "2\n");
  repo.write(".release-gate.yml", kSmallLimit);
  repo.git("add a b .release-gate.yml");
  repo.git("commit -q -m base");
  install_hooks(repo);
  return repo;
}

} // namespace

TEST_SUITE("pre_commit") {
TEST_CASE("files skipped for size or as binary are named on a clean commit, and on a clean merge") {
  TempRepo repo;
  with_policy(repo);
  const auto story = size_limit_story(repo);
  REQUIRE(story.size() == 4);
  CHECK(story[0] == "exit 0, commits +1\n"
                    "pre-commit: note: a/big.txt: skipped: 3000 bytes is over the 1000-byte limit (limits.max_file_bytes)\n"
                    "pre-commit: note: a/img.dat: skipped: binary file\n");
  CHECK(story[1].starts_with("exit 1, commits +0\npre-commit: release-gate stopped this commit"));
  CHECK(story[1].find("a/app.env:1: error: AWS access key ID [secrets/aws-access-key-id]") != std::string::npos);
  CHECK(story[1].find("\nnote: a/big.txt: skipped: 2000 bytes is over the 1000-byte limit (limits.max_file_bytes)\n") !=
        std::string::npos);
  CHECK(story[2].starts_with("exit 1, commits +0\n"));
  CHECK(story[2].find("a/big.txt:1: error: AWS access key ID") != std::string::npos);
  CHECK(story[3] == "exit 0, commits +1\n"
                    "pre-commit: note: a/big.txt: skipped: 5000 bytes is over the 1000-byte limit (limits.max_file_bytes)\n");
  for (const auto& s : story) CHECK(s.find(kAwsKey) == std::string::npos);

  // pre-merge-commit (a merge without conflicts) says the same.
  repo.git("checkout -q -b feature/assets HEAD~1");
  repo.write("a/logo.dat", std::string("\0\1\2logo", 7));
  repo.write("a/huge.txt", big_text(1500));
  repo.git("add a/logo.dat a/huge.txt");
  repo.git("commit -q --no-verify -m assets");
  repo.git("checkout -q feature/work");
  auto r = repo.try_git("merge -q --no-ff -m 'merge assets' feature/assets");
  CHECK(r.exit_code == 0);
  CHECK(r.err == "pre-commit: note: a/huge.txt: skipped: 1500 bytes is over the 1000-byte limit (limits.max_file_bytes)\n"
                 "pre-commit: note: a/logo.dat: skipped: binary file\n");
}

TEST_CASE("a sparse-index clone honours limits.max_file_bytes exactly as the normal path does") {
  TempRepo normal;
  const auto expected = size_limit_story(with_policy(normal));

  TempRepo sparse;
  with_policy(sparse);
  sparse.git("sparse-checkout init --cone --sparse-index");
  sparse.git("sparse-checkout set a");
  REQUIRE(sparse.git("config index.sparse").out == "true\n");
  REQUIRE(sparse.git("ls-files --sparse").out.find("b/\n") != std::string::npos);  // a sparse directory entry
  // libgit2 cannot read this index: the hook takes the fallback, and says nothing about it.
  const auto story = size_limit_story(sparse);
  CHECK(story == expected);
  for (const auto& s : story) CHECK(s.find("mandatory extension") == std::string::npos);

  // `release-gate scan --staged` ("as the pre-commit hook does") takes the same fallback.
  std::vector<RunResult> scans;
  for (const TempRepo* repo : {&normal, &sparse}) {
    repo->write("a/app.env", "AWS_ACCESS_KEY_ID=" + kAwsKey + "\n");
    repo->write("a/big.txt", big_text(4000));
    repo->git("add a/app.env a/big.txt");
    scans.push_back(run(sh_quote(bin("release-gate")) + " scan --staged", repo->path()));
  }
  CHECK(scans[0].exit_code == 1);
  CHECK(scans[0].out.find("a/app.env:1: error: AWS access key ID") != std::string::npos);
  CHECK(scans[0].err.find("a/big.txt: skipped: 4000 bytes is over the 1000-byte limit") != std::string::npos);
  CHECK(scans[1].exit_code == scans[0].exit_code);
  CHECK(scans[1].out == scans[0].out);
  CHECK(scans[1].err == scans[0].err);
}
}
