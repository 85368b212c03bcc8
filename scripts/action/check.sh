#!/usr/bin/env bash
# The GitHub Action's judging step: `vigil check` on the event's commits (a job summary in
# Markdown), then `vigil scan --format sarif` for code scanning. Outputs: decision
# (accept/warn/reject) and sarif-file. Event values come in the environment (see action.yml).
set -uo pipefail
vigil="${VIGIL_BIN:?VIGIL_BIN is not set}"
zero=0000000000000000000000000000000000000000
revisions=()
if [ -n "${INPUT_RANGE:-}" ]; then
  read -r -a revisions <<< "$INPUT_RANGE"
elif [ -n "${PR_BASE_SHA:-}" ] && [ -n "${PR_HEAD_SHA:-}" ]; then
  revisions=("$PR_BASE_SHA..$PR_HEAD_SHA")
elif [ -n "${PUSH_AFTER:-}" ] && [ -n "${PUSH_BEFORE:-}" ] && [ "$PUSH_BEFORE" != "$zero" ]; then
  revisions=("$PUSH_BEFORE..$PUSH_AFTER")
elif [ -n "${PUSH_AFTER:-}" ]; then
  # A new branch: its tip alone (give `range` to judge more).
  revisions=("$PUSH_AFTER" --max-count 1)
else
  echo "::error title=vigil::no range to judge: run on pull_request or push, or give the range input"
  exit 2
fi
ref="${INPUT_REF:-}"
[ -n "$ref" ] || { [ -n "${PR_BASE_REF:-}" ] && ref="refs/heads/$PR_BASE_REF"; }
[ -n "$ref" ] || ref="${GITHUB_REF:-refs/heads/main}"
options=()
[ -z "${INPUT_POLICY:-}" ] || options+=(--policy "$INPUT_POLICY")
[ -z "${INPUT_RULES:-}" ] || options+=(--rules "$INPUT_RULES")
signers=()
[ -z "${INPUT_ALLOWED_SIGNERS:-}" ] || signers+=(--allowed-signers "$INPUT_ALLOWED_SIGNERS")
summary="${GITHUB_STEP_SUMMARY:-/dev/null}"
json="${RUNNER_TEMP:-/tmp}/vigil-check.json"

"$vigil" check "${revisions[@]}" --ref "$ref" --user "${GITHUB_ACTOR:-}" "${options[@]}" "${signers[@]}" --format json > "$json"
status=$?
case $status in
  0|1) ;;
  *) echo "::error title=vigil::vigil check failed (exit $status); a shallow checkout lacks the base commit: use actions/checkout with fetch-depth: 0"
     exit "$status" ;;
esac
"$vigil" check "${revisions[@]}" --ref "$ref" --user "${GITHUB_ACTOR:-}" "${options[@]}" "${signers[@]}" --format md --warn-only >> "$summary" 2>/dev/null
decision=accept
grep -q '"decision": "warn"' "$json" && decision=warn
[ $status -eq 1 ] && decision=reject
echo "decision=$decision" >> "${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set}"

if [ "${INPUT_SARIF:-true}" = "true" ]; then
  sarif="${RUNNER_TEMP:-/tmp}/vigil.sarif"
  "$vigil" scan "${revisions[@]}" "${options[@]}" --no-stats --format sarif -o "$sarif"
  scan=$?
  if [ $scan -ne 0 ] && [ $scan -ne 3 ]; then
    echo "::error title=vigil::vigil scan failed (exit $scan)"
    exit "$scan"
  fi
  echo "sarif-file=$sarif" >> "$GITHUB_OUTPUT"
fi
exit 0
