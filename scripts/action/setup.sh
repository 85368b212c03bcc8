#!/usr/bin/env bash
# The GitHub Action's first step: the vigil to run, as the `path` output. INPUT_VIGIL first,
# then vigil on PATH, then dist/vigil built from the action's own checkout.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
if [ -n "${INPUT_VIGIL:-}" ]; then
  bin="$INPUT_VIGIL"
elif command -v vigil >/dev/null 2>&1; then
  bin="$(command -v vigil)"
else
  [ -x "$here/dist/vigil" ] || make -C "$here" dist >&2
  bin="$here/dist/vigil"
fi
[ -x "$bin" ] || { echo "::error title=vigil::$bin is not an executable vigil"; exit 2; }
"$bin" version >&2
echo "path=$bin" >> "${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set}"
