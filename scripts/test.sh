#!/usr/bin/env bash
# The whole test suite: static checks (strict TypeScript, ESLint with the module-boundary rules, no
# code copied between services), then
# unit, integration (real NATS JetStream and Redis) and cross-service tests with Jest.
# Writes Jest's JSON result to .jest-results.json so CI can print a one-line summary.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH" # Node 24 from the `node` devDependency

status=0
static_failures=0
echo "test: type check (tsc --noEmit)" >&2
tsc -p tsconfig.json --noEmit || { echo "test: type check FAILED" >&2; status=1; static_failures=$((static_failures + 1)); }
echo "test: lint (eslint)" >&2
eslint . || { echo "test: lint FAILED" >&2; status=1; static_failures=$((static_failures + 1)); }
echo "test: duplicate code across services (jscpd, .jscpd.json: no clone of 8+ lines and 60+ tokens)" >&2
jscpd -c .jscpd.json services/*/src >&2 || { echo "test: duplicate code FAILED" >&2; status=1; static_failures=$((static_failures + 1)); }
echo "$static_failures" > .static-check-failures

node scripts/build.mjs || exit 1
# --forceExit: a leaked handle in one test must not hang CI; open handles show up with --detectOpenHandles.
node --experimental-vm-modules node_modules/jest/bin/jest.js --ci --forceExit --json --outputFile=.jest-results.json "$@" || status=1
exit $status
