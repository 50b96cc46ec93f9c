// Commands over keys in different slots sent together: one pipeline on a single server (one round
// trip), one pipeline per group on a Redis Cluster, where a pipeline must stay on one node.
import type { ChainableCommander } from 'ioredis';
import { isRedisCluster, type RedisConnection } from './redis-connection.js';

/** Queues one group's commands; all keys of a group share a slot (one hash tag). */
export type SlotGroup = (pipeline: ChainableCommander) => void;

/**
 * Runs the groups and resolves every command's `[error, reply]` in the order queued, as
 * `pipeline.exec()` does. Not atomic across groups (neither is a pipeline); a group that must be
 * atomic is one script or one MULTI inside its group.
 */
export async function execBySlot(
  connection: RedisConnection,
  groups: readonly SlotGroup[],
): Promise<Array<[Error | null, unknown]>> {
  if (groups.length === 0) return [];
  if (!isRedisCluster(connection) || groups.length === 1) {
    const pipeline = connection.pipeline();
    for (const group of groups) group(pipeline);
    return ((await pipeline.exec()) ?? []) as Array<[Error | null, unknown]>;
  }
  const replies = await Promise.all(
    groups.map(async (group) => {
      const pipeline = connection.pipeline();
      group(pipeline);
      return ((await pipeline.exec()) ?? []) as Array<[Error | null, unknown]>;
    }),
  );
  return replies.flat();
}

/**
 * Every key matching `pattern`: SCAN on a single server, SCAN on every master of a cluster (a
 * cluster's SCAN covers only the node it runs on). For tools and tests; a request path keeps its own
 * index of keys instead.
 */
export async function scanKeys(connection: RedisConnection, pattern: string, count = 500): Promise<string[]> {
  const nodes = isRedisCluster(connection) ? connection.nodes('master') : [connection];
  const found = await Promise.all(
    nodes.map(async (node) => {
      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, batch] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', count);
        keys.push(...batch);
        cursor = next;
      } while (cursor !== '0');
      return keys;
    }),
  );
  return [...new Set(found.flat())];
}
