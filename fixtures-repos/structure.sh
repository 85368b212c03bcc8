#!/usr/bin/env bash
# Structure fixture: a root commit, a .mailmap case, a non-UTF-8 (ISO-8859-1) message, a binary
# file, an empty commit, an exact rename, and a pull-request merge of a two-commit branch.
# Usage: structure.sh DIR (creates a non-bare repository). Dates are fixed, so ids are stable.
set -euo pipefail
dir=$1
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
git init -q -b main "$dir"
cd "$dir"
clock=1767225600

# as NAME EMAIL: the identity of the next commit (author and committer)
as() { export GIT_AUTHOR_NAME=$1 GIT_AUTHOR_EMAIL=$2 GIT_COMMITTER_NAME=$1 GIT_COMMITTER_EMAIL=$2; }
tick() { clock=$((clock + 3600)); export GIT_AUTHOR_DATE="@$clock +0000" GIT_COMMITTER_DATE="@$clock +0000"; }

as 'Jane Doe' jane@example.com
tick; printf 'one\ntwo\nthree\n' > notes.txt; git add notes.txt; git commit -q -m 'Root commit'

tick; printf 'Jane Doe <jane@example.com> Jane Old <jane@old.example>\n' > .mailmap
git add .mailmap; git commit -q -m 'Add a mailmap'

as 'Jane Old' jane@old.example
tick; printf 'one\ntwo\nthree\nfour\n' > notes.txt; git add notes.txt; git commit -q -m 'Commit under the old identity'

as 'Jane Doe' jane@example.com
tick; printf 'menu\n' > menu.txt; git add menu.txt
printf 'Caf\xe9 menu\n' | git -c i18n.commitEncoding=ISO-8859-1 commit -q -F -

tick; printf '\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01' > logo.png; printf 'one\n2\nthree\nfour\n' > notes.txt
git add logo.png notes.txt; git commit -q -m 'Add a logo and fix a note'

tick; git commit -q --allow-empty -m 'An empty commit'

tick; git mv menu.txt carte.txt; git commit -q -m 'Rename the menu'

git checkout -q -b feature
tick; printf 'a\nb\n' > feature.txt; git add feature.txt; git commit -q -m 'Start the feature'
tick; printf 'a\nb\nc\n' > feature.txt; git add feature.txt; git commit -q -m 'Finish the feature'
git checkout -q main
as 'Bob Smith' bob@example.com
tick; export GIT_COMMITTER_NAME=GitHub GIT_COMMITTER_EMAIL=noreply@github.com
git merge -q --no-ff -m 'Merge pull request #12 from jane/feature' feature
