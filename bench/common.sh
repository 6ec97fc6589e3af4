# Shared by bench/*.sh: build release-gate in Release, install the peers, time commands.
set -euo pipefail
bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src_dir=$(cd "$bench_dir/.." && pwd)
work=${BENCH_WORK:-$bench_dir/work}
mkdir -p "$work"

ensure_tools() {
  local missing=()
  for p in git-secrets time hyperfine python3; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  # Node may come from elsewhere than Debian (it does on this project's machines): ask for the
  # commands, and install Debian's only when there are none.
  command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
  if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  if [ ! -x "$bench_dir/node_modules/.bin/secretlint" ] || [ ! -x "$bench_dir/node_modules/.bin/commitlint" ]; then
    (cd "$bench_dir" && npm install --no-audit --no-fund --silent >/dev/null)
  fi
}

build_release_gate() {
  "$src_dir/install.sh" --deps-only
  cmake -S "$src_dir" -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DRG_TESTS=OFF >/dev/null
  cmake --build "$work/build" -j"$(nproc)" >/dev/null
  RG="$work/build/release-gate"
}

# measure NAME CMD...: best of $BENCH_RUNS (default 3) wall-clock seconds and the peak RSS (KiB)
# of that run; prints "NAME<TAB>seconds<TAB>peak_kib<TAB>exit".
measure() {
  local name=$1; shift
  local best="" best_rss="" rc=0 runs=${BENCH_RUNS:-3}
  for _ in $(seq "$runs"); do
    rc=0
    /usr/bin/time -f "%e %M" -o "$work/time.out" "$@" >"$work/cmd.out" 2>"$work/cmd.err" || rc=$?
    # GNU time puts "Command exited with non-zero status N" first when the command fails (a
    # scanner that finds something exits 1): the figures are on the last line.
    read -r secs rss < <(tail -n 1 "$work/time.out") || { secs=999; rss=0; }
    if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs; best_rss=$rss; fi
  done
  printf '%s\t%s\t%s\t%s\n' "$name" "$best" "$best_rss" "$rc"
}
