#!/usr/bin/env bash
# Installs the Debian packages vigil needs that are not installed yet (idempotent, quiet when all are there).
set -euo pipefail
packages=(libgit2-dev libpcre2-dev libsqlite3-dev zlib1g-dev libssl-dev openssl pkg-config git openssh-client "$@")
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
