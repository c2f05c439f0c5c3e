#!/usr/bin/env bash
# `npm test`: type-check, lint, the fast tier and the slow tier on SQLite, then the fast tier and the
# PostgreSQL-only files on PostgreSQL (scripts/test-postgres.sh). Prints how long each took, and
# appends the same lines to $TEST_TIMES when set (.ci/run's summary).
set -euo pipefail
cd "$(dirname "$0")/.."

times=()
step() {
  local name="$1"
  shift
  local start=$SECONDS
  echo "== $name"
  "$@"
  local took=$((SECONDS - start))
  times+=("$(printf '%-38s %4d s' "$name" "$took")")
  [ -n "${TEST_TIMES:-}" ] && printf '%-38s %4d s\n' "$name" "$took" >>"$TEST_TIMES"
  return 0
}

step "type-check" npx tsc --noEmit
step "lint (eslint, layers, format)" npm run --silent lint
step "fast tier on SQLite" npx vitest run --project fast
step "slow tier on SQLite" npx vitest run --project slow
step "PostgreSQL (fast tier, its own files)" bash scripts/test-postgres.sh

echo
echo "Time per tier:"
printf '  %s\n' "${times[@]}"
