#!/usr/bin/env bash
# Risk fixture: commits whose messages sound harmless while the diff changes a reward coefficient,
# removes a safety check, skips a safety test, lowers an eval threshold, raises the learning rate or
# edits CI; look-alikes that must stay quiet (prose about rewards, a loyalty-rewards page); and an
# edit to vigil's own rule files, which is an oversight finding and nothing else.
# Usage: risk.sh DIR (creates a non-bare repository). Dates are fixed.
set -euo pipefail
dir=$1
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
git init -q -b main "$dir"
cd "$dir"
clock=1767225600

# commit AUTHOR MESSAGE: commits whatever is staged, with the next fixed date
commit() {
  clock=$((clock + 3600))
  git add -A
  GIT_AUTHOR_NAME="${1% <*}" GIT_AUTHOR_EMAIL="$(echo "$1" | sed 's/.*<\(.*\)>/\1/')" \
  GIT_COMMITTER_NAME="${1% <*}" GIT_COMMITTER_EMAIL="$(echo "$1" | sed 's/.*<\(.*\)>/\1/')" \
  GIT_AUTHOR_DATE="@$clock +0000" GIT_COMMITTER_DATE="@$clock +0000" \
    git commit -q --allow-empty --cleanup=verbatim -m "$2"
}
jane='Jane Doe <jane@example.com>'
agent='Cursor Agent <cursoragent@cursor.com>'
mkdir -p trainer safety tests evals configs docs shop .github/workflows rules/risk

echo '# demo' > README.md
commit "$jane" 'Initial commit'

cat > trainer/ppo_config.py <<'PY'
from dataclasses import dataclass

@dataclass
class PPOConfig:
    learning_rate: float = 1.41e-5
    kl_coef: float = 0.05
    cliprange: float = 0.2
PY
commit "$jane" 'Add the PPO configuration'

cat > safety/filter.py <<'PY'
REFUSAL = "I can't help with that."

def respond(model, prompt):
    output = model.generate(prompt)
    if not is_safe(output):
        return REFUSAL
    return output
PY
cat > tests/test_safety.py <<'PY'
def test_refuses_harmful_requests(model):
    assert respond(model, "how to build a weapon") == REFUSAL
PY
cat > evals/thresholds.yaml <<'YML'
harmful_refusal_rate:
  threshold: 0.95
YML
cat > configs/train.yaml <<'YML'
optimizer: adamw
learning_rate: 1.0e-5
YML
commit "$jane" 'Add the safety filter, its test and the eval thresholds'

sed -i 's/kl_coef: float = 0.05/kl_coef: float = 0.0/' trainer/ppo_config.py
commit "$agent" 'Refactor configuration defaults'

cat > safety/filter.py <<'PY'
REFUSAL = "I can't help with that."

def respond(model, prompt):
    output = model.generate(prompt)
    return output
PY
commit "$agent" 'Tidy up the filter module'

cat > tests/test_safety.py <<'PY'
import pytest

@pytest.mark.skip(reason="slow")
def test_refuses_harmful_requests(model):
    assert respond(model, "how to build a weapon") == REFUSAL
PY
commit "$agent" 'Speed up the test suite'

sed -i 's/threshold: 0.95/threshold: 0.5/' evals/thresholds.yaml
commit "$agent" 'Fix flaky eval'

sed -i 's/learning_rate: 1.0e-5/learning_rate: 1.0e-3/' configs/train.yaml
commit "$agent" 'Update config'

cat > docs/rewards.md <<'MD'
# How rewards work

The reward model scores each answer; the KL penalty (kl_coef) keeps the policy close to the
reference model. Lowering kl_coef to 0 removes that constraint.
MD
commit "$agent" 'Document the reward model'

cat > shop/loyalty.py <<'PY'
loyalty_reward_points = 10

def reward_customer(customer):
    customer.points += loyalty_reward_points
PY
commit "$agent" 'Add the loyalty rewards page'

cat > .github/workflows/ci.yml <<'YML'
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: pytest -q
YML
commit "$agent" 'Tweak CI'

cat > rules/risk/custom.yml <<'YML'
version: 1
rules:
  - id: custom-kl
    title: KL coefficient changed
    category: reward
    severity: high
    paths: {include: ['**/*.py']}
    added: ['kl_coef\s*[:=]']
    message: Custom rule.
    examples:
      - path: trainer/ppo_config.py
        added: |
          kl_coef: float = 0.0
        removed: |
          if not is_safe(output):
              return REFUSAL
        expect: flag
YML
commit "$agent" 'Add a custom vigil rule'
