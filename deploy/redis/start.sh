#!/bin/sh
# Starts redis-server with redis.conf (beside this script) and the passwords from the environment,
# so no secret is written into a file: compose and Kubernetes run this script, and so does
# tests/deploy/server-config.int-spec.ts. Extra arguments (e.g. --maxmemory 256mb) are passed on.
#   REDIS_PASSWORD       requirepass: the `default` user, which the ShopMind services use
#   REDIS_EDGE_PASSWORD  the ACL user `edge` (the HTTP edge), limited to keys and channels `edge:*`
set -eu
: "${REDIS_PASSWORD:?REDIS_PASSWORD is required (npx shopmind secrets dev)}"
: "${REDIS_EDGE_PASSWORD:?REDIS_EDGE_PASSWORD is required (npx shopmind secrets dev)}"
here=$(dirname "$0")
exec "${REDIS_SERVER_BIN:-redis-server}" "$here/redis.conf" \
  --requirepass "$REDIS_PASSWORD" \
  --user edge on ">$REDIS_EDGE_PASSWORD" resetkeys '~edge:*' resetchannels '&edge:*' '+@all' '-@admin' '-@dangerous' \
  "$@"
