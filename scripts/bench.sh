#!/usr/bin/env bash
# Prints vigil's speed next to git's on the same repository and revision.
#   scripts/bench.sh REPO [REVISION] [RUNS]
# Figures: wall seconds (best of RUNS), commits per second, peak memory (MiB).
set -euo pipefail
repo=${1:?usage: scripts/bench.sh REPO [REVISION] [RUNS]}
rev=${2:-HEAD}
runs=${3:-3}
here=$(cd "$(dirname "$0")/.." && pwd)
vigil=${VIGIL:-$here/.build/release/vigil}
[ -x "$vigil" ] || { echo "build first: swift build -c release" >&2; exit 2; }
commits=$(git -C "$repo" rev-list --count "$rev")

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

# best wall time of $runs runs, and the peak RSS of the last, for a command writing to /dev/null
measure() {
  local best="" rss=0
  for _ in $(seq "$runs"); do
    local start end t
    start=$(date +%s.%N)
    if [ -x /usr/bin/time ]; then
      /usr/bin/time -f '%M' -o "$tmp" "$@" >/dev/null 2>&1
      rss=$(tail -1 "$tmp")
    else
      "$@" >/dev/null 2>&1
    fi
    end=$(date +%s.%N)
    t=$(awk "BEGIN{print $end - $start}")
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; fi
  done
  printf '%-58s %8.2f s %10.0f commits/s %8s MiB\n' "$label" "$best" "$(awk "BEGIN{print $commits / $best}")" "$(( ${rss:-0} / 1024 ))"
}

echo "repository: $repo ($rev, $commits commits), $(nproc) cores, best of $runs runs"
label="git log --format='%H %an %(trailers)'"; measure git -C "$repo" log --format='%H %an %(trailers)' "$rev"
label="vigil scan --no-stats (classification only)"; measure "$vigil" scan "$repo" "$rev" --no-stats --format ndjson
label="git log --numstat --format=%H"; measure git -C "$repo" log --numstat --format=%H "$rev"
label="vigil scan (classification + line stats)"; measure "$vigil" scan "$repo" "$rev" --format ndjson
label="vigil scan --workers 1 (line stats, one worker)"; measure "$vigil" scan "$repo" "$rev" --format ndjson --workers 1
