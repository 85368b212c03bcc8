#!/usr/bin/env bash
# Review fixture: pull-request merges, a squash merge, kernel-style trailers, self-review,
# bot and AI approvers, direct pushes. Usage: review.sh DIR (creates a non-bare repository).
# Dates are fixed, so commit ids are the same on every run.
set -euo pipefail
dir=$1
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
git init -q -b main "$dir"
cd "$dir"
clock=1767225600 # 2026-01-01T00:00:00Z

# commit AUTHOR COMMITTER FILE CONTENT MESSAGE
commit() {
  clock=$((clock + 3600))
  printf '%s' "$4" > "$3"
  git add "$3"
  GIT_AUTHOR_NAME="${1% <*}" GIT_AUTHOR_EMAIL="$(echo "$1" | sed 's/.*<\(.*\)>/\1/')" \
  GIT_COMMITTER_NAME="${2% <*}" GIT_COMMITTER_EMAIL="$(echo "$2" | sed 's/.*<\(.*\)>/\1/')" \
  GIT_AUTHOR_DATE="@$clock +0000" GIT_COMMITTER_DATE="@$clock +0000" \
    git commit -q --cleanup=verbatim -m "$5"
}

# merge AUTHOR COMMITTER BRANCH MESSAGE (a --no-ff merge into the current branch)
merge() {
  clock=$((clock + 3600))
  GIT_AUTHOR_NAME="${1% <*}" GIT_AUTHOR_EMAIL="$(echo "$1" | sed 's/.*<\(.*\)>/\1/')" \
  GIT_COMMITTER_NAME="${2% <*}" GIT_COMMITTER_EMAIL="$(echo "$2" | sed 's/.*<\(.*\)>/\1/')" \
  GIT_AUTHOR_DATE="@$clock +0000" GIT_COMMITTER_DATE="@$clock +0000" \
    git merge -q --no-ff -m "$4" "$3"
}

jane='Jane Doe <jane@example.com>'
bob='Bob Smith <bob@example.com>'
web='GitHub <noreply@github.com>'
cursor='Cursor Agent <cursoragent@cursor.com>'
devin='devin-ai-integration[bot] <158243242+devin-ai-integration[bot]@users.noreply.github.com>'

commit "$jane" "$jane" README.md $'# demo\n' 'Initial commit'
commit "$jane" "$jane" mm.c $'int leak;\n' $'mm: fix a leak in the pool\n\nReviewed-by: Bob Smith <bob@example.com>\nSigned-off-by: Jane Doe <jane@example.com>'
commit "$jane" "$jane" README.md $'# demo\nfix\n' $'Fix a typo in the README\n\nReviewed-by: Jane Doe <jane@example.com>'
commit "$jane" "$jane" policy.py $'threshold = 0.5\n' $'Lower the filter threshold\n\nReviewed-by: Copilot <175728472+Copilot@users.noreply.github.com>'
commit "$jane" "$jane" deps.txt $'lodash==4\n' $'Bump lodash\n\nApproved-by: mergify[bot] <37929162+mergify[bot]@users.noreply.github.com>'

# A pull request an agent wrote, merged by another human through the web UI.
git checkout -q -b cursor/export
commit "$cursor" "$cursor" export.py $'def export():\n    pass\n' 'Add the exporter'
commit "$cursor" "$cursor" export.py $'def export():\n    return []\n' 'Return rows from the exporter'
git checkout -q main
merge "$bob" "$web" cursor/export 'Merge pull request #12 from acme/cursor/export'

# A pull request its author merged herself.
git checkout -q -b jane/docs
commit "$jane" "$jane" docs.md $'docs\n' 'Write the docs'
git checkout -q main
merge "$jane" "$web" jane/docs 'Merge pull request #13 from acme/jane/docs'

# A squash merge: no reviewer recorded.
commit "$jane" "$web" reward.py $'scale = 2.0\n' $'Tune the reward scale (#14)\n\nCo-authored-by: Claude <noreply@anthropic.com>'

# A direct push by an agent.
commit "$devin" "$devin" ci.yml $'on: push\n' 'Simplify the CI workflow'
