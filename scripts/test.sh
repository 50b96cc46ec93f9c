#!/usr/bin/env bash
# The whole test suite: unit, integration (real NATS JetStream and Redis) and cross-service tests.
# Writes Jest's JSON result to .jest-results.json so CI can print a one-line summary.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH" # Node 24 from the `node` devDependency
node scripts/build.mjs
node --experimental-vm-modules node_modules/jest/bin/jest.js --ci --forceExit --json --outputFile=.jest-results.json "$@"
