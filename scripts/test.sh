#!/usr/bin/env bash
# The one test command (`npm test`): typecheck, lint, then every test file under node:test.
# Node 20's `node --test` does not expand globs, so the file list is built here.
set -euo pipefail
shopt -s globstar nullglob
cd "$(dirname "$0")/.."

echo "› typecheck" && npx tsc --noEmit && npx tsc --noEmit -p web
echo "› lint" && npx eslint --max-warnings 0 .

files=(test/**/*.test.ts)
if ((${#files[@]} == 0)); then
  echo "no test files found" >&2
  exit 1
fi
if [[ -z "${GATEHOUSE_TEST_DATABASE_URL:-}" ]]; then
  echo "› GATEHOUSE_TEST_DATABASE_URL is not set: storage suites run on PGlite only (CI runs them on PostgreSQL too)"
fi
# --test-force-exit: a file whose tests have all finished ends even if a handle it opened (a socket of a
# child NATS or PostgreSQL connection) keeps its event loop alive; without it, one such handle hangs the
# file until the timeout and fails the run after every test passed.
exec node --import tsx --test --test-concurrency=2 --test-timeout=300000 --test-force-exit "${files[@]}"
