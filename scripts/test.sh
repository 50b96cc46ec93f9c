#!/usr/bin/env bash
# The whole test suite: static checks (strict TypeScript, ESLint with the module-boundary rules, no
# code copied between services, Prettier's formatting), then
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
echo "test: formatting (prettier --check; \`npm run format\` rewrites)" >&2
prettier --check . --log-level warn || { echo "test: formatting FAILED" >&2; status=1; static_failures=$((static_failures + 1)); }
echo "$static_failures" > .static-check-failures

node scripts/build.mjs || exit 1
# No --forceExit: Jest ends by itself once every test has closed what it opened; a test that leaves
# a connection or a timer behind keeps it from ending (find it with `npm run jest -- <path> --detectOpenHandles`).
# What the code under test prints goes to .test-logs/<test file>.log; a failed test shows its part.
rm -rf .test-logs
# A guard, not a crutch: if Jest has not ended after 18 minutes (a hung test, or a handle left open
# after the run), stop it and fail loudly instead of hanging CI. The JSON result is written when the
# run ends, so the summary still counts every test that ran.
timeout --kill-after=30 1080 node --experimental-vm-modules node_modules/jest/bin/jest.js --ci --json --outputFile=.jest-results.json "$@"
jest_status=$?
if [ "$jest_status" -eq 124 ] || [ "$jest_status" -eq 137 ]; then
  echo "test: Jest did not end within 18 minutes: a hung test or a handle left open (find it with --detectOpenHandles)" >&2
fi
[ "$jest_status" -eq 0 ] || status=1

# Every store's int-specs once more against a Redis Cluster (issue 19): 3 masters and 3 replicas the
# Jest global setup starts (SHOPMIND_TEST_REDIS=cluster); a command whose keys span slots fails with
# CROSSSLOT, a pipeline over several nodes is refused, and either fails its test. Only for the whole
# suite (`npm test` with no paths). Its counts are added to .jest-results.json, so CI's
# "N passed, N failed" includes them; a run that ends without a result (killed by the guard, or
# crashed) counts as one failure.
if [ "$#" -eq 0 ]; then
  cluster_dir=.test-logs/redis-cluster
  mkdir -p "$cluster_dir"
  # The stores' own specs, specs that open their own client for a store (connectTestRedis), and the
  # aggregate checks that scan every master.
  cluster_specs=(
    services/*/src/stores/*.int-spec.ts
    services/review-sentiment/src/handlers/review-summary.handler.int-spec.ts
    cli/src/doctor-redis.int-spec.ts
    services/knowledge-graph/src/tools/aggregate-check.int-spec.ts
    services/review-sentiment/src/tools/aggregate-check.int-spec.ts
    services/fraud-detection/src/tools/aggregate-check.int-spec.ts
    cli/src/commands/check.int-spec.ts
  )
  echo "test: store int-specs on a Redis Cluster (${#cluster_specs[@]} files)" >&2
  cluster_started=$(date +%s)
  SHOPMIND_TEST_REDIS=cluster SHOPMIND_TEST_LOGS="$cluster_dir" \
    timeout --kill-after=30 240 node --experimental-vm-modules node_modules/jest/bin/jest.js --ci \
    --json --outputFile="$cluster_dir/jest-results.json" "${cluster_specs[@]}"
  cluster_status=$?
  echo "test: store int-specs on a Redis Cluster took $(($(date +%s) - cluster_started)) s" >&2
  if [ "$cluster_status" -eq 124 ] || [ "$cluster_status" -eq 137 ]; then
    echo "test: the Redis Cluster run did not end within 4 minutes" >&2
  fi
  [ "$cluster_status" -eq 0 ] || status=1
  node scripts/merge-jest-results.mjs .jest-results.json "$cluster_dir/jest-results.json" || status=1
fi
exit $status
