#!/usr/bin/env python3
"""Runs rg-adversarial suite by suite and prints one line per test case: suite, PASS/FAIL, name,
and [the failing subcases / loop variants]. Usage: table.py BUILD_DIR [SUITE...]"""
import re
import subprocess
import sys

build = sys.argv[1] if len(sys.argv) > 1 else "build"
exe = f"{build}/tests/rg-adversarial"


def listing(*args):
    out = subprocess.run([exe, *args], capture_output=True, text=True).stdout
    return [l.strip() for l in out.splitlines()
            if l.strip() and not l.startswith("[doctest]") and not l.startswith("====")]


suites = sys.argv[2:] or listing("--list-test-suites")
for suite in suites:
    cases = listing("--list-test-cases", f"--test-suite={suite}")
    out = subprocess.run([exe, f"--test-suite={suite}"], capture_output=True, text=True).stdout
    failed = {}
    for block in out.split("=" * 79):
        m = re.search(r"^TEST CASE:  (.+)$", block, re.M)
        if not m or "ERROR" not in block:
            continue
        variants = failed.setdefault(m.group(1).strip(), set())
        rest = block[m.end():].splitlines()[1:]
        for line in rest:  # subcase stack: indented lines up to the first blank one
            if not line.startswith("  ") or not line.strip():
                break
            variants.add(line.strip())
        for v in re.finditer(r"logged: (\w+ := [^\n]+)", block):
            variants.add(v.group(1).strip())
    for c in cases:
        if c in failed:
            note = f" [{'; '.join(sorted(failed[c]))}]" if failed[c] else ""
            print(f"{suite}\tFAIL\t{c}{note}")
        else:
            print(f"{suite}\tPASS\t{c}")
    sys.stdout.flush()
