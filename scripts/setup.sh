#!/usr/bin/env bash
# Makes this checkout runnable: nats-server and redis-server (from apt when missing) and the npm packages.
# Idempotent and quick when nothing changed; called before `npm start` and `npm test`.
# `--browser` (what `npm test` passes; or SHOPMIND_SETUP_BROWSER=1) also installs Debian's chromium
# when missing, for the web console's browser test; `npm start` never installs a browser.
set -euo pipefail
cd "$(dirname "$0")/.."

browser=${SHOPMIND_SETUP_BROWSER:-0}
for arg in "$@"; do
  case "$arg" in
    --browser) browser=1 ;;
    *)
      echo "setup: unknown argument $arg (only --browser)" >&2
      exit 2
      ;;
  esac
done

need=()
# The console test drives this binary (tests/e2e/console.int-spec.ts; SHOPMIND_CHROMIUM overrides it).
if [ "$browser" = 1 ] && [ ! -x "${SHOPMIND_CHROMIUM:-/usr/bin/chromium}" ]; then need+=(chromium); fi
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
