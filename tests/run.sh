#!/usr/bin/env bash
# The whole test suite: dependencies, a warnings-as-errors build, every unit and integration test.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./install.sh --deps-only
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=Debug -DRG_WERROR=ON >/dev/null
cmake --build build-test -j"$(nproc)"
ctest --test-dir build-test --output-on-failure -j"$(nproc)"
