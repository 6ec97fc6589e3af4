#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "tests/support/testutil.hpp"

int main(int argc, char** argv) {
  rg::test::isolate_environment();
  doctest::Context ctx(argc, argv);
  const int rc = ctx.run();
  rg::test::cleanup_environment();
  return rc;
}
