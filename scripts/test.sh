#!/usr/bin/env bash
# Runs every test: unit, framework (Felix) and end to end (real daemon, runc, conmon). Run as root.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
status=0
mvn -B verify "$@" || status=$?
total=0
for report in $(find . -path '*/surefire-reports/TEST-*.xml' -o -path '*/failsafe-reports/TEST-*.xml' 2>/dev/null); do
  n=$(grep -o '<testsuite [^>]*tests="[0-9]*"' "$report" | head -1 | sed -E 's/.*tests="([0-9]+)"/\1/')
  total=$((total + ${n:-0}))
done
echo "tests executed: $total"
if [ "$total" -eq 0 ]; then
  echo "no test was executed: failing" >&2
  exit 1
fi
exit $status
