#!/usr/bin/env bash
# Regex engines on the same rules and lines: scripts/bench-regex.sh REPO [COMMITS]
# Takes the added and removed lines of REPO's last COMMITS commits (default 3000) as input.
set -euo pipefail
repo=${1:?usage: scripts/bench-regex.sh REPO [COMMITS]}
commits=${2:-3000}
here=$(cd "$(dirname "$0")/.." && pwd)
lines=$(mktemp)
trap 'rm -f "$lines"' EXIT
git -C "$repo" log -p --no-color -n "$commits" --format= | grep -E '^[+-]' | grep -vE '^(\+\+\+|---) ' | cut -c2- | head -n 50000 > "$lines" || true  # head closes the pipe early
cd "$here"
swift build -c release --product vigil-bench >/dev/null
.build/release/vigil-bench regex rules "$lines"
