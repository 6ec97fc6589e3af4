#!/usr/bin/env bash
# Benchmark of the pre-receive enforcer: cost of a push against history length and branch count.
#
#   bench/pre_receive.sh [--bin-dir DIR] [--runs N] [--keep] [SCALE ...]
#
# SCALE is COMMITS:BRANCHES (default: 10000:500 100000:5000). For each scale a bare repository
# with a linear main of COMMITS commits and BRANCHES feature/* branches spread over its history is
# built with `git fast-import`, the hook is installed with install.sh --server, and we time:
#   1. the hook alone (the pre-receive binary with the update on stdin, GIT_DIR set; objects
#      written beforehand and left unreferenced, as in git's quarantine) for
#      a) a push of 1 commit to main (an accepted hotfix: every main rule runs, including the
#         dangling-branch check over all branches),
#      b) a push of 10,000 new commits on a new feature branch (secret scan of all of them);
#   2. a real `git push` of 1 commit to main, with and without the hook installed.
# Median of --runs runs (default 5), milliseconds. Needs: git, bash, a built pre-receive.
set -euo pipefail

src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin_dir=""
runs=5
keep=0
scales=()
while [ $# -gt 0 ]; do
  case "$1" in
    --bin-dir) bin_dir=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) scales+=("$1"); shift ;;
  esac
done
[ ${#scales[@]} -gt 0 ] || scales=(10000:500 100000:5000)
if [ -z "$bin_dir" ]; then
  for d in "$src"/build-release "$src"/build*; do
    [ -x "$d/pre-receive" ] && { bin_dir=$d; break; }
  done
fi
[ -n "$bin_dir" ] && [ -x "$bin_dir/pre-receive" ] || { echo "no pre-receive binary; pass --bin-dir" >&2; exit 2; }
bin_dir=$(cd "$bin_dir" && pwd)
hook="$bin_dir/pre-receive"

work=$(mktemp -d "${TMPDIR:-/tmp}/rg-bench-prerecv.XXXXXX")
if [ "$keep" = 1 ]; then echo "keeping $work" >&2; else trap 'rm -rf "$work"' EXIT; fi
export GIT_CONFIG_NOSYSTEM=1 HOME="$work/home" LC_ALL=C
mkdir -p "$HOME"
git config --global user.name Bench
git config --global user.email bench@example.com
git config --global init.defaultBranch main

now_ms() { date +%s%3N; }

# A complete hotfix release record (SOP sections 2, 3, 5), "\n"-separated.
hotfix_record='Release-Type: hotfix\nAuthorized-By: Dana Cruz <dana@example.com>\nCEO-Notified: 2026-01-02 10:00 #exec-checkins\nQA-Signoff: QA-1 PASS\nRollback-Plan: git revert HEAD; eta 10m; executor code.platform\nMonitoring-Window: 4h; owner code.platform'

# median of the numbers on stdin
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# gen_history COMMITS BRANCHES: fast-import stream of a linear main and feature branches.
gen_history() {
  awk -v n="$1" -v b="$2" 'BEGIN {
    t = 1700000000
    for (i = 1; i <= n; i++) {
      body = "value " i "\n"
      msg = "change " i "\n"
      printf "commit refs/heads/main\nmark :%d\ncommitter Bench <bench@example.com> %d +0000\n", i, t + i
      printf "data %d\n%s", length(msg), msg
      if (i > 1) printf "from :%d\n", i - 1
      printf "M 644 inline src/f%d.txt\ndata %d\n%s\n", i % 1000, length(body), body
    }
    # Feature branches: tips on side commits off main, spread over history (not merged).
    for (j = 1; j <= b; j++) {
      base = int(j * n / (b + 1)) + 1
      body = "feature " j "\n"
      msg = "feature " j "\n"
      printf "commit refs/heads/feature/b%d\ncommitter Bench <bench@example.com> %d +0000\n", j, t + base
      printf "data %d\n%s", length(msg), msg
      printf "from :%d\n", base
      printf "M 644 inline feat/b%d.txt\ndata %d\n%s\n", j, length(body), body
    }
  }'
}

# new_commits BARE PARENT COUNT REF MSG_TRAILER: write COUNT commits on top of PARENT into a
# quarantine directory of BARE (objects/incoming-<REF>), exactly where git's receive-pack puts
# pushed objects until pre-receive accepts, then print the tip id.
new_commits() {
  local bare=$1 parent=$2 count=$3 tmpref=$4 trailer=$5
  local q="$bare/objects/incoming-${tmpref##*/}"
  mkdir -p "$q/pack"
  export GIT_OBJECT_DIRECTORY="$q" GIT_ALTERNATE_OBJECT_DIRECTORIES="$bare/objects"
  awk -v n="$count" -v p="$parent" -v r="$tmpref" -v tr="$trailer" 'BEGIN {
    t = 1800000000
    for (i = 1; i <= n; i++) {
      body = "new " i "\n"
      msg = "new work " i "\n"
      if (tr != "") msg = msg "\n" tr "\n"
      printf "commit %s\ncommitter Bench <bench@example.com> %d +0000\n", r, t + i
      printf "data %d\n%s", length(msg), msg
      if (i == 1) printf "from %s\n", p
      printf "M 644 inline new/f%d.txt\ndata %d\n%s\n", i % 500, length(body), body
    }
  }' | git -C "$bare" fast-import --quiet
  git -C "$bare" rev-parse "$tmpref"
  git -C "$bare" update-ref -d "$tmpref"
  unset GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES
}

time_hook() {  # BARE QUARANTINE STDIN_LINE -> median ms
  local bare=$1 q=$2 line=$3 i t0 t1
  for ((i = 0; i < runs; i++)); do
    t0=$(now_ms)
    printf '%s\n' "$line" | (cd "$bare" && GIT_DIR=. GIT_QUARANTINE_PATH="$q" GIT_OBJECT_DIRECTORY="$q" \
      GIT_ALTERNATE_OBJECT_DIRECTORIES="$bare/objects" "$hook" >/dev/null 2>"$work/hook.err") ||
      { echo "hook rejected the benchmark push:" >&2; cat "$work/hook.err" >&2; exit 1; }
    t1=$(now_ms)
    echo $((t1 - t0))
  done | median
}

printf '%-22s %10s %10s %12s %12s %12s\n' "scale" "1 commit" "10k new" "push (hook)" "push (none)" "build"
for scale in "${scales[@]}"; do
  commits=${scale%%:*}
  branches=${scale##*:}
  bare="$work/srv-$commits.git"
  t0=$(now_ms)
  git init -q --bare "$bare"
  gen_history "$commits" "$branches" | git -C "$bare" fast-import --quiet
  git -C "$bare" pack-refs --all
  git -C "$bare" commit-graph write --reachable 2>/dev/null || true
  bash "$src/install.sh" --no-deps --bin-dir "$bin_dir" --server "$bare" >/dev/null
  # A server policy naming a real CDO, with a budget large enough to measure the 10k-commit push.
  printf 'version: 1\nrelease:\n  roles:\n    cdo: ["Dana Cruz <dana@example.com>"]\nserver:\n  time_budget_ms: 600000\n' \
    >"$bare/release-gate.yml"
  build_ms=$(( $(now_ms) - t0 ))

  main=$(git -C "$bare" rev-parse refs/heads/main)
  one=$(new_commits "$bare" "$main" 1 refs/bench/one "$hotfix_record")
  many=$(new_commits "$bare" "$main" 10000 refs/bench/many "")
  ms_one=$(time_hook "$bare" "$bare/objects/incoming-one" "$main $one refs/heads/main")
  ms_many=$(time_hook "$bare" "$bare/objects/incoming-many" \
    "0000000000000000000000000000000000000000 $many refs/heads/feature/big")

  # End to end: a shared clone pushes one hotfix commit through the real git client.
  client="$work/client-$commits"
  git clone -q -s "$bare" "$client"
  push_ms() {
    local i t0 t1
    for ((i = 0; i < runs; i++)); do
      git -C "$client" commit -q --allow-empty -m "hotfix $i" -m "$(printf '%b' "$hotfix_record")"
      t0=$(now_ms)
      git -C "$client" push -q origin main 2>"$work/push.err" || { cat "$work/push.err" >&2; exit 1; }
      t1=$(now_ms)
      echo $((t1 - t0))
    done | median
  }
  with_hook=$(push_ms)
  mv "$bare/hooks/pre-receive" "$bare/hooks/pre-receive.off"
  without_hook=$(push_ms)
  mv "$bare/hooks/pre-receive.off" "$bare/hooks/pre-receive"
  printf '%-22s %8s ms %8s ms %10s ms %10s ms %10s ms\n' "$commits commits/$branches br" \
    "$ms_one" "$ms_many" "$with_hook" "$without_hook" "$build_ms"
done
