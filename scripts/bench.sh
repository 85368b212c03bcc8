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
label="vigil scan --no-stats --no-flags (classification + review)"; measure "$vigil" scan "$repo" "$rev" --no-stats --no-flags --format ndjson
label="vigil scan --no-stats --no-flags --summary"; measure "$vigil" scan "$repo" "$rev" --no-stats --no-flags --summary
label="git log --numstat --no-renames --format=%H"; measure git -C "$repo" log --numstat --no-renames --format=%H "$rev"
label="vigil scan --no-flags (+ line stats)"; measure "$vigil" scan "$repo" "$rev" --no-flags --format ndjson
label="vigil scan (+ line stats + risk rules)"; measure "$vigil" scan "$repo" "$rev" --format ndjson
label="vigil scan --workers 1 (everything, one worker)"; measure "$vigil" scan "$repo" "$rev" --format ndjson --workers 1

# The pre-receive gate: a real push of 100 new commits onto REPO's history, through the installed
# hook (so the commits sit in git's quarantine, as on a server). The server is a shared bare clone
# (no copy of REPO's objects); the commits are made with fast-import in a shared client clone.
tmpdir=$(mktemp -d)
client=$tmpdir/client.git
git clone -q --bare --shared "$repo" "$client"
base=$(git -C "$client" rev-parse "$rev")
t0=$(git -C "$client" log -1 --format=%ct "$base")  # newer than their base, as real commits are
{
  for i in $(seq 1 100); do
    printf 'commit refs/heads/vigil-bench\nmark :%d\nauthor Bench <bench@example.com> %d +0000\ncommitter Bench <bench@example.com> %d +0000\n' "$i" $((t0 + 60 * i)) $((t0 + 60 * i))
    msg="bench commit $i"; printf 'data %d\n%s\n' ${#msg} "$msg"
    if [ "$i" = 1 ]; then printf 'from %s\n' "$base"; fi
    content="value = $i"; printf 'M 100644 inline vigil-bench/file%d.py\ndata %d\n%s\n\n' "$i" ${#content} "$content"
  done
} | git -C "$client" fast-import --quiet
# The index, on a shared bare clone of REPO (its objects borrowed, its refs REPO's branches and
# tags): a first full run, a second with nothing new, a third after 100 new commits (the ones the
# push below sends), then filtered queries.
db=$tmpdir/index.sqlite
one_run() {  # label, command...: one timed run (an index run cannot be repeated from scratch cheaply)
  local label=$1; shift
  local start end
  start=$(date +%s.%N)
  if [ -x /usr/bin/time ]; then /usr/bin/time -f '%M' -o "$tmp" "$@" >/dev/null 2>&1; else "$@" >/dev/null 2>&1; fi
  end=$(date +%s.%N)
  printf '%-58s %8.2f s %23s %8s MiB\n' "$label" "$(awk "BEGIN{print $end - $start}")" "" "$(( $(tail -1 "$tmp" 2>/dev/null || echo 0) / 1024 ))"
}
indexed=$tmpdir/indexed.git
git clone -q --bare --shared "$repo" "$indexed"
printf '%-58s %8s\n' "(commits reachable from its refs)" "$(git -C "$indexed" rev-list --all --count)"
one_run "vigil index (first run, every ref)" "$vigil" index "$indexed" --db "$db"
one_run "vigil index (again, nothing new)" "$vigil" index "$indexed" --db "$db"
git -C "$indexed" fetch -q "$client" refs/heads/vigil-bench:refs/heads/vigil-bench
one_run "vigil index (after 100 new commits)" "$vigil" index "$indexed" --db "$db"
printf '%-58s %8s\n' "index size" "$(du -h "$db" | cut -f1)"
label="vigil query --severity high"; measure "$vigil" query --db "$db" --severity high --format ndjson
label="vigil query --class ai --class assisted --review unreviewed"; measure "$vigil" query --db "$db" --class ai --class assisted --review unreviewed --format ndjson
label="vigil query --path 'Documentation/**' --sort date --limit 50"; measure "$vigil" query --db "$db" --path 'Documentation/**' --sort date --limit 50 --format ndjson
label="vigil query --commits --author gitster --since 2024-01-01"; measure "$vigil" query --db "$db" --commits --author gitster --since 2024-01-01 --format ndjson
label="git log --all --author=gitster --since=2024-01-01"; measure git -C "$indexed" log --all --author=gitster --since=2024-01-01 --format=%H

# One timed push into a fresh shared server clone (a second push of the same commits would find
# them already there, which is not what a push is).
push_once() {
  local server=$tmpdir/server-$1.git start end
  git clone -q --bare --shared "$repo" "$server"
  [ "$1" = hook ] && "$vigil" hook install --repo "$server" >/dev/null
  start=$(date +%s.%N)
  git -C "$client" push -q "$server" refs/heads/vigil-bench 2>/dev/null
  end=$(date +%s.%N)
  printf '%-58s %8.2f s\n' "$2" "$(awk "BEGIN{print $end - $start}")"
}
push_once hook "git push of 100 commits through vigil's hook"
push_once plain "git push of the same 100 commits, no hook"
rm -rf "$tmpdir"

# The gate with signed approvals to verify (its own script: scripts/bench-gate.sh).
"$here/scripts/bench-gate.sh" "$repo" "$rev" "$runs"
