#!/usr/bin/env bash
# Benchmark: release-rollback on a large, rename-heavy history, side by side with `git revert`.
# Generates with git fast-import: FILES files in nested directories, COMMITS commits; every
# 50th commit moves a whole directory (renames with edits), the others edit one file. A release
# early in history edits a file that is moved twice and edited afterwards; the script checks
# that release-rollback and git revert agree on the tree, times both (best of BENCH_RUNS), and
# reports the bytes each adds to .git/objects.
# Usage: bench/rollback_renames.sh [files=5000] [commits=2000]
#   RR=/path/to/release-rollback to use a built binary (default: builds Release into bench/work).
set -euo pipefail
bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src_dir=$(cd "$bench_dir/.." && pwd)
work=${BENCH_WORK:-$bench_dir/work}/rollback-renames
files=${1:-5000}
commits=${2:-2000}
runs=${BENCH_RUNS:-5}
mkdir -p "$work"

if [ -z "${RR:-}" ]; then
  cmake -S "$src_dir" -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DRG_TESTS=OFF >/dev/null
  cmake --build "$work/build" -j2 --target release-rollback >/dev/null
  RR="$work/build/release-rollback"
fi

export GIT_CONFIG_NOSYSTEM=1 HOME="$work/home" LC_ALL=C
mkdir -p "$HOME"
git config --global user.name "Bench" && git config --global user.email bench@example.com
git config --global init.defaultBranch main
git config --global gc.auto 0

repo="$work/repo-$files-$commits"
if [ ! -d "$repo/.git" ]; then
  echo "generating $files files, $commits commits..." >&2
  git init -q "$repo"
  python3 - "$files" "$commits" <<'PY' | git -C "$repo" fast-import --quiet
import sys
files, commits = int(sys.argv[1]), int(sys.argv[2])
out = sys.stdout.buffer
def data(b):
    out.write(b"data %d\n" % len(b)); out.write(b); out.write(b"\n")
def body(f, v):
    return b"".join(b"line %d of file %d, version %d\n" % (k, f, v if k == f % 30 else 0) for k in range(30))
# directory of file f at generation g: top-level dirs are renamed wholesale every 50 commits
def path(f, g):
    return b"g%03d/mod%02d/sub%02d/file%05d.txt" % (g if (f % 20) < 10 else 0, f % 20, (f // 20) % 25, f)
gen = 0
mark = 0
content = {}
def commit(msg, ops):
    global mark
    mark += 1
    out.write(b"commit refs/heads/main\nmark :%d\n" % mark)
    out.write(b"committer Bench <bench@example.com> %d +0000\n" % (1600000000 + mark * 60))
    data(msg)
    if mark > 1: out.write(b"from :%d\n" % (mark - 1))
    for op in ops: out.write(op)
def put(f, b):
    content[f] = b
    return b"M 100644 inline %s\n" % path(f, gen) + b"data %d\n" % len(b) + b + b"\n"
commit(b"import\n", [put(f, body(f, 0)) for f in range(files)])
for i in range(1, commits):
    if i % 50 == 0:
        old, gen = gen, gen + 1
        ops = []
        for f in range(files):
            if (f % 20) < 10:
                ops.append(b"D %s\n" % path(f, old))
                ops.append(put(f, content[f] + b"moved to generation %d\n" % gen))  # renamed and edited
        commit(b"move generation %d\n" % gen, ops)
    else:
        f = (i * 7) % files
        commit(b"edit %d\n" % i, [put(f, body(f, i) + content[f][len(body(f, 0)):])])
PY
  git -C "$repo" reset -q --hard main
fi

# The release: an early commit editing a file (f % 20 < 10) that later moves.
release=$(git -C "$repo" log --format=%H --reverse main | sed -n '22p')
git -C "$repo" show --stat --format='release %h %s' "$release" | head -3 >&2

best() {
  local setup=$1; shift
  local best_t=999999
  for _ in $(seq "$runs"); do
    eval "$setup"
    local t0 t1
    t0=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || true
    t1=$(date +%s.%N)
    best_t=$(echo "if ($t1 - $t0 < $best_t) $t1 - $t0 else $best_t" | bc)
  done
  printf '%.3f' "$best_t"
}
objects_kib() { du -sk "$repo/.git/objects" | cut -f1; }

tip=$(git -C "$repo" rev-parse main)
git -C "$repo" switch -q --detach "$tip"
if git -C "$repo" revert --no-edit "$release" >/dev/null 2>&1; then
  git_tree=$(git -C "$repo" rev-parse HEAD^{tree})
else
  git -C "$repo" revert --abort; git_tree="(conflict)"
fi
git -C "$repo" switch -q main
git -C "$repo" branch -q -D rb 2>/dev/null || true
before=$(objects_kib)
if "$RR" -C "$repo" --branch rb "$release" >/dev/null; then
  ours_tree=$(git -C "$repo" rev-parse rb^{tree})
else
  ours_tree="(refused or conflict)"
fi
after=$(objects_kib)
echo "git revert tree:       $git_tree"
echo "release-rollback tree: $ours_tree"
echo "objects written by release-rollback: $((after - before)) KiB"

t_ours=$(best "git -C '$repo' branch -q -D rb 2>/dev/null || true" "$RR" -C "$repo" --branch rb "$release")
t_git=$(best "git -C '$repo' revert --abort 2>/dev/null || true; git -C '$repo' switch -q --detach $tip" git -C "$repo" revert --no-edit "$release")
git -C "$repo" revert --abort 2>/dev/null || true
git -C "$repo" switch -q main
echo "release-rollback vs git revert of one early commit, $files files, $commits commits, renames every 50 (best of $runs, s)"
printf '%-36s %s\n' "release-rollback --branch" "$t_ours" "git revert --no-edit" "$t_git"
