#!/usr/bin/env bash
# release-gate installer: dependencies, build, binaries, and hooks for clones and servers.
#
#   ./install.sh                         install deps, build (Release), install to /usr/local
#   ./install.sh --repo PATH             ... and guard the working clone at PATH (pre-commit,
#                                        pre-merge-commit, commit-msg)
#   ./install.sh --server BARE_REPO      ... and install the pre-receive enforcer (and the post-receive
#                                        audit recorder) into a bare repository
#   ./install.sh --deb FILE ...          install release-gate_<ver>_amd64.deb with apt-get (no compiler
#                                        needed; binaries in /usr/bin) instead of building, then the rest
#   ./install.sh --deps-only             only the Debian packages the build and tests need, and the
#                                        SARIF validator the tests run (npm, into tests/sarif)
#
# Options: --prefix DIR (default /usr/local), --bin-dir DIR (use already-built binaries, no build),
#          --build-dir DIR (default ./build-release), --no-deps. Idempotent: a second run changes
#          nothing. An existing hook that is not ours is kept as <hook>.local and still runs first.
set -euo pipefail

src=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
prefix=/usr/local
bin_dir=""
deb=""
build_dir="$src/build-release"
deps=1
deps_only=0
repos=()
servers=()

die() { echo "install.sh: error: $*" >&2; exit 2; }
say() { echo "install.sh: $*"; }

while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix=${2:?--prefix needs a directory}; shift 2 ;;
    --repo) repos+=("${2:?--repo needs a path}"); shift 2 ;;
    --server) servers+=("${2:?--server needs a bare repository}"); shift 2 ;;
    --bin-dir) bin_dir=${2:?--bin-dir needs a directory}; shift 2 ;;
    --deb) deb=${2:?--deb needs a .deb file}; shift 2 ;;
    --build-dir) build_dir=${2:?--build-dir needs a directory}; shift 2 ;;
    --no-deps) deps=0; shift ;;
    --deps-only) deps_only=1; shift ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done

# 1. Debian packages, only those missing.
packages=(g++ cmake make pkg-config git openssh-client libgit2-dev libre2-dev libyaml-cpp-dev
          libfmt-dev nlohmann-json3-dev libcli11-dev doctest-dev libcurl4-openssl-dev)
# What only the tests need (tests/run.sh): clang with libFuzzer for the fuzz targets; the real
# hosts of tests/hosts (gitolite3 behind sshd, Apache's git http-backend with htpasswd); what
# `--target package` runs (dpkg-shlibdeps, file); the pre-commit framework (its manifest test);
# npm for Microsoft's SARIF validator (below), unless a node/npm is installed already (one from
# outside Debian's packages would conflict with Debian's npm).
[ "$deps_only" = 1 ] && packages+=(clang libclang-rt-14-dev
                                   gitolite3 openssh-server apache2 apache2-utils
                                   dpkg-dev file pre-commit)
[ "$deps_only" = 1 ] && ! command -v npm >/dev/null 2>&1 && packages+=(npm)
[ -n "$deb" ] && [ -n "$bin_dir" ] && die "--deb and --bin-dir exclude each other"
if [ "$deps" = 1 ] && [ -z "$bin_dir" ] && [ -z "$deb" ]; then
  missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    say "installing Debian packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi
if [ "$deps_only" = 1 ]; then
  # Microsoft's SARIF validator for the sarif tests (ctest -L sarif), the version
  # tests/sarif/package-lock.json pins, into tests/sarif/node_modules (git-ignored); CMake's
  # RG_SARIF_MULTITOOL points the tests at it. Its package's only install script is a chmod, done
  # here instead of running package scripts. Reinstalled only when the version differs.
  tools="$src/tests/sarif"
  want=$(sed -n 's/.*"@microsoft\/sarif-multitool": "\(.*\)".*/\1/p' "$tools/package.json")
  have=$(sed -n 's/.*"version": "\(.*\)".*/\1/p' \
           "$tools/node_modules/@microsoft/sarif-multitool-linux/package.json" 2>/dev/null || true)
  if [ "$have" != "$want" ]; then
    command -v npm >/dev/null 2>&1 || die "npm is needed for the SARIF validator (tests/sarif)"
    say "installing the SARIF validator (@microsoft/sarif-multitool $want) into $tools/node_modules"
    (cd "$tools" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null) ||
      die "npm ci in $tools failed"
  fi
  chmod a+rx "$tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool" ||
    die "npm did not install the Linux SARIF validator in $tools/node_modules"
  exit 0
fi

# 2. Build and install the binaries (hooks are installed with a release-gate- prefix so they
#    never shadow other tools, such as the pre-commit framework's own `pre-commit`), or install
#    the package: apt-get pulls its runtime libraries.
if [ -n "$deb" ]; then
  [ -f "$deb" ] || die "$deb: no such file"
  deb="$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")"   # apt-get wants a path, not a name
  name=$(dpkg-deb -f "$deb" Package) || die "$deb is not a Debian package"
  version=$(dpkg-deb -f "$deb" Version)
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  # The same file installed already (same version, same md5sums) is left alone; anything else,
  # a rebuild of the same version included, is (re)installed.
  if [ "$(dpkg-query -W -f='${Status} ${Version}' "$name" 2>/dev/null)" = "install ok installed $version" ] &&
     dpkg-deb -I "$deb" md5sums 2>/dev/null | cmp -s - "/var/lib/dpkg/info/$name.md5sums"; then
    say "$name $version from $deb is already installed"
  else
    say "installing $deb"
    log=$(mktemp)
    if ! DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends --reinstall \
         --allow-downgrades -o DPkg::Lock::Timeout=300 "$deb" >"$log" 2>&1; then
      cat "$log" >&2
      rm -f "$log"
      die "apt-get could not install $deb (above)"
    fi
    rm -f "$log"
    say "installed $name $version"
  fi
  bin_dir=/usr/bin
  [ -x "$bin_dir/release-gate" ] || die "$deb did not install $bin_dir/release-gate"
elif [ -z "$bin_dir" ]; then
  cmake -S "$src" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DRG_TESTS=OFF >/dev/null
  cmake --build "$build_dir" -j"$(nproc)" >/dev/null
  sudo=""
  if [ ! -w "$(dirname "$prefix")" ] && [ "$(id -u)" != 0 ]; then sudo=sudo; fi
  $sudo cmake --install "$build_dir" --prefix "$prefix" >/dev/null
  bin_dir="$prefix/bin"
  say "installed release-gate $("$bin_dir/release-gate" version | cut -d' ' -f2) into $bin_dir"
fi
bin_dir=$(cd "$bin_dir" && pwd)

# Where a hook binary is: installed names first, then build-tree names.
hook_binary() {
  for name in "release-gate-$1" "$1"; do
    [ -x "$bin_dir/$name" ] && { echo "$bin_dir/$name"; return 0; }
  done
  return 1
}

marker="# release-gate hook shim (install.sh)"

# install_shim HOOKS_DIR HOOK BINARY: write the shim unless it is already exactly there.
install_shim() {
  local dir=$1 hook=$2 binary=$3 target="$1/$2" tmp
  mkdir -p "$dir"
  if [ -e "$target" ] && ! grep -qF "$marker" "$target"; then
    if [ -e "$target.local" ]; then
      die "$target exists and so does $target.local; move one of them away and run again"
    fi
    mv "$target" "$target.local"
    say "kept the existing $hook hook as $target.local (it still runs first)"
  fi
  tmp=$(mktemp "$dir/.$hook.XXXXXX")
  if [ "$hook" = post-receive ]; then
    # stdin reaches both; ours records the outcome even when the kept hook fails (git ignores
    # post-receive's exit code, the push is done).
    cat >"$tmp" <<SHIM
#!/bin/sh
$marker
input=\$(cat)
dir=\$(dirname "\$0")
status=0
if [ -x "\$dir/$hook.local" ]; then
  printf '%s\n' "\$input" | "\$dir/$hook.local" "\$@" || status=\$?
fi
printf '%s\n' "\$input" | "$binary" "\$@" || status=\$?
exit \$status
SHIM
  elif [ "$hook" = pre-receive ]; then
    # stdin (the ref updates) must reach both the kept hook and ours.
    cat >"$tmp" <<SHIM
#!/bin/sh
$marker
input=\$(cat)
dir=\$(dirname "\$0")
if [ -x "\$dir/$hook.local" ]; then
  printf '%s\n' "\$input" | "\$dir/$hook.local" "\$@" || exit \$?
fi
printf '%s\n' "\$input" | exec "$binary" "\$@"
SHIM
  else
    cat >"$tmp" <<SHIM
#!/bin/sh
$marker
dir=\$(dirname "\$0")
if [ -x "\$dir/$hook.local" ]; then
  "\$dir/$hook.local" "\$@" || exit \$?
fi
exec "$binary" "\$@"
SHIM
  fi
  chmod 755 "$tmp"
  if [ -e "$target" ] && cmp -s "$tmp" "$target"; then
    rm -f "$tmp"
    say "$target is up to date"
  else
    mv "$tmp" "$target"
    say "installed $target"
  fi
}

for repo in ${repos[@]+"${repos[@]}"}; do
  git -C "$repo" rev-parse --git-dir >/dev/null 2>&1 || die "$repo is not a git repository"
  hooks=$(cd "$repo" && git rev-parse --git-path hooks)
  case "$hooks" in /*) ;; *) hooks="$(cd "$repo" && pwd)/$hooks" ;; esac
  for hook in pre-commit commit-msg; do
    if binary=$(hook_binary "$hook"); then
      install_shim "$hooks" "$hook" "$binary"
    else
      say "no $hook binary in $bin_dir; skipped"
    fi
  done
  # A merge without conflicts runs pre-merge-commit, not pre-commit: the same secrets check.
  if binary=$(hook_binary pre-commit); then
    install_shim "$hooks" pre-merge-commit "$binary"
  fi
done

for bare in ${servers[@]+"${servers[@]}"}; do
  # The repository usually belongs to the hosting account (git, gitolite3, www-data), not to
  # whoever runs this: let git look at it anyway (safe.directory; only for this command).
  [ "$(git -c safe.directory='*' -C "$bare" rev-parse --is-bare-repository 2>/dev/null)" = true ] ||
    die "$bare is not a bare repository"
  binary=$(hook_binary pre-receive) || die "no pre-receive binary in $bin_dir"
  install_shim "$bare/hooks" pre-receive "$binary"
  # post-receive records what git really updated (docs/server.md, "Audit log").
  binary=$(hook_binary post-receive) || die "no post-receive binary in $bin_dir"
  install_shim "$bare/hooks" post-receive "$binary"
  if [ ! -e "$bare/release-gate.yml" ]; then
    cp "$src/rules/release-policy.yml" "$bare/release-gate.yml"
    say "wrote the starter policy $bare/release-gate.yml (edit roles and people there)"
  fi
done
