#!/usr/bin/env bash
# Provenance accuracy on real public histories, and trailers against git's own parser.
#   scripts/bench-provenance.sh [MIRRORS_DIR]
# MIRRORS_DIR (default $VIGIL_MIRRORS, else /work/.mirror) holds bare mirrors as OWNER+NAME/repo,
# e.g. git clone --mirror https://github.com/cline/cline "$MIRRORS_DIR/cline+cline/repo".
# Repositories without a mirror are skipped and named. Exit 1 when a target is missed.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
mirrors=${1:-${VIGIL_MIRRORS:-/work/.mirror}}
bench=${VIGIL_BENCH:-$here/.build/release/vigil-bench}
[ -x "$bench" ] || { echo "build first: swift build -c release" >&2; exit 2; }
status=0

echo "== provenance against the explicit-mark oracle (bench/provenance-oracle)"
"$bench" provenance "$here/bench/provenance-oracle" "$mirrors" || status=1

echo
echo "== trailers against git's %(trailers:only,unfold), every commit of every ref"
repos=()
for oracle in "$here"/bench/provenance-oracle/*+*.tsv; do
  name=$(basename "$oracle" .tsv)
  for dir in "$mirrors/$name/repo" "$mirrors/$name"; do
    if [ -d "$dir" ]; then repos+=("$dir"); break; fi
  done
done
if [ ${#repos[@]} -gt 0 ]; then "$bench" trailers "${repos[@]}" || status=1; else echo "no mirrors in $mirrors"; fi
exit $status
