#!/usr/bin/env bash
# Hook start-up cost, side by side in one run (hyperfine):
#   pre-commit on a 10-file staged change: release-gate vs `git diff --cached` (the floor)
#   vs Debian's git-secrets pre-commit hook (3 AWS patterns);
#   commit-msg on a release message: release-gate vs npm's @commitlint/cli.
# Prints Markdown tables for BENCHMARKS.md.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ensure_tools
build_release_gate
B="$work/build"

repo="$work/hooks-repo"
rm -rf "$repo"
mkdir -p "$repo"
python3 "$bench_dir/gen_tree.py" "$repo" --mb 5 --seed 2 >/dev/null
cd "$repo"
git init -q -b main
git config user.name Bench; git config user.email bench@example.com
git secrets --register-aws >/dev/null
git add -A && git commit -q -m base --no-verify
# A 10-file change: 40 new lines in each of 10 files.
i=0
for f in $(git ls-files | grep -E '\.(py|js|go)$' | head -10); do
  for n in $(seq 40); do echo "value_${i}_${n} = compute(${n}, 'x${i}')" >>"$f"; done
  i=$((i + 1))
done
git add -A

echo "### pre-commit on a 10-file staged change (400 added lines)"
echo
hyperfine -N --warmup 5 --runs 50 --style none --export-markdown "$work/pre-commit.md" \
  -n "git diff --cached" "git diff --cached" \
  -n "release-gate pre-commit" "$B/pre-commit" \
  -n "git-secrets --pre_commit_hook" "git secrets --pre_commit_hook" >/dev/null
cat "$work/pre-commit.md"
echo

if [ -x "$B/commit-msg" ]; then
  git checkout -q -b tmp-bench 2>/dev/null || true
  git checkout -q main
  cat >"$work/msg.txt" <<'MSG'
feat: ship the pricing page refresh

Routine release of the refreshed checkout flow.

Release-Type: routine
Authorized-By: Dana Cruz <cdo@example.com>
QA-Signoff: QA-101 PASS
Rollback-Plan: git revert HEAD; eta 10m; executor on-call
Monitoring-Window: 24h; owner code.platform
MSG
  printf "module.exports = { extends: ['@commitlint/config-conventional'] };\n" >"$work/commitlint.config.js"
  echo "### commit-msg on a release message"
  echo
  hyperfine -N --warmup 3 --runs 30 --style none --export-markdown "$work/commit-msg.md" -i \
    -n "release-gate commit-msg" "$B/commit-msg $work/msg.txt" \
    -n "commitlint --edit" "$bench_dir/node_modules/.bin/commitlint --config $work/commitlint.config.js --edit $work/msg.txt" >/dev/null
  cat "$work/commit-msg.md"
fi
