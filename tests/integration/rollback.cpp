// release-rollback end to end: the built binary against real repositories, differential
// against the real `git revert` (same resulting trees), and the refusals that keep it safe.
#include "tests/support/testutil.hpp"

#include <doctest/doctest.h>

#include <optional>

using namespace rg::test;

namespace {

std::string trim_nl(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

RunResult rollback(const fs::path& cwd, const std::string& args) {
  return run(sh_quote(bin("release-rollback")) + " " + args, cwd);
}

std::string tree_of(const fs::path& dir, const std::string& rev) {
  return trim_nl(run_ok("git rev-parse " + sh_quote(rev + "^{tree}"), dir).out);
}

std::string rev(const fs::path& dir, const std::string& r) {
  return trim_nl(run_ok("git rev-parse " + sh_quote(r), dir).out);
}

std::string objects_state(const fs::path& dir) { return run_ok("git count-objects -v", dir).out; }

bool contains(const std::string& hay, const std::string& needle) {
  return hay.find(needle) != std::string::npos;
}

// The tree real `git revert <args>` produces on top of main (nullopt when git stops on a
// conflict), computed on a detached HEAD so main and the work tree are left as they were.
std::optional<std::string> git_revert_tree(const fs::path& dir, const std::string& args) {
  run_ok("git switch -q --detach main", dir);
  auto r = run("git revert --no-edit " + args, dir);
  std::optional<std::string> tree;
  if (r.exit_code == 0) tree = tree_of(dir, "HEAD");
  else run("git revert --abort; git reset -q --hard", dir);
  run_ok("git switch -q main", dir);
  return tree;
}

// release-rollback <ours> (to a scratch branch) must produce exactly git revert <theirs>'s tree.
void same_as_git(const fs::path& dir, const std::string& ours, const std::string& theirs) {
  auto expected = git_revert_tree(dir, theirs);
  REQUIRE_MESSAGE(expected.has_value(), "git revert " << theirs << " failed");
  auto r = rollback(dir, "--branch rb-diff " + ours);
  REQUIRE_MESSAGE(r.exit_code == 0, r.all());
  CHECK_MESSAGE(tree_of(dir, "rb-diff") == *expected, "release-rollback " << ours);
  run_ok("git branch -q -D rb-diff", dir);
}

} // namespace

TEST_SUITE("rollback") {
TEST_CASE("differential against git revert on generated histories") {
  TempRepo r;
  r.write("bin.dat", std::string("\0\x01\x02binary\xff\0", 11));
  r.write("run.sh", "#!/bin/sh\necho hi\n");
  r.write("docs/guide.md", "# Guide\n\nline 1\nline 2\nline 3\nline 4\nline 5\n");
  r.git("add -A");
  r.git("commit -q -m base");

  SUBCASE("a plain commit, and git's exact message") {
    const std::string c = r.commit_file("docs/guide.md", "# Guide\n\nline 1\nchanged\nline 3\nline 4\nline 5\n",
                                        "Change the guide\n\nBody.");
    same_as_git(r.path(), c, c);
    auto res = rollback(r.path(), c);
    REQUIRE_MESSAGE(res.exit_code == 0, res.all());
    CHECK(r.git("log -1 --format=%B").out ==
          "Revert \"Change the guide\"\n\nThis reverts commit " + c +
              ".\n\nRelease-Type: rollback\nRollback-Of: " + c + "\nAuthorized-By: Test Dev <dev@example.com>\n\n");
    CHECK(r.git("status --porcelain").out == "");
    CHECK(read_file(r.path() / "docs/guide.md") == "# Guide\n\nline 1\nline 2\nline 3\nline 4\nline 5\n");
  }
  SUBCASE("a range A..B, newest first, later commits touching the same file") {
    const std::string a = r.head();
    r.commit_file("docs/guide.md", "# Guide\n\nline 1\nline 2 v2\nline 3\nline 4\nline 5\n", "one");
    r.commit_file("new.txt", "new\n", "two");
    r.commit_file("docs/guide.md", "# Guide\n\nline 1\nline 2 v3\nline 3\nline 4\nline 5\n", "three");
    same_as_git(r.path(), a + "..main", a + "..main");
    same_as_git(r.path(), "--squash " + a + "..main", a + "..main");
  }
  SUBCASE("a merge, against parent 1") {
    r.git("switch -q -c feature/x");
    r.commit_file("feature.txt", "f1\n", "feature 1");
    r.commit_file("docs/guide.md", "# Guide\n\nline 1\nline 2\nline 3\nfeature\nline 5\n", "feature 2");
    r.git("switch -q main");
    r.commit_file("main.txt", "m\n", "main work");
    r.git("merge -q --no-ff feature/x -m " + sh_quote("Merge branch 'feature/x'"));
    const std::string m = r.head();
    const std::string after = r.commit_file("after.txt", "later\n", "after the merge");
    same_as_git(r.path(), m, "-m 1 " + m);
    // A range over the merge reverts it with -m 1 and skips the commits it merged.
    same_as_git(r.path(), m + "~1..main", after + " && git revert --no-edit -m 1 " + m);
  }
  SUBCASE("a rename with later edits to the renamed file") {
    r.git("mv docs/guide.md docs/manual.md");
    r.git("commit -q -m 'rename guide'");
    const std::string ren = r.head();
    r.commit_file("docs/manual.md", "# Guide\n\nline 1\nline 2\nline 3\nline 4\nline 5 edited\n", "edit manual");
    same_as_git(r.path(), ren, ren);
  }
  SUBCASE("a deletion") {
    r.git("rm -q run.sh");
    r.git("commit -q -m 'delete run.sh'");
    same_as_git(r.path(), "main", "main");
  }
  SUBCASE("a binary file") {
    r.write("bin.dat", std::string("\0\x09\x08changed\xfe\0\0", 12));
    r.git("commit -q -am 'new binary'");
    same_as_git(r.path(), "main", "main");
  }
  SUBCASE("a mode change (chmod +x)") {
    run_ok("chmod +x run.sh", r.path());
    r.git("commit -q -am 'make run.sh executable'");
    same_as_git(r.path(), "main", "main");
    auto res = rollback(r.path(), "main");
    REQUIRE(res.exit_code == 0);
    CHECK(r.git("ls-tree main run.sh").out.rfind("100644 ", 0) == 0);
  }
}

TEST_CASE("differential on the project's own history") {
  TempDir d;
  run_ok("git clone -q --no-local " + sh_quote(RG_SOURCE_DIR) + " " + sh_quote((d / "p").string()));
  const fs::path p = d / "p";
  run_ok("git switch -q -C main HEAD", p);
  auto list = run_ok("git rev-list --first-parent --max-count=8 main", p).out;
  int compared = 0;
  for (size_t pos = 0; pos < list.size();) {
    size_t eol = list.find('\n', pos);
    const std::string c = list.substr(pos, eol - pos);
    pos = eol + 1;
    const std::string m = run_ok("git rev-list --parents -n1 " + c, p).out.size() > 90 ? "-m 1 " : "";
    auto expected = git_revert_tree(p, m + c);
    auto r = rollback(p, "--dry-run " + c);
    if (!expected) {
      CHECK_MESSAGE(r.exit_code == 1, "git revert conflicts on " << c << " but release-rollback said: " << r.all());
      continue;
    }
    same_as_git(p, c, m + c);
    ++compared;
  }
  CHECK(compared >= 1);
  // A range of three commits with no merge in it (git revert of a range takes no -m).
  for (int k = 0; k < 30; ++k) {
    const std::string range = "main~" + std::to_string(k + 3) + "..main~" + std::to_string(k);
    if (!run_ok("git rev-list --min-parents=2 " + range, p).out.empty()) continue;
    if (git_revert_tree(p, range)) {
      same_as_git(p, range, range);
    } else {  // git stops on a conflict: so must release-rollback
      auto r = rollback(p, "--dry-run " + range);
      CHECK_MESSAGE(r.exit_code == 1, "git revert conflicts on " << range << " but release-rollback said: " << r.all());
    }
    break;
  }
}

TEST_CASE("refusals and no-ops write nothing") {
  TempRepo r;
  r.commit_file("a.txt", "1\n", "base");
  const std::string release = r.commit_file("a.txt", "2\n", "bad release");
  const std::string before_objects = objects_state(r.path());

  SUBCASE("conflict: paths and manual steps, exit 1") {
    r.commit_file("a.txt", "3\n", "later fix on top");
    const std::string head = r.head();
    const std::string objs = objects_state(r.path());
    auto res = rollback(r.path(), release);
    CHECK(res.exit_code == 1);
    CHECK(contains(res.out, "CONFLICT: reverting " + release.substr(0, 12) +
                                " (\"bad release\") on main conflicts in:\n  a.txt\nNothing was written.\n"));
    CHECK(contains(res.out, "  git revert " + release + "\n"));
    CHECK(r.head() == head);
    CHECK(objects_state(r.path()) == objs);
    CHECK(r.git("status --porcelain").out == "");
  }
  SUBCASE("already reverted: says so, exit 0") {
    r.git("revert --no-edit " + release);
    const std::string head = r.head();
    const std::string objs = objects_state(r.path());
    auto res = rollback(r.path(), release);
    CHECK(res.exit_code == 0);
    CHECK(contains(res.out, "      already reverted on main: skipped\n"));
    CHECK(contains(res.out, "already reverted: main already has none of these changes; nothing written.\n"));
    CHECK(r.head() == head);
    CHECK(objects_state(r.path()) == objs);
  }
  SUBCASE("uncommitted changes where main is checked out: refused") {
    r.write("a.txt", "local edit\n");
    auto res = rollback(r.path(), release);
    CHECK(res.exit_code == 1);
    CHECK(contains(res.out, "REFUSED: main is checked out here and has uncommitted changes in:\n  a.txt\nNothing was written."));
    CHECK(r.head() == release);
    CHECK(read_file(r.path() / "a.txt") == "local edit\n");
    CHECK(objects_state(r.path()) == before_objects);
  }
  SUBCASE("an untracked file in the way: refused") {
    r.git("rm -q a.txt");
    r.git("commit -q -m 'drop a'");
    r.write("a.txt", "untracked\n");
    auto res = rollback(r.path(), "main");
    CHECK(res.exit_code == 1);
    CHECK(contains(res.out, "REFUSED: main is checked out here and untracked files are in the way:\n  a.txt\n"));
    CHECK(read_file(r.path() / "a.txt") == "untracked\n");
    CHECK(r.git("log -1 --format=%s").out == "drop a\n");
  }
  SUBCASE("--dry-run prints the plan and writes nothing") {
    auto res = rollback(r.path(), "--dry-run " + release);
    CHECK(res.exit_code == 0);
    CHECK(res.out == "release " + release + " on main (tip " + release.substr(0, 12) +
                         "): 1 commit, newest first\n"
                         "  revert " + release.substr(0, 12) + " bad release\n"
                         "      M a.txt\n"
                         "      1 file, +1 -1\n\n"
                         "total: 1 file, +1 -1 in 1 revert commit on main\n"
                         "dry run: nothing written.\n");
    CHECK(r.head() == release);
    CHECK(objects_state(r.path()) == before_objects);
  }
  SUBCASE("usage errors exit 2") {
    auto res = rollback(r.path(), "nope");
    CHECK(res.exit_code == 2);
    CHECK(res.err == "release-rollback: error: 'nope' does not name a commit in this repository\n");
    r.git("branch taken");
    res = rollback(r.path(), "--branch taken " + release);
    CHECK(res.exit_code == 2);
    CHECK(res.err == "release-rollback: error: branch 'taken' already exists; pick another --branch name\n");
  }
}

TEST_CASE("--branch, --squash, bare repositories, --push") {
  TempRepo r;
  r.commit_file("a.txt", "1\n", "base");
  const std::string base = r.head();
  r.commit_file("a.txt", "2\n", "release part 1\n\nRelease-Type: routine\nAuthorized-By: cdo");
  r.commit_file("b.txt", "b\n", "release part 2");
  const std::string tip = r.head();

  SUBCASE("--branch leaves main and the work tree alone") {
    auto res = rollback(r.path(), "--branch rollback/inc-1 --incident INC-1 " + base + "..main");
    REQUIRE_MESSAGE(res.exit_code == 0, res.all());
    CHECK(r.head() == tip);
    CHECK(read_file(r.path() / "a.txt") == "2\n");
    CHECK(tree_of(r.path(), "rollback/inc-1") == tree_of(r.path(), base));
    CHECK(r.git("rev-list --count " + tip + "..rollback/inc-1").out == "2\n");
    CHECK(contains(r.git("log -1 --format=%B rollback/inc-1").out, "\nIncident: INC-1\n"));
    CHECK(contains(res.out, "| Release type | routine |\n"));
    CHECK(contains(res.out, "| Authorized by | cdo |\n"));
    CHECK(contains(res.out, "@cdo @chief.staff ROLLBACK — INC-1 — "));
  }
  SUBCASE("--squash writes one commit naming every reverted commit, newest first") {
    auto res = rollback(r.path(), "--squash " + base + "..main");
    REQUIRE_MESSAGE(res.exit_code == 0, res.all());
    CHECK(r.git("rev-list --count " + tip + "..main").out == "1\n");
    CHECK(tree_of(r.path(), "main") == tree_of(r.path(), base));
    const std::string msg = r.git("log -1 --format=%B").out;
    CHECK(msg.rfind("Revert release " + base + "..main (2 commits)\n\n", 0) == 0);
    CHECK(contains(msg, "\nRelease-Type: rollback\nRollback-Of: " + tip + "\nRollback-Of: " + rev(r.path(), tip + "~1") + "\n"));
    CHECK(r.git("status --porcelain").out == "");
  }
  SUBCASE("a bare repository") {
    TempDir d;
    run_ok("git clone -q --bare " + r.str() + " " + sh_quote((d / "srv.git").string()));
    auto res = rollback(d / "srv.git", "main");
    REQUIRE_MESSAGE(res.exit_code == 0, res.all());
    CHECK(tree_of(d / "srv.git", "main") == tree_of(r.path(), tip + "~1"));
    CHECK(rev(d / "srv.git", "main~1") == tip);
  }
  SUBCASE("--push to a bare remote, as a fast-forward") {
    TempDir d;
    const fs::path srv = d / "srv.git", work = d / "work";
    run_ok("git clone -q --bare " + r.str() + " " + sh_quote(srv.string()));
    run_ok("git clone -q " + sh_quote(srv.string()) + " " + sh_quote(work.string()));
    auto res = rollback(work, "--push origin --incident INC-2 main");
    REQUIRE_MESSAGE(res.exit_code == 0, res.all());
    CHECK(rev(srv, "main") == rev(work, "main"));
    CHECK(contains(res.out, "| Pushed | yes, to origin |\n"));

    // The server moved on meanwhile: the push is refused as non-fast-forward, never forced.
    run_ok("git clone -q " + sh_quote(srv.string()) + " other", d.path());
    run_ok("git commit -q --allow-empty -m 'someone else' && git push -q origin main", d / "other");
    const std::string srv_main = rev(srv, "main");
    res = rollback(work, "--push origin main~2");
    CHECK(res.exit_code == 1);
    CHECK(contains(res.out, "PUSH FAILED (git exit 1). The rollback is committed locally"));
    CHECK(rev(srv, "main") == srv_main);
  }
}
}

TEST_SUITE("rollback") {
TEST_CASE("rename-heavy histories: same tree as git revert, or refused when renames cannot be seen") {
  TempRepo r;
  std::string body;
  for (int i = 1; i <= 40; ++i) body += "line " + std::to_string(i) + " of the guide\n";
  r.write("docs/guide.md", body);
  run_ok("mkdir -p lib && for i in $(seq 1 300); do printf 'file %s\\n%.0s' $i $(seq 1 12) > lib/f$i.txt; done", r.path());
  r.git("add -A");
  r.git("commit -q -m base");
  std::string edited = body;
  edited.replace(edited.find("line 5 "), 6, "LINE 5");
  const std::string release = r.commit_file("docs/guide.md", edited, "Edit the guide");

  SUBCASE("renamed and edited after the release, among 1,500 moved files (past libgit2's default limit)") {
    // Move every lib file (1,500 renames with edits) and the guide, then edit the guide.
    run_ok("git mv lib src && for i in $(seq 1 300); do echo tail >> src/f$i.txt; done && "
           "for i in $(seq 1 1200); do echo new $i > src/n$i.txt; done && git mv docs/guide.md docs/manual.md && "
           "git add -A && git commit -q -m 'move everything'",
           r.path());
    std::string later = edited;
    later.replace(later.find("line 30 "), 7, "LINE 30");
    r.commit_file("docs/manual.md", later, "edit the manual");
    same_as_git(r.path(), release, release);
  }
  SUBCASE("more changed paths than rename detection examines: refused, nothing written") {
    r.git("config gc.auto 0");  // 7,000 loose objects would start a background gc
    run_ok("git mv docs/guide.md docs/manual.md && mkdir -p gen && for i in $(seq 1 7100); do echo $i > gen/g$i; done && "
           "git add -A && git commit -q -m 'generate'",
           r.path());
    const std::string head = r.head();
    const std::string objs = objects_state(r.path());
    auto res = rollback(r.path(), release);
    CHECK(res.exit_code == 1);
    CHECK(contains(res.out, "REFUSED: cannot be sure how to revert " + release.substr(0, 12) +
                                " (\"Edit the guide\") on main: these paths were moved or deleted since, and more than "
                                "7000 paths changed since, beyond rename detection (a rename may go unseen):\n"
                                "  docs/guide.md\nNothing was written.\n"));
    CHECK(r.head() == head);
    CHECK(objects_state(r.path()) == objs);
  }
}

TEST_CASE("a rollback writes only its new objects, on the current branch, naming full branch names") {
  TempRepo r;
  run_ok("for d in a b c d; do mkdir -p $d; for i in $(seq 1 250); do echo $d$i > $d/f$i; done; done", r.path());
  r.git("add -A");
  r.git("commit -q -m base");

  SUBCASE("a one-file revert adds a commit and the trees on its path, no pack") {
    const std::string release = r.commit_file("c/f7", "changed\n", "change one file");
    r.commit_file("d/f9", "later\n", "a later change elsewhere");
    const auto before = run_ok("git count-objects -v", r.path()).out;
    auto res = rollback(r.path(), release);
    REQUIRE_MESSAGE(res.exit_code == 0, res.all());
    const auto after = run_ok("git count-objects -v", r.path()).out;
    auto field = [](const std::string& s, const std::string& key) {
      auto p = s.find(key + ": ");
      return std::stoi(s.substr(p + key.size() + 2));
    };
    // The rollback: its commit and the new root tree (c/ is the base's again, already stored).
    // Its note of record: notes commit, tree, blob. Nothing else of the 1,000 files.
    CHECK(field(after, "count") - field(before, "count") == 2 + 3);
    CHECK(field(after, "packs") == field(before, "packs"));
    CHECK(r.git("fsck --no-progress --connectivity-only").exit_code == 0);
  }
  SUBCASE("the default target is the current branch (here master, then a release branch)") {
    r.git("branch -m main master");
    const std::string release = r.commit_file("a/f1", "bad\n", "bad change");
    auto res = rollback(r.path(), release);
    CHECK_MESSAGE(res.exit_code == 0, res.all());
    CHECK(contains(res.out, "on master (tip "));
    CHECK(read_file(r.path() / "a/f1") == "a1\n");
    r.git("switch -q -c release/v1");
    const std::string rel2 = r.commit_file("b/f1", "bad\n", "bad on v1");
    res = rollback(r.path(), rel2);
    CHECK_MESSAGE(res.exit_code == 0, res.all());
    CHECK(contains(res.out, "on release/v1 (tip "));
  }
  SUBCASE("manual steps keep the full branch name") {
    r.git("switch -q -c release/v1");
    const std::string release = r.commit_file("a/f1", "two\n", "two");
    r.commit_file("a/f1", "three\n", "three");
    r.git("switch -q main");
    auto res = rollback(r.path(), "--target release/v1 " + release);
    CHECK(res.exit_code == 1);
    CHECK(contains(res.out, "  git switch release/v1 && git pull --ff-only\n"));
    CHECK(contains(res.out, "  git push origin release/v1   (never --force)\n"));
  }
}

TEST_CASE("a message in another encoding is re-encoded to UTF-8, byte for byte as git revert does") {
  TempRepo r;
  r.commit_file("a.txt", "1\n", "base");
  r.write("a.txt", "2\n");
  r.git("add a.txt");
  write_file(r.path() / "msg.txt", std::string("Caf\xe9 cr\xe8me\n\nBody \xe0 la carte.\n"));
  r.git("-c i18n.commitEncoding=ISO-8859-1 commit -q -F msg.txt");
  const std::string release = r.head();
  REQUIRE(contains(r.git("cat-file commit HEAD").out, "\nencoding ISO-8859-1\n"));
  run_ok("git switch -q --detach main && git revert --no-edit HEAD", r.path());
  const std::string theirs = r.git("log -1 --format=%B").out;
  r.git("switch -q main");
  auto res = rollback(r.path(), release);
  REQUIRE_MESSAGE(res.exit_code == 0, res.all());
  const std::string ours = r.git("log -1 --format=%B").out;
  CHECK(ours.rfind("Revert \"Caf\xc3\xa9 cr\xc3\xa8me\"\n\nThis reverts commit " + release + ".\n", 0) == 0);
  CHECK(ours.substr(0, theirs.size() - 1) == theirs.substr(0, theirs.size() - 1));
  // The stored bytes, not just what `git log` displays: UTF-8, and no encoding header.
  const std::string raw = r.git("cat-file commit HEAD").out;
  CHECK(contains(raw, "\n\nRevert \"Caf\xc3\xa9 cr\xc3\xa8me\"\n"));
  CHECK_FALSE(contains(raw, "\nencoding "));
}
}
