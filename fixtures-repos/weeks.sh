#!/usr/bin/env bash
# Weeks fixture for reports: four ISO weeks of 2026 (W02 to W05) on main, with human, assisted and
# agent commits, reviewed and not, a run of agent commits, and a risky change in W04.
# Usage: weeks.sh DIR (creates a non-bare repository). Dates are fixed.
set -euo pipefail
dir=$1
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
git init -q -b main "$dir"
cd "$dir"

# commit "YYYY-MM-DDTHH:MM:SSZ" AUTHOR FILE CONTENT MESSAGE
commit() {
  mkdir -p "$(dirname "$3")"
  printf '%s' "$4" > "$3"
  git add -A
  GIT_AUTHOR_NAME="${2% <*}" GIT_AUTHOR_EMAIL="$(echo "$2" | sed 's/.*<\(.*\)>/\1/')" \
  GIT_COMMITTER_NAME="${2% <*}" GIT_COMMITTER_EMAIL="$(echo "$2" | sed 's/.*<\(.*\)>/\1/')" \
  GIT_AUTHOR_DATE="$1" GIT_COMMITTER_DATE="$1" git commit -q --cleanup=verbatim -m "$5"
}
jane='Jane Doe <jane@example.com>'
agent='Cursor Agent <cursoragent@cursor.com>'
claude=$'\n\nCo-Authored-By: Claude <noreply@anthropic.com>'
review=$'\n\nReviewed-by: Bob Smith <bob@example.com>'
claude_reviewed=$'\n\nCo-Authored-By: Claude <noreply@anthropic.com>\nReviewed-by: Bob Smith <bob@example.com>'

# W02 (from Monday 5 January): humans only.
commit 2026-01-05T09:00:00Z "$jane" src/app.py $'app = 1\n' 'Start the app'
commit 2026-01-06T09:00:00Z "$jane" src/app.py $'app = 2\n' 'Grow the app'
# W03: assisted work, half reviewed.
commit 2026-01-12T09:00:00Z "$jane" src/api.py $'api = 1\n' "Add the API$claude_reviewed"
commit 2026-01-13T09:00:00Z "$jane" src/api.py $'api = 2\napi2 = 3\n' "Extend the API$claude"
commit 2026-01-14T09:00:00Z "$jane" docs/guide.md $'guide\n' 'Write the guide'
# W04: an agent run of three commits, one of which zeroes the KL coefficient; then a human commit.
commit 2026-01-19T09:00:00Z "$agent" trainer/ppo_config.py $'kl_coef = 0.05\n' 'Add the trainer config'
commit 2026-01-19T13:00:00Z "$agent" trainer/ppo_config.py $'kl_coef = 0.0\n' 'Refactor configuration defaults'
commit 2026-01-20T09:00:00Z "$agent" src/app.py $'app = 3\n' 'Tidy the app'
commit 2026-01-21T09:00:00Z "$jane" src/app.py $'app = 4\n' 'Review fixes'
# W05: a reviewed agent commit and a human one.
commit 2026-01-26T09:00:00Z "$agent" src/api.py $'api = 4\n' "Speed up the API$review"
commit 2026-01-27T09:00:00Z "$jane" README.md $'readme\n' 'Add a README'
