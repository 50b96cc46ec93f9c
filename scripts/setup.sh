#!/usr/bin/env bash
# Makes this checkout runnable: nats-server and redis-server (from apt when missing) and the npm packages.
# Idempotent and quick when nothing changed; called before `npm start` and `npm test`.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
if [ -z "${NATS_URL:-}" ]; then command -v nats-server >/dev/null 2>&1 || need+=(nats-server); fi
if [ -z "${REDIS_URL:-}" ]; then command -v redis-server >/dev/null 2>&1 || need+=(redis-server); fi
command -v protoc >/dev/null 2>&1 || need+=(protobuf-compiler) # for `npm run proto` and its staleness test
if [ "${#need[@]}" -gt 0 ]; then bash scripts/apt-install.sh "${need[@]}"; fi

# npm packages: (re)install only when the lock file changed since the last install.
stamp=node_modules/.shopmind-lock-hash
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ] || [ ! -x node_modules/.bin/node ]; then
  echo "setup: installing npm packages (npm ci)" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
  echo "$want" > "$stamp"
fi
