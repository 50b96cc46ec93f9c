#!/bin/sh
# Starts redis-server with redis.conf (beside this script) and the passwords from the environment,
# so no secret is written into a file: compose and Kubernetes run this script, and so does
# tests/deploy/server-config.int-spec.ts. Extra arguments (e.g. --maxmemory 256mb) are passed on.
#   REDIS_PASSWORD       requirepass: the `default` user, which the ShopMind services use
#   REDIS_EDGE_PASSWORD  the ACL user `edge` (the HTTP edge), limited to keys and channels `edge:*`
#   REDIS_CLUSTER_HOSTNAME  set: a Redis Cluster node that announces this name (its stable DNS name:
#                        the StatefulSet pod's `<pod>.redis-cluster`, compose's service name), so
#                        clients are sent to names, not to pod IPs that change on a restart
# Every node authenticates to its master with REDIS_PASSWORD (masterauth; unused while a master).
set -eu
: "${REDIS_PASSWORD:?REDIS_PASSWORD is required (npx shopmind secrets dev)}"
: "${REDIS_EDGE_PASSWORD:?REDIS_EDGE_PASSWORD is required (npx shopmind secrets dev)}"
here=$(dirname "$0")
if [ -n "${REDIS_CLUSTER_HOSTNAME:-}" ]; then
  # nodes.conf (the node's id and view of the cluster) lives beside the append-only file, on the
  # volume. A node is failed after 5 s without an answer, then its replica is promoted.
  set -- --cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout 5000 \
    --cluster-announce-hostname "$REDIS_CLUSTER_HOSTNAME" --cluster-preferred-endpoint-type hostname \
    "$@"
fi
exec "${REDIS_SERVER_BIN:-redis-server}" "$here/redis.conf" \
  --requirepass "$REDIS_PASSWORD" --masterauth "$REDIS_PASSWORD" \
  --user edge on ">$REDIS_EDGE_PASSWORD" resetkeys '~edge:*' resetchannels '&edge:*' '+@all' '-@admin' '-@dangerous' \
  "$@"
