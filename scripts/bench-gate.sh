#!/usr/bin/env bash
# The approval gate on a real repository: a push of 100 AI-made commits that each change a KL
# coefficient (so every one needs an approval), each approved with `vigil approve` (an Ed25519
# key made here), into a shared bare clone of REPO whose hook requires signed approvals.
# Prints the push with the hook, the same push with no hook, and the difference.
#   scripts/bench-gate.sh REPO [REVISION] [RUNS]
set -euo pipefail
repo=${1:?usage: scripts/bench-gate.sh REPO [REVISION] [RUNS]}
rev=${2:-HEAD}
runs=${3:-3}
here=$(cd "$(dirname "$0")/.." && pwd)
vigil=${VIGIL:-$here/.build/release/vigil}
[ -x "$vigil" ] || { echo "build first: swift build -c release" >&2; exit 2; }
command -v ssh-keygen >/dev/null || { echo "ssh-keygen missing: scripts/install-deps.sh" >&2; exit 2; }
tmpdir=$(mktemp -d)
trap 'rm -rf "$tmpdir"' EXIT

ssh-keygen -q -t ed25519 -N "" -C reviewer -f "$tmpdir/reviewer"
printf 'reviewer@example.com namespaces="vigil-approval" %s\n' "$(cut -d' ' -f1-2 "$tmpdir/reviewer.pub")" > "$tmpdir/allowed_signers"
cat > "$tmpdir/policy.yml" <<POLICY
version: 1
protected_refs: ['refs/heads/main', 'refs/heads/master', 'refs/heads/release/*', 'refs/tags/*']
rules:
  - name: signed-approval-for-ai-changes
    action: reject
    class: [ai, assisted]
    min_severity: high
    approvals: {require: signed}
approvals:
  allowed_signers: $tmpdir/allowed_signers
timeout:
  seconds: 30
POLICY

client=$tmpdir/client.git
git clone -q --bare --shared "$repo" "$client"
base=$(git -C "$client" rev-parse "$rev")
t0=$(git -C "$client" log -1 --format=%ct "$base")
{
  for i in $(seq 1 100); do
    printf 'commit refs/heads/vigil-bench\nmark :%d\nauthor Bench <bench@example.com> %d +0000\ncommitter Bench <bench@example.com> %d +0000\n' "$i" $((t0 + 60 * i)) $((t0 + 60 * i))
    msg=$(printf 'Tune the KL penalty %d\n\nCo-Authored-By: Claude <noreply@anthropic.com>' "$i")
    printf 'data %d\n%s\n' ${#msg} "$msg"
    if [ "$i" = 1 ]; then printf 'from %s\n' "$base"; fi
    content="kl_coef = 0.$i"; printf 'M 100644 inline vigil-bench/ppo_config_%d.py\ndata %d\n%s\n\n' "$i" ${#content} "$content"
  done
} | git -C "$client" fast-import --quiet
start=$(date +%s.%N)
"$vigil" approve -C "$client" "$base..refs/heads/vigil-bench" --key "$tmpdir/reviewer" \
  --reviewer "Rev Iewer <reviewer@example.com>" --note "bench" >/dev/null
printf '%-58s %8.2f s\n' "vigil approve of 100 commits (ssh-keygen each)" "$(awk "BEGIN{print $(date +%s.%N) - $start}")"

best() {  # label, hook (yes|no): best wall time of $runs pushes, each into a fresh shared clone
  local label=$1 hook=$2 best="" server start end t
  for r in $(seq "$runs"); do
    server=$tmpdir/server-$hook-$r.git
    git clone -q --bare --shared "$repo" "$server"
    git -C "$server" update-ref refs/heads/main "$base"
    if [ "$hook" = yes ]; then "$vigil" hook install --repo "$server" --policy "$tmpdir/policy.yml" >/dev/null; fi
    start=$(date +%s.%N)
    VIGIL_PUSHER=bench git -C "$client" push -q "$server" refs/heads/vigil-bench:refs/heads/main \
      refs/notes/vigil/approvals:refs/notes/vigil/approvals 2>"$tmpdir/push.err" || { cat "$tmpdir/push.err" >&2; exit 1; }
    end=$(date +%s.%N)
    t=$(awk "BEGIN{print $end - $start}")
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; fi
    rm -rf "$server"
  done
  printf '%-58s %8.3f s\n' "$label" "$best" >&2
  echo "$best"
}
with=$(best "push of 100 approved AI commits to main, through the hook" yes)
without=$(best "the same push, no hook" no)
printf '%-58s %8.0f ms\n' "the gate adds (best of $runs each)" "$(awk "BEGIN{print ($with - $without) * 1000}")"
