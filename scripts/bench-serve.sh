#!/usr/bin/env bash
# Times `vigil serve` on a real index: the queue (default, filtered, deep pages) and commit pages
# (the top of the queue and the commit with the most findings), each requested RUNS times over
# loopback with curl; prints the median and the slowest in milliseconds. Target: under 200 ms.
# Usage: scripts/bench-serve.sh INDEX.sqlite [RUNS]   (uses .build/release/vigil; `make release`)
set -euo pipefail
db=${1:?usage: bench-serve.sh INDEX.sqlite [RUNS]}
runs=${2:-20}
vigil=${VIGIL:-$(dirname "$0")/../.build/release/vigil}
log=$(mktemp)
"$vigil" serve --db "$db" --listen 127.0.0.1:0 --read-only 2>"$log" &
pid=$!
trap 'kill -INT $pid 2>/dev/null; wait $pid 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 1 100); do grep -q 'http://' "$log" && break; sleep 0.1; done
url=$(grep -o 'http://[^ ]*' "$log" | head -1)
[ -n "$url" ] || { cat "$log" >&2; exit 1; }
base=${url%/}

time_ms() {  # URL -> median and max of RUNS requests, in ms
  local t=()
  for _ in $(seq 1 "$runs"); do
    t+=("$(curl -s -o /dev/null -w '%{time_total}' "$1")")
  done
  printf '%s\n' "${t[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%7.1f %7.1f", a[int((NR+1)/2)]*1000, a[NR]*1000}'
}
row() { printf '| %-58s | %s | %s |\n' "$1" "$(time_ms "$2" | awk '{print $1}')" "$(time_ms "$2" | awk '{print $2}')"; }

total=$(curl -s "$base/api/queue?triage=all" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
top=$(curl -s "$base/api/queue?triage=all" | python3 -c 'import json,sys; c=json.load(sys.stdin)["commits"][0]; print(c["repositoryId"], c["commit"], c["findings"])')
most=$(curl -s "$base/api/export?format=json&triage=all" | python3 -c '
import json,sys,collections
rows=json.load(sys.stdin); n=collections.Counter(r["commit"] for r in rows); c,k=n.most_common(1)[0]; print(c, k, len(rows))')
read -r top_repo top_commit top_findings <<<"$top"
read -r most_commit most_findings all_findings <<<"$most"
last=$(( (total + 49) / 50 ))
echo "index: $db; $total flagged commits, $all_findings findings; $runs requests each (median, slowest ms)"
echo
echo "| request | median ms | slowest ms |"
echo "|---|---:|---:|"
row "queue page, default (untriaged)" "$base/"
row "queue page, every triage state" "$base/?triage=all"
row "queue page, severity high, class ai+assisted, unreviewed" "$base/?severity=high&class=ai&class=assisted&review=unreviewed"
row "queue page, path 'Documentation/**', since 2020-01-01" "$base/?path=Documentation/**&since=2020-01-01"
row "queue page, reviewer 'peff'" "$base/?reviewer=peff&triage=all"
row "queue page $last of $last (the last)" "$base/?triage=all&page=$last"
row "GET /api/queue (JSON)" "$base/api/queue?triage=all"
row "commit page, top of the queue ($top_findings findings)" "$base/commit/$top_repo/$top_commit"
row "commit page, most findings ($most_findings findings)" "$base/commit/$top_repo/$most_commit"
row "GET /api/commits/… (most findings)" "$base/api/commits/$top_repo/$most_commit"
