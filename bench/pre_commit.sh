#!/usr/bin/env bash
# pre-commit at git's speed: the hook's start-up (nothing staged) and a 10-file staged change
# (400 added lines, 5 MB repository) against `git diff --cached`, side by side (hyperfine).
#   BENCH_BUILD=dir   use the binaries in dir instead of building a Release tree
#   BENCH_BEFORE=bin  also time another pre-commit binary (e.g. main's) on the same change
# Prints Markdown tables for BENCHMARKS.md.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
if [ -n "${BENCH_BUILD:-}" ]; then B=$BENCH_BUILD; else build_release_gate; B="$work/build"; fi

repo="$work/pre-commit-repo"
rm -rf "$repo"
mkdir -p "$repo"
python3 "$bench_dir/gen_tree.py" "$repo" --mb 5 --seed 2 >/dev/null
cd "$repo"
git init -q -b main
git config user.name Bench; git config user.email bench@example.com
git add -A && git commit -q -m base --no-verify

before=()
[ -n "${BENCH_BEFORE:-}" ] && before=(-n "pre-commit (before: $(basename "$(dirname "$BENCH_BEFORE")"))" "$BENCH_BEFORE")

echo "### start-up: nothing staged"
echo
hyperfine -N --warmup 5 --runs 100 --style none --export-markdown "$work/startup.md" \
  -n "git diff --cached" "git diff --cached" \
  -n "release-gate pre-commit" "$B/pre-commit" "${before[@]}" >/dev/null
cat "$work/startup.md"
echo

i=0
for f in $(git ls-files | grep -E '\.(py|js|go)$' | head -10); do
  for n in $(seq 40); do echo "value_${i}_${n} = compute(${n}, 'x${i}')" >>"$f"; done
  i=$((i + 1))
done
git add -A

echo "### a 10-file staged change (400 added lines)"
echo
hyperfine -N --warmup 5 --runs 100 --style none --export-markdown "$work/staged.md" \
  -n "git diff --cached" "git diff --cached" \
  -n "release-gate pre-commit" "$B/pre-commit" "${before[@]}" >/dev/null
cat "$work/staged.md"
