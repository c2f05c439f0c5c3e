#!/usr/bin/env bash
# The suite on PostgreSQL (part of `npm test`): the fast tier, and the slow tier's files that are
# about PostgreSQL (vitest.config.ts). Uses the server PORTAL_TEST_POSTGRES names if set; otherwise
# starts a throw-away one with Debian's postgresql for the run. Without PostgreSQL installed it
# says so and stops there, and fails if PORTAL_REQUIRE_POSTGRES=1 (CI).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${PORTAL_TEST_POSTGRES:-}" ]; then
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    echo "The PostgreSQL run needs Debian's postgresql (apt-get install postgresql) or PORTAL_TEST_POSTGRES." >&2
    [ "${PORTAL_REQUIRE_POSTGRES:-0}" = 1 ] && exit 1
    echo "PostgreSQL run NOT done." >&2
    exit 0
  fi
  started=$(bash scripts/postgres-start)
  url=$(echo "$started" | sed -n 1p)
  dir=$(echo "$started" | sed -n 2p)
  trap 'bash scripts/postgres-stop "$dir"' EXIT
  export PORTAL_TEST_POSTGRES="$url"
  # Removed whole after the run: the tests need not drop their databases one by one.
  export PORTAL_TEST_POSTGRES_THROWAWAY=1
fi
echo "The suite on PostgreSQL ($PORTAL_TEST_POSTGRES)"
npx vitest run
