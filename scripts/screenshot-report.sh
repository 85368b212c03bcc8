#!/usr/bin/env bash
# Renders a report's HTML in headless Chromium (Debian's package) and saves a screenshot, to check
# that the page renders: scripts/screenshot-report.sh REPORT.html OUT.png [WIDTHxHEIGHT]
set -euo pipefail
html=${1:?usage: scripts/screenshot-report.sh REPORT.html OUT.png [WIDTHxHEIGHT]}
out=${2:?usage: scripts/screenshot-report.sh REPORT.html OUT.png [WIDTHxHEIGHT]}
size=${3:-1100x1800}
command -v chromium >/dev/null || "$(dirname "$0")/install-deps.sh" chromium
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" \
  --window-size="${size/x/,}" --screenshot="$(realpath -m "$out")" "file://$(realpath "$html")" 2>/dev/null
test -s "$out" && echo "wrote $out"
