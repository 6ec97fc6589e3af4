#!/usr/bin/env bash
# Secrets scanning throughput, side by side in one run on the same reproducible tree:
#   release-gate scan (full rule pack, both cores) | git-secrets --scan -r (3 AWS patterns)
#   | secretlint with the recommended preset.
# Usage: bench/secrets.sh [MB]   (default 50). Prints a Markdown table for BENCHMARKS.md.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
mb=${1:-50}
ensure_tools
build_release_gate

tree="$work/tree-$mb"
if [ ! -d "$tree" ]; then
  python3 "$bench_dir/gen_tree.py" "$tree" --mb "$mb" --seed 1 >/dev/null
  git -C "$tree" init -q
  git -C "$tree" secrets --register-aws >/dev/null
  printf '{ "rules": [ { "id": "@secretlint/secretlint-rule-preset-recommend" } ] }\n' >"$tree/.secretlintrc.json"
fi
bytes=$(du -sb --exclude=.git "$tree" | cut -f1)
files=$(find "$tree" -type f -not -path '*/.git/*' | wc -l)
rules=$("$RG" scan --format sarif - </dev/null | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["runs"][0]["tool"]["driver"]["rules"]))')

cd "$tree"
rows=()
rows+=("$(measure "release-gate scan ($rules rules, 2 threads)" "$RG" scan -q --format json .)")
rg_findings=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$work/cmd.out")
rows+=("$(measure "release-gate scan ($rules rules, 1 thread)" "$RG" scan -q --threads 1 --format json .)")
rows+=("$(measure "git-secrets --scan -r (3 AWS patterns)" git secrets --scan -r .)")
gs_findings=$(grep -c . "$work/cmd.err" || true)
BENCH_RUNS=1 rows+=("$(measure "secretlint (recommended preset)" "$bench_dir/node_modules/.bin/secretlint" --maskSecrets '**/*')")
sl_findings=$(grep -cE '^ +[0-9]+:[0-9]+ ' "$work/cmd.out" || true)

echo "Tree: $files files, $(awk "BEGIN{printf \"%.1f\", $bytes/1e6}") MB (bench/gen_tree.py --mb $mb --seed 1); $(nproc) cores."
echo "Findings: release-gate $rg_findings, git-secrets $gs_findings lines, secretlint $sl_findings."
echo
echo "| tool | seconds | MB/s | peak RSS (MiB) |"
echo "| --- | ---: | ---: | ---: |"
for row in "${rows[@]}"; do
  IFS=$'\t' read -r name secs rss rc <<<"$row"
  awk -v n="$name" -v s="$secs" -v r="$rss" -v b="$bytes" \
    'BEGIN{printf "| %s | %.2f | %.1f | %.1f |\n", n, s, (s>0? b/1e6/s : 0), r/1024}'
done
