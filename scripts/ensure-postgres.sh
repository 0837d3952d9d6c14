#!/usr/bin/env bash
# Start this machine's PostgreSQL cluster if it is installed but stopped.
# Tests that need it skip with a reason when it is absent (fail under CI=true).
set -uo pipefail
command -v pg_ctlcluster >/dev/null 2>&1 || exit 0
[ -d /etc/postgresql ] || exit 0
version=$(ls /etc/postgresql | head -n 1)
[ -n "$version" ] || exit 0
if command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432; then
  exit 0
fi
echo "ipflow: starting PostgreSQL $version ..."
pg_ctlcluster --skip-systemctl-redirect "$version" main start || echo "ipflow: could not start PostgreSQL; its tests will report why" >&2
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p 5432 && exit 0
  sleep 1
done
exit 0
