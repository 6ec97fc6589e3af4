#!/usr/bin/env bash
# Benchmark: release-rollback of a 50-commit release in a 100k-commit repository.
# Builds release-rollback (Release, ninja -j2), generates the history with git fast-import
# (1,000 files in 50 directories, one file changed per commit), then times:
#   dry run of main~50..main, a real rollback to a new branch (--branch), a real rollback of
#   main in a bare clone (compare-and-swap), --squash, and `git revert` of the same range.
# Usage: bench/rollback.sh [commits=100000] [release=50]; BENCH_RUNS (default 5).
set -euo pipefail
bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src_dir=$(cd "$bench_dir/.." && pwd)
work=${BENCH_WORK:-$bench_dir/work}/rollback
commits=${1:-100000}
release=${2:-50}
runs=${BENCH_RUNS:-5}
mkdir -p "$work"

cmake -S "$src_dir" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DRG_TESTS=OFF >/dev/null
ninja -j2 -C "$work/build" release-rollback >/dev/null
RR="$work/build/release-rollback"

export GIT_CONFIG_NOSYSTEM=1 HOME="$work/home" LC_ALL=C
mkdir -p "$HOME"
git config --global user.name "Bench" && git config --global user.email bench@example.com
git config --global init.defaultBranch main

repo="$work/repo-$commits"
if [ ! -d "$repo/.git" ]; then
  echo "generating $commits commits with git fast-import..." >&2
  git init -q "$repo"
  start=$(date +%s.%N)
  python3 - "$commits" <<'PY' | git -C "$repo" fast-import --quiet
import sys
n = int(sys.argv[1])
out = sys.stdout.buffer
def data(b):
    out.write(b"data %d\n" % len(b)); out.write(b); out.write(b"\n")
for i in range(1, n + 1):
    out.write(b"commit refs/heads/main\nmark :%d\n" % i)
    out.write(b"committer Bench <bench@example.com> %d +0000\n" % (1600000000 + i * 60))
    data(b"change %d\n\nRelease-Type: routine\nAuthorized-By: cdo\n" % i)
    if i > 1:
        out.write(b"from :%d\n" % (i - 1))
    f = i % 1000
    path = b"src/dir%02d/file%04d.txt" % (f % 50, f)
    body = b"".join(b"line %d of file %d, version %d\n" % (k, f, i) for k in range(20))
    out.write(b"M 100644 inline %s\n" % path); data(body)
PY
  git -C "$repo" reset -q --hard main
  echo "generated in $(echo "$(date +%s.%N) - $start" | bc) s; $(git -C "$repo" rev-list --count main) commits" >&2
fi

# best-of-N wall time of a command (seconds); the setup command runs before each run, untimed.
best() {
  local setup=$1; shift
  local best_t=999999
  for _ in $(seq "$runs"); do
    eval "$setup"
    local t0 t1
    t0=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || { echo "command failed: $*" >&2; "$@" | tail -5 >&2; exit 1; }
    t1=$(date +%s.%N)
    best_t=$(echo "if ($t1 - $t0 < $best_t) $t1 - $t0 else $best_t" | bc)
  done
  printf '%.3f' "$best_t"
}

bare="$work/bare-$commits.git"
[ -d "$bare" ] || git clone -q --bare "$repo" "$bare"
tip=$(git -C "$bare" rev-parse main)
range="main~$release..main"

t_dry=$(best ":" "$RR" -C "$repo" --dry-run "$range")
t_branch=$(best "git -C '$repo' branch -q -D rb-bench 2>/dev/null || true" "$RR" -C "$repo" --branch rb-bench "$range")
t_bare=$(best "git -C '$bare' update-ref refs/heads/main $tip" "$RR" -C "$bare" "$range")
t_squash=$(best "git -C '$bare' update-ref refs/heads/main $tip" "$RR" -C "$bare" --squash "$range")
t_git=$(best "git -C '$repo' switch -q --detach $tip" git -C "$repo" revert --no-edit "$range")
git -C "$repo" switch -q main
git -C "$bare" update-ref refs/heads/main "$tip"

echo "release-rollback: $release-commit release in a $(git -C "$bare" rev-list --count main)-commit repository (best of $runs, seconds)"
printf '%-44s %s\n' "dry run (plan, files, lines)" "$t_dry"
printf '%-44s %s\n' "rollback to a new branch (non-bare)" "$t_branch"
printf '%-44s %s\n' "rollback of main in a bare repo (CAS)" "$t_bare"
printf '%-44s %s\n' "rollback --squash (bare)" "$t_squash"
printf '%-44s %s\n' "git revert --no-edit of the same range" "$t_git"
