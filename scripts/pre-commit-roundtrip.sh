#!/usr/bin/env bash
# Proves the pre-commit hook end to end: makes a temporary git repository that
# uses this checkout's .pre-commit-hooks.yaml, commits a README and a blog post
# (not policies: the hook leaves them alone), commits a policy with missing
# rights and expects the commit to be refused, then fixes the policy and
# expects it to go through. Needs pre-commit (.ci/run installs it).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
if ! command -v pre-commit >/dev/null 2>&1; then
  echo "pre-commit is not installed (Debian: apt-get install pre-commit)" >&2
  exit 3
fi
rev="$(git -C "$here" rev-parse HEAD)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/cache"
cd "$work"
git init -q repo
cd repo
git config user.email ci@policy-audit.invalid
git config user.name "policy-audit CI"
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $here
    rev: $rev
    hooks:
      - id: policy-audit
YAML
git add .pre-commit-config.yaml
git commit -q -m "pre-commit configuration" --no-verify
pre-commit install >/dev/null

cp "$here/fixtures/policy-kind/not-policies/README.md" README.md
mkdir -p blog && cp "$here/fixtures/policy-kind/not-policies/blog-post.md" blog/launch.md
git add README.md blog/launch.md
git commit -q -m "readme and blog post" >"$work/readme.log" 2>&1 || { echo "FAIL: the hook refused a README and a blog post" >&2; cat "$work/readme.log" >&2; exit 1; }
echo "README and blog post committed: the hook leaves them alone"

cp "$here/fixtures/cli/missing-controller-de.md" datenschutz.md
sed -i 's/^## 6\. Ihre Rechte$/## 6. Weiteres/; s/^Sie haben das Recht auf Auskunft.*$/Fragen beantworten wir gern./' datenschutz.md
git add datenschutz.md
if git commit -q -m "policy with missing rights" >"$work/refused.log" 2>&1; then
  echo "FAIL: the commit of a policy with missing rights went through" >&2
  cat "$work/refused.log" >&2
  exit 1
fi
grep -q "right-access" "$work/refused.log" || { echo "FAIL: the hook did not name right-access" >&2; cat "$work/refused.log" >&2; exit 1; }
echo "refused as expected:"
grep -E "right-|controller-identity|Failed" "$work/refused.log" | head -n 12

cp "$here/fixtures/cli/complete-de.md" datenschutz.md
git add datenschutz.md
git commit -q -m "complete policy" >"$work/accepted.log" 2>&1 || { echo "FAIL: the complete policy was refused" >&2; cat "$work/accepted.log" >&2; exit 1; }
echo "complete policy committed: pre-commit round trip passed"
