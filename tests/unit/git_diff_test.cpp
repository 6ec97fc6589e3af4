// lib/git/diff: the fast tree walk for commits must give exactly what libgit2's own
// tree-to-tree diff gives, on histories with nested trees, type changes, binaries and renames.
#include "lib/git/diff.hpp"
#include "lib/git/repo.hpp"
#include "tests/support/testutil.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <ostream>

using namespace rg;
using rg::test::TempRepo;

namespace {

struct Flat {
  std::string path, old_blob, new_blob;
  bool binary, too_large;
  std::vector<std::pair<uint32_t, std::string>> hunks;
  bool operator==(const Flat&) const = default;
};

std::ostream& operator<<(std::ostream& os, const std::vector<Flat>& v) {
  for (const auto& f : v) {
    os << "\n  " << f.path << " " << f.old_blob.substr(0, 7) << ".." << f.new_blob.substr(0, 7)
       << (f.binary ? " binary" : "") << (f.too_large ? " too-large" : "");
    for (const auto& [line, text] : f.hunks) os << " [" << line << ": " << text << "]";
  }
  return os;
}

std::vector<Flat> flatten(std::vector<change::FileChange> files) {
  std::vector<Flat> out;
  for (auto& f : files) {
    Flat x{f.path, f.old_blob, f.new_blob, f.binary, f.too_large, {}};
    for (auto& h : f.added) x.hunks.emplace_back(h.first_line, h.text);
    out.push_back(std::move(x));
  }
  std::sort(out.begin(), out.end(), [](const Flat& a, const Flat& b) { return a.path < b.path; });
  return out;
}

// The reference: libgit2's tree-to-tree diff with rename detection.
std::vector<change::FileChange> reference(git_repository* repo, const git_commit* c, const git::DiffOptions& o) {
  git_tree* t = nullptr;
  REQUIRE(git_commit_tree(&t, c) == 0);
  git::Tree tree(t);
  git::Tree parent;
  if (git_commit_parentcount(c) > 0) {
    git_commit* p = nullptr;
    REQUIRE(git_commit_parent(&p, c, 0) == 0);
    git::Commit pc(p);
    git_tree* pt = nullptr;
    REQUIRE(git_commit_tree(&pt, p) == 0);
    parent.reset(pt);
  }
  return git::tree_changes(repo, parent.get(), tree.get(), o);
}

} // namespace

TEST_SUITE("git-diff") {
TEST_CASE("commit_change agrees with libgit2's tree diff, commit by commit") {
  TempRepo r;
  r.commit_file("a.txt", "one\ntwo\n", "root");
  r.write("dir/sub/deep.txt", "x\n");
  r.write("dir/b.txt", "b\n");
  r.write("z.txt", "z\n");
  r.git("add -A");
  r.git("commit -q -m nested");
  r.write("dir/sub/deep.txt", "x\ny\nz\n");                  // modify deep
  r.write("a.txt", "zero\none\ntwo\nthree\n");                 // lines before and after
  r.git("add -A");
  r.git("commit -q -m modify");
  r.write("bin.dat", std::string("\0\1\2secret\0", 10));      // binary
  r.git("add -A");
  r.git("commit -q -m binary");
  r.git("rm -q z.txt");
  r.write("z.txt/inner.txt", "now a directory\n");            // type change blob -> tree
  r.git("add -A");
  r.git("commit -q -m typechange");
  r.git("mv dir/b.txt dir/renamed.txt");                       // rename, plus an edit elsewhere
  r.write("a.txt", "zero\none\ntwo\nthree\nfour\n");
  r.git("add -A");
  r.git("commit -q -m rename");
  r.git("rm -q -r dir/sub");                                   // deletion only
  r.git("commit -q -m delete");
  r.write("empty.txt", "");                                    // an empty file
  r.write("nonl.txt", "no newline at end");
  r.git("add -A");
  r.git("commit -q -m empty");
  r.git("update-index --chmod=+x nonl.txt");                   // mode change only
  r.git("commit -q -m mode");

  git::Repository repo = git::open_at(r.str());
  auto head = git::resolve_commit(repo.get(), "HEAD");
  REQUIRE(head);
  git::DiffOptions o;
  int checked = 0;
  for (git_oid id = *head;;) {
    git::Commit c = git::lookup_commit(repo.get(), id);
    const std::string summary = git_commit_summary(c.get());
    CAPTURE(summary);
    CHECK(flatten(git::commit_change(repo.get(), c.get(), o).files) == flatten(reference(repo.get(), c.get(), o)));
    ++checked;
    if (git_commit_parentcount(c.get()) == 0) break;
    id = *git_commit_parent_id(c.get(), 0);
  }
  CHECK(checked == 9);
}

TEST_CASE("a rename adds no lines when both paths scan alike; a skipped change is not read") {
  TempRepo r;
  r.commit_file("old.txt", "line\nkey=value\n", "root");
  r.git("mv old.txt new.txt");
  r.git("commit -q -m rename");
  git::Repository repo = git::open_at(r.str());
  git::DiffOptions o;
  git::Commit c = git::lookup_commit(repo.get(), *git::resolve_commit(repo.get(), "HEAD"));
  // Without knowing how the paths are scanned, the moved file counts as added whole.
  auto files = git::commit_change(repo.get(), c.get(), o).files;
  REQUIRE(files.size() == 1);
  CHECK(files[0].old_path == "old.txt");
  REQUIRE(files[0].added.size() == 1);
  CHECK(files[0].added[0].text == "line\nkey=value");
  o.same_scan = [](std::string_view, std::string_view) { return true; };
  files = git::commit_change(repo.get(), c.get(), o).files;
  for (const auto& f : files) CHECK(f.added.empty());
  o.same_scan = nullptr;

  // What the skip predicate names is left out; the rest is not.
  git::Commit root = git::lookup_commit(repo.get(), *git::resolve_commit(repo.get(), "HEAD~1"));
  CHECK(git::commit_change(repo.get(), root.get(), o).files.size() == 1);
  o.skip = [](const std::string& path, const git_oid&) { return path == "old.txt"; };
  CHECK(git::commit_change(repo.get(), root.get(), o).files.empty());
  o.skip = [](const std::string& path, const git_oid&) { return path == "other.txt"; };
  CHECK(git::commit_change(repo.get(), root.get(), o).files.size() == 1);
}
}

TEST_CASE("changed_paths lists added, modified and deleted files, deep ones too") {
  TempRepo r;
  r.write("web/pricing/index.html", "old price\n");
  r.write("web/about.html", "about\n");
  r.write("keep.txt", "k\n");
  r.git("add -A");
  r.git("commit -q -m root");
  r.git("rm -q -r web/pricing");
  r.write("web/about.html", "about us\n");
  r.write("new/file.txt", "n\n");
  r.git("add -A");
  r.git("commit -q -m change");
  git::Repository repo = git::open_at(r.str());
  git::Commit c = git::lookup_commit(repo.get(), *git::resolve_commit(repo.get(), "HEAD"));
  auto paths = git::changed_paths(repo.get(), c.get());
  std::sort(paths.begin(), paths.end());
  CHECK(paths == std::vector<std::string>{"new/file.txt", "web/about.html", "web/pricing/index.html"});
  git::Commit root = git::lookup_commit(repo.get(), *git::resolve_commit(repo.get(), "HEAD~1"));
  CHECK(git::changed_paths(repo.get(), root.get()).size() == 3);
}

TEST_CASE("parse_diff_raw reads git's -z raw format, renames and odd names included") {
  using namespace std::string_literals;
  const std::string z = ":000000 100644 "s + std::string(40, '0') + " " + std::string(40, 'a') + " A\0"s +
                        "new file\n\0"s + ":100644 100644 " + std::string(40, 'b') + " " + std::string(40, 'b') +
                        " R100\0old.txt\0dir/new.txt\0"s + ":160000 160000 " + std::string(40, 'c') + " " +
                        std::string(40, 'd') + " M\0sub\0"s;
  const auto d = git::parse_diff_raw(z);
  REQUIRE(d.size() == 3);
  CHECK(d[0].status == 'A');
  CHECK(d[0].old_mode == 0);
  CHECK(d[0].new_mode == 0100644);
  CHECK(d[0].new_id == std::string(40, 'a'));
  CHECK(d[0].path == "new file\n");
  CHECK(d[1].status == 'R');
  CHECK(d[1].old_path == "old.txt");
  CHECK(d[1].path == "dir/new.txt");
  CHECK(d[2].new_mode == 0160000);
  CHECK(git::parse_diff_raw("").empty());
  CHECK(git::parse_diff_raw(":100644 garbage\0x\0"s).empty());
}

TEST_CASE("the staged change from git's list of blob pairs is the staged change libgit2 makes") {
  TempRepo r;
  r.write("edit.txt", "one\ntwo\nthree\n");
  r.write("gone.txt", "bye\n");
  r.write("moved.txt", "same\ncontent\n");
  r.write("big.txt", std::string(3000, 'x') + "\n");
  r.write("bin.dat", std::string("\0\1\2", 3));
  r.git("add -A");
  r.git("commit -q -m root");
  r.write("edit.txt", "one\n2\nthree\nfour\n");
  r.git("rm -q gone.txt");
  r.git("mv moved.txt moved-here.txt");
  r.write("big.txt", "small now\nkey=value\n");  // the old side was never read: all of it is added
  r.write("bin.dat", "text now\n");
  r.write("new file %.txt", std::string(2000, 'y') + "\n");
  r.write("added.txt", "a\nb\n");
  r.git("add -A");
  r.git("update-index --chmod=+x added.txt");

  git::DiffOptions o;
  o.max_file_bytes = 1000;
  o.same_scan = [](std::string_view, std::string_view) { return true; };
  const auto expected = flatten(git::staged_changes(git::open_at(r.str()).get(), o));
  CHECK(expected.size() == 6);  // edit, moved, big, bin, new file, added
  const auto cwd = std::filesystem::current_path();
  std::filesystem::current_path(r.path());  // git runs in the current directory
  std::vector<Flat> from_git;
  try {
    from_git = flatten(git::staged_changes_from_git(git::open_at(r.str()).get(), o));
  } catch (...) {
    std::filesystem::current_path(cwd);
    throw;
  }
  std::filesystem::current_path(cwd);
  CHECK(from_git == expected);
}
