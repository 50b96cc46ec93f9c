#!/usr/bin/env bash
# Installs Debian packages for scripts/setup.sh: as root, through sudo when it needs no password,
# otherwise says what to run. When another apt or dpkg holds the lock (unattended upgrades on a
# fresh machine), it waits for it up to SHOPMIND_APT_LOCK_WAIT seconds (default 300), saying so once.
set -euo pipefail

limit=${SHOPMIND_APT_LOCK_WAIT:-300}
pause=${SHOPMIND_APT_RETRY_SECONDS:-5}
apt=${SHOPMIND_APT_GET:-apt-get} # another apt-get only for the set-up's own tests

if [ "$(id -u)" = 0 ]; then
  as_root=(env DEBIAN_FRONTEND=noninteractive)
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo DEBIAN_FRONTEND=noninteractive)
else
  echo "setup: ShopMind needs $*. Install them with:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y $*" >&2
  echo "or set NATS_URL and REDIS_URL to servers you already run." >&2
  exit 1
fi

# apt-get with a bounded wait for the lock; any other failure is shown as apt printed it.
apt_get() {
  local started=$SECONDS said=0 out
  while true; do
    if out=$("${as_root[@]}" "$apt" -o DPkg::Lock::Timeout=10 "$@" 2>&1 >/dev/null); then return 0; fi
    if ! grep -qiE 'could not get lock|unable to acquire|unable to lock' <<<"$out"; then
      echo "$out" >&2
      return 1
    fi
    if [ $((SECONDS - started)) -ge "$limit" ]; then
      echo "setup: another apt or dpkg still holds the package lock after ${limit}s; let it finish (or stop it) and run this again" >&2
      return 1
    fi
    if [ "$said" = 0 ]; then
      echo "setup: another apt or dpkg is running; waiting for it to finish (up to ${limit}s)" >&2
      said=1
    fi
    sleep "$pause"
  done
}

echo "setup: installing $* with apt-get" >&2
apt_get update -qq
apt_get install -y -qq --no-install-recommends "$@"
