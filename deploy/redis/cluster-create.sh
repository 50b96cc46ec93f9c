#!/bin/sh
# Creates the Redis Cluster once: the six nodes given (host:port, all started by start.sh with
# REDIS_CLUSTER_HOSTNAME) become 3 masters and 3 replicas, one replica per master
# (`redis-cli --cluster create … --cluster-replicas 1`). Idempotent: a cluster that already serves
# every slot is left alone, so compose's `redis-cluster-create` and the Kubernetes Job
# `redis-cluster-create` may run again. REDISCLI_AUTH is the `default` user's password
# (REDIS_PASSWORD), so it stays off the command line.
#   sh cluster-create.sh redis-node-0:6379 redis-node-1:6379 … redis-node-5:6379
set -eu
: "${REDISCLI_AUTH:?REDISCLI_AUTH (the REDIS_PASSWORD) is required}"
cli=${REDIS_CLI_BIN:-redis-cli}
[ "$#" -eq 6 ] || {
  echo "cluster-create.sh: give the six nodes as host:port (3 masters, 3 replicas)" >&2
  exit 64
}

# Every node answers (a StatefulSet's pods and compose's services start together).
for node in "$@"; do
  tries=0
  until "$cli" -h "${node%:*}" -p "${node##*:}" ping 2>/dev/null | grep -q PONG; do
    tries=$((tries + 1))
    [ "$tries" -lt 120 ] || { echo "cluster-create.sh: $node does not answer" >&2; exit 1; }
    sleep 1
  done
done

state() { "$cli" -h "${1%:*}" -p "${1##*:}" cluster info | grep '^cluster_state:' | tr -d '\r'; }

if [ "$(state "$1")" = cluster_state:ok ]; then
  echo "cluster-create.sh: the cluster already serves every slot; nothing to do"
  exit 0
fi

"$cli" --cluster create "$@" --cluster-replicas 1 --cluster-yes

# Done when every node says the cluster serves every slot.
for node in "$@"; do
  tries=0
  until [ "$(state "$node")" = cluster_state:ok ]; do
    tries=$((tries + 1))
    [ "$tries" -lt 60 ] || { echo "cluster-create.sh: $node never saw the cluster ok" >&2; exit 1; }
    sleep 1
  done
done
echo "cluster-create.sh: 3 masters, 3 replicas, every slot served"
