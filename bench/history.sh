#!/usr/bin/env bash
# History scans, side by side in one run on reproducible histories (bench/gen_history.py: a
# team's main branch with merged feature branches and planted credentials):
#   git log -p -U0 (the diff a history scanner has to read) | release-gate scan --range, two
#   threads and one | git-secrets --scan-history.
# Then peak memory over ranges of growing length of the largest history (flat is the target).
#   BENCH_BUILD=dir      use the binaries in dir instead of building a Release tree
#   BENCH_BEFORE=bin     also time another release-gate binary (e.g. an earlier main's)
#   BENCH_COMMITS="2000 6000 20000"   history sizes
# Prints Markdown tables for BENCHMARKS.md.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ensure_tools
if [ -n "${BENCH_BUILD:-}" ]; then RG="$BENCH_BUILD/release-gate"; else build_release_gate; fi
sizes=${BENCH_COMMITS:-"2000 6000 20000"}

# findings JSON -> "N findings, M named at a merge, P of the planted named at their commit"
summarise() {
  python3 - "$1" "$2" "$3" <<'EOF'
import json, subprocess, sys
out, repo, planted = sys.argv[1:]
found = json.load(open(out))
want = set(open(planted).read().split())
commits = [f["commit"] for f in found]
merges = sum(1 for c in set(commits)
             if len(subprocess.run(["git", "-C", repo, "log", "-1", "--format=%P", c],
                                   capture_output=True, text=True).stdout.split()) > 1)
print(f"{len(found)} findings, {sum(1 for c in commits if c in want)}/{len(want)} at the authoring commit, "
      f"{merges} merge{'s' if merges != 1 else ''} named")
EOF
}

row() {  # name seconds rss
  awk -v n="$1" -v s="$2" -v r="$3" -v g="$4" -v x="$5" \
    'BEGIN{printf "| %s | %.2f | %.2fx | %.0f | %s |\n", n, s, (g>0? s/g : 0), r/1024, x}'
}

for n in $sizes; do
  repo="$work/history-$n"
  if [ ! -d "$repo/.git" ]; then
    python3 "$bench_dir/gen_history.py" "$repo" --commits "$n" --seed 1 | tail -n +2 >"$work/planted-$n.txt"
    git -C "$repo" secrets --register-aws >/dev/null
  fi
  cd "$repo"
  commits=$(git rev-list --count main)
  size=$(du -sm .git/objects | cut -f1)
  echo "### $commits commits, $(git rev-list --merges --count main) merges, $size MB of objects"
  echo
  echo "| command | seconds | vs git log -p | peak RSS (MiB) | result |"
  echo "| --- | ---: | ---: | ---: | --- |"
  IFS=$'\t' read -r _ gsecs grss _ < <(measure git sh -c 'git log -p -U0 main >/dev/null')
  row "git log -p -U0 main" "$gsecs" "$grss" "$gsecs" "$(git log -p -U0 main | wc -c | awk '{printf "%.0f MB of diff", $1/1e6}')"
  for t in 2 1; do
    IFS=$'\t' read -r _ secs rss _ < <(measure rg "$RG" scan -q --threads $t --format json --range main)
    row "release-gate scan --range main ($t thread$([ $t = 1 ] || echo s))" "$secs" "$rss" "$gsecs" \
      "$(summarise "$work/cmd.out" "$repo" "$work/planted-$n.txt")"
  done
  if [ -n "${BENCH_BEFORE:-}" ]; then
    IFS=$'\t' read -r _ secs rss _ < <(measure before "$BENCH_BEFORE" scan -q --format json --range main)
    row "before: $(basename "$(dirname "$BENCH_BEFORE")")" "$secs" "$rss" "$gsecs" \
      "$(summarise "$work/cmd.out" "$repo" "$work/planted-$n.txt")"
  fi
  IFS=$'\t' read -r _ secs rss _ < <(BENCH_RUNS=1 measure git-secrets git secrets --scan-history)
  row "git-secrets --scan-history (3 AWS patterns)" "$secs" "$rss" "$gsecs" "$(grep -c . "$work/cmd.err" || true) lines"
  echo
done

echo "### peak memory against range length ($commits commits)"
echo
echo "| range | commits | release-gate (MiB) | git log -p -U0 (MiB) |"
echo "| --- | ---: | ---: | ---: |"
last=$(git rev-list --first-parent --count main)
for k in 250 1000 4000 "$((last - 1))"; do
  [ "$k" -lt "$last" ] || continue
  IFS=$'\t' read -r _ _ rss _ < <(BENCH_RUNS=1 measure rg "$RG" scan -q --format json --range "main~$k..main")
  IFS=$'\t' read -r _ _ grss _ < <(BENCH_RUNS=1 measure git sh -c "git log -p -U0 main~$k..main >/dev/null")
  echo "| main~$k..main | $(git rev-list --count "main~$k..main") | $((rss / 1024)) | $((grss / 1024)) |"
done
