#!/usr/bin/env bash
# The whole test suite: dependencies, a warnings-as-errors build, the Debian package, every unit,
# integration and real-host test (the hosts install the hooks from the package: RG_TEST_DEB);
# then, when clang is installed, a short run of each fuzz target (tests/fuzz/README.md).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./install.sh --deps-only
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=Debug -DRG_WERROR=ON >/dev/null
cmake --build build-test -j"$(nproc)"
# The package the real-host tests install (tests/hosts/README.md); CPack reuses the build above.
cmake --build build-test --target package >/dev/null
RG_TEST_DEB=$(ls -t "$PWD"/build-test/release-gate_*_amd64.deb | head -1)
export RG_TEST_DEB
# Installed once here, so the host suites running in parallel find it installed (their own
# install.sh --deb is then a no-op); installing needs root, like the host tests themselves.
if [ "$(id -u)" = 0 ]; then ./install.sh --deb "$RG_TEST_DEB"; fi
ctest --test-dir build-test --output-on-failure -j"$(nproc)"

if command -v clang++ >/dev/null 2>&1 && [ "${RG_SKIP_FUZZ:-0}" != 1 ]; then
  CC=clang CXX=clang++ cmake -S . -B build-fuzz -DRG_FUZZ=ON -DRG_TESTS=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build build-fuzz -j"$(nproc)" --target rg-fuzz >/dev/null
  seconds=${RG_FUZZ_SECONDS:-10}
  for target in trailers release_message policy secrets push_updates; do
    scratch=$(mktemp -d)
    echo "fuzz_$target: ${seconds}s"
    if ! build-fuzz/tests/fuzz/fuzz_"$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
         -artifact_prefix="$scratch/" "$scratch" tests/fuzz/corpus/"$target" >"$scratch.log" 2>&1; then
      tail -40 "$scratch.log"
      echo "fuzz_$target failed; the input is in $scratch/ (crash-*, timeout-*, oom-*)" >&2
      exit 1
    fi
    rm -rf "$scratch" "$scratch.log"
  done
else
  echo "clang++ not found (or RG_SKIP_FUZZ=1): fuzz targets skipped"
fi
