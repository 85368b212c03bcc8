#!/usr/bin/env bash
# Serve fixture: the risk fixture, then agent commits whose subject, author name and file path
# are hostile HTML (a <script>, an onerror image, a javascript: link), each flagged by a rule, for
# the web workspace's escaping tests; and a human commit reviewed by a trailer.
# Usage: serve.sh DIR (creates a non-bare repository). Dates are fixed.
set -euo pipefail
dir=$1
bash "$(dirname "$0")/risk.sh" "$dir"
cd "$dir"
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
at() { export GIT_AUTHOR_DATE="@$1 +0000" GIT_COMMITTER_DATE="@$1 +0000"; }

sed -i 's/kl_coef: float = 0.0/kl_coef: float = 0.001/' trainer/ppo_config.py
git add -A
at 1767300000
GIT_AUTHOR_NAME='<b onmouseover=alert(4)>Mallory</b>' GIT_AUTHOR_EMAIL='mallory@example.com' \
GIT_COMMITTER_NAME='Cursor Agent' GIT_COMMITTER_EMAIL='cursoragent@cursor.com' \
  git commit -q -m '<script>alert(1)</script><img src=x onerror=alert(2)> <a href="javascript:alert(3)">click</a>' \
  -m 'Body <script>alert(6)</script>'

mkdir -p .github/workflows
printf 'on: push\n' > '.github/workflows/<img src=x onerror=alert(5)>.yml'
git add -A
at 1767303600
GIT_AUTHOR_NAME='Cursor Agent' GIT_AUTHOR_EMAIL='cursoragent@cursor.com' \
GIT_COMMITTER_NAME='Cursor Agent' GIT_COMMITTER_EMAIL='cursoragent@cursor.com' \
  git commit -q -m 'Add a workflow'

sed -i 's/learning_rate: 1.0e-3/learning_rate: 2.0e-3/' configs/train.yaml
git add -A
at 1767307200
GIT_AUTHOR_NAME='Jane Doe' GIT_AUTHOR_EMAIL='jane@example.com' \
GIT_COMMITTER_NAME='Jane Doe' GIT_COMMITTER_EMAIL='jane@example.com' \
  git commit -q -m 'Raise the learning rate again' -m 'Reviewed-by: Bob Smith <bob@example.com>'
