#!/usr/bin/env bash
# The README's test command (`make test`), also what .ci/run calls.
# Lint and types first (fast), then the whole pytest suite.
set -uo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin
export DO_NOT_TRACK=1 PREFECT_SERVER_ANALYTICS_ENABLED=false

if [ -x scripts/ensure-postgres.sh ]; then
  scripts/ensure-postgres.sh || exit 1
fi

echo "== ruff"; "$bin/ruff" check ipflow flows tests bench || exit 1
"$bin/ruff" format --check ipflow flows tests bench || exit 1
echo "== mypy"; "$bin/mypy" || exit 1
echo "== pytest"
"$bin/python" -m pytest "$@"
rc=$?
if [ "$rc" -eq 5 ]; then
  echo "pytest collected no tests"
  exit 0
fi
exit "$rc"
