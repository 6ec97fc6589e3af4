// parse_diff_u0: the staged change from `git diff --cached -U0` text (the sparse-index fallback).
#include "lib/scan/scan.hpp"

#include <doctest/doctest.h>

using rg::scan::parse_diff_u0;

TEST_SUITE("scan_diff_text") {
TEST_CASE("added lines with their paths and new-file line numbers") {
  const std::string diff =
      "diff --git a/app.env b/app.env\n"
      "index 1111111..2222222 100644\n"
      "--- a/app.env\n"
      "+++ b/app.env\n"
      "@@ -2 +2,2 @@ REGION=eu\n"
      "-old\n"
      "+new one\n"
      "+--- not a header\n"
      "@@ -9,0 +11 @@\n"
      "+tail\n"
      "\\ No newline at end of file\n"
      "diff --git a/new.txt b/new.txt\n"
      "new file mode 100644\n"
      "index 0000000..3333333\n"
      "--- /dev/null\n"
      "+++ \"b/dir/t\\303\\251st\\tx.txt\"\n"
      "@@ -0,0 +1 @@\n"
      "+hello\n"
      "diff --git a/gone.txt b/gone.txt\n"
      "deleted file mode 100644\n"
      "--- a/gone.txt\n"
      "+++ /dev/null\n"
      "@@ -1 +0,0 @@\n"
      "-bye\n"
      "diff --git a/img.png b/img.png\n"
      "new file mode 100644\n"
      "Binary files /dev/null and b/img.png differ\n"
      "diff --git a/old.txt b/moved.txt\n"
      "similarity index 100%\n"
      "rename from old.txt\n"
      "rename to moved.txt\n";
  auto files = parse_diff_u0(diff);
  REQUIRE(files.size() == 5);
  CHECK(files[0].path == "app.env");
  REQUIRE(files[0].added.size() == 2);
  CHECK(files[0].added[0].first_line == 2);
  CHECK(files[0].added[0].text == "new one\n--- not a header");
  CHECK(files[0].added[1].first_line == 11);
  CHECK(files[0].added[1].text == "tail");
  CHECK(files[1].path == "dir/t\xc3\xa9st\tx.txt");
  REQUIRE(files[1].added.size() == 1);
  CHECK(files[1].added[0].first_line == 1);
  CHECK(files[2].deleted);
  CHECK(files[2].added.empty());
  CHECK(files[3].binary);
  CHECK(files[3].path == "img.png");
  CHECK(files[4].path == "moved.txt");
  CHECK(files[4].added.empty());
  CHECK(parse_diff_u0("").empty());
}
}
