#!/usr/bin/env bash
# Secrets precision on real public source trees (issue 12), side by side with the peers that
# install here (secretlint's recommended preset, git-secrets' AWS patterns).
#
#   bench/precision_real.sh            fetch the pinned trees (cached), scan, print the table
#   bench/precision_real.sh --to-label also write $work/realprec/to_label.tsv: every finding with
#                                      no label yet, with its line (unredacted: git-ignored work
#                                      dir, for the person labelling; never commit it)
#
# The trees are fixed: npm tarballs (`npm pack NAME@VERSION`) and Debian 12 binary packages
# (`apt-get download NAME=VERSION`, `dpkg -x`; there are no deb-src entries here). Downloads are
# cached under $work/realprec/dl. Labels: bench/labels/real_precision.tsv (see its header).
# RG=/path/to/release-gate skips the Release build.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

npm_pkgs=(
  sequelize@6.37.3 knex@3.1.0 mongoose@8.5.1 typeorm@0.3.20 pg@8.12.0 mysql2@3.10.2
  nodemailer@6.9.14 node-forge@1.3.1 jsonwebtoken@9.0.2 passport@0.7.0 passport-oauth2@1.8.0
  dotenv@16.4.5 config@3.3.12 stripe@16.2.0 twilio@5.2.2 @slack/web-api@7.3.1
  firebase-admin@12.2.0 serverless@3.39.0 @kubernetes/client-node@0.21.0 express@4.19.2
  ioredis@5.4.1 @octokit/rest@21.0.0 @aws-sdk/client-s3@3.614.0 googleapis-common@7.2.0
)
deb_pkgs=(
  ansible-core=2.14.18-0+deb12u2 python3-django=3:3.2.25-0+deb12u7
  python3-paramiko=2.12.0-2 python3-oauthlib=3.2.2-1 python3-jwt=2.6.0-1+deb12u1
  python3-requests-oauthlib=1.3.0+ds-1 python3-sqlalchemy=1.4.46+ds1-1 python3-celery=5.2.6-5
  python3-flask=2.2.2-3 python3-boto3=1.26.27+dfsg-1 python3-keystoneclient=1:5.0.1-3
  python3-openstackclient=6.0.0-4 python3-docker=5.0.3-1 python3-twilio=7.7.1+ds1-1
  python3-ldap3=2.9.1-2
  golang-github-go-sql-driver-mysql-dev=1.5.0-2 golang-golang-x-oauth2-dev=0.3.0-1
  golang-github-minio-minio-go-v7-dev=7.0.46-1 golang-github-spf13-viper-dev=1.10.1-1
  golang-github-gin-gonic-gin-dev=1.8.1-1 golang-github-docker-distribution-dev=2.8.2+ds1-1
  ruby-devise=4.8.1-1 ruby-omniauth=2.1.1-1 ruby-aws-sdk-core=3.168.1-2 ruby-fog-aws=3.15.0-1
  ruby-gitlab=4.17.0-3 ruby-railties=2:6.1.7.10+dfsg-1~deb12u4
  ruby-activerecord=2:6.1.7.10+dfsg-1~deb12u4 ruby-actionmailer=2:6.1.7.10+dfsg-1~deb12u4
  ruby-net-ldap=0.17.0-1
  php-phpseclib=2.0.42-1+deb12u5 php-guzzlehttp-guzzle=7.4.5-1
  php-symfony-security-core=5.4.53+dfsg-0+deb12u1 php-symfony-http-foundation=5.4.53+dfsg-0+deb12u1
  php-laravel-framework=8.83.26+dfsg-2
)

to_label=0
[ "${1:-}" = --to-label ] && to_label=1

ensure_tools
if [ -n "${RG:-}" ]; then RG=$(realpath "$RG"); else build_release_gate; fi
root="$work/realprec"
dl="$root/dl"
tree="$root/tree"
mkdir -p "$dl"

# A tree's directory is its package@version (npm scope '/' as '+', Debian epoch ':' as '_'), so
# every finding's path starts with the package it came from.
fetch() {
  if [ -f "$tree/.complete" ]; then return; fi
  rm -rf "$tree"; mkdir -p "$tree"
  local spec name ver dir tgz
  for spec in "${npm_pkgs[@]}"; do
    name=${spec%@*}; ver=${spec##*@}
    dir="$tree/npm/${name//\//+}@$ver"
    tgz=$(ls "$dl"/npm-"${name//\//+}"-"$ver".tgz 2>/dev/null || true)
    if [ -z "$tgz" ]; then
      local out; out=$(cd "$dl" && npm pack --silent "$spec" | tail -n 1)
      mv "$dl/$out" "$dl/npm-${name//\//+}-$ver.tgz"
      tgz="$dl/npm-${name//\//+}-$ver.tgz"
    fi
    mkdir -p "$dir" && tar -xzf "$tgz" -C "$dir" --strip-components=1
  done
  for spec in "${deb_pkgs[@]}"; do
    name=${spec%%=*}; ver=${spec#*=}
    dir="$tree/deb/$name@${ver//:/_}"
    local deb="$dl/deb-$name-${ver//:/_}.deb"
    if [ ! -f "$deb" ]; then
      (cd "$dl" && apt-get download -qq -o APT::Sandbox::User=root "$spec" >/dev/null)
      mv "$dl/${name}_"*.deb "$deb"
    fi
    mkdir -p "$dir" && dpkg -x "$deb" "$dir"
  done
  # Compressed changelogs and man pages are binary to every tool here: drop them so the file
  # count is the count of what is scanned.
  find "$tree" -name '*.gz' -delete
  find "$tree" -type l -delete
  touch "$tree/.complete"
}
fetch

files=$(find "$tree" -type f -not -path '*/.git/*' -not -name .complete | wc -l)
bytes=$(du -sb --exclude=.git "$tree" | cut -f1)

out="$root/out"
mkdir -p "$out"
"$RG" --version >"$out/rg.version" 2>&1 || true
( cd "$tree" && "$RG" scan -q --format json . >"$out/release-gate.json" ) || true

# git-secrets reads its patterns from the repository's config: a throwaway repository around the
# tree, patterns of --register-aws only. It prints path:line:text (kept in the git-ignored work
# dir only).
if [ ! -d "$tree/.git" ]; then
  git -C "$tree" init -q
  git -C "$tree" secrets --register-aws >/dev/null
fi
( cd "$tree" && git secrets --scan -r . >/dev/null 2>"$out/git-secrets.txt" ) || true

printf '{ "rules": [ { "id": "@secretlint/secretlint-rule-preset-recommend" } ] }\n' >"$root/secretlintrc.json"
( cd "$tree" && "$bench_dir/node_modules/.bin/secretlint" --secretlintrc "$root/secretlintrc.json" \
    --format json --maskSecrets --secretlintignore /dev/null '**/*' >"$out/secretlint.json" ) || true

sl_version=$(cd "$bench_dir" && node -p 'require("secretlint/package.json").version')
sl_preset=$(cd "$bench_dir" && node -p 'require("@secretlint/secretlint-rule-preset-recommend/package.json").version')
gs_version=$(dpkg-query -W -f='${Version}' git-secrets)

args=(--tree "$tree" --out "$out" --labels "$bench_dir/labels/real_precision.tsv")
[ "$to_label" = 1 ] && args+=(--to-label "$root/to_label.tsv")
echo "Trees: ${#npm_pkgs[@]} npm packages, ${#deb_pkgs[@]} Debian 12 packages; $files files, $(awk "BEGIN{printf \"%.1f\", $bytes/1e6}") MB."
echo "Tools: release-gate $(git -C "$src_dir" rev-parse --short HEAD), secretlint $sl_version + preset-recommend $sl_preset, git-secrets $gs_version (--register-aws)."
python3 "$bench_dir/precision_real.py" "${args[@]}"
