// Commands over keys in different slots sent together: one pipeline on a single server (one round
// trip), one pipeline per master on a Redis Cluster (a cluster pipeline must stay on one node), so a
// batch over many hash tags costs at most one round trip per master, not one per tag.
import calculateSlot from 'cluster-key-slot';
import type { ChainableCommander, Cluster, Command } from 'ioredis';
import { isRedisCluster, type RedisConnection } from './redis-connection.js';

/** Queues one group's commands; all keys of a group share a slot (one hash tag). */
export type SlotGroup = (pipeline: ChainableCommander) => void;

type Replies = Array<[Error | null, unknown]>;

/** An ioredis pipeline as it is at run time (ChainableCommander does not show it). */
interface PipelineInternals {
  _transactions: number;
  sendCommand(command: Command): unknown;
  exec(): Promise<Replies | null>;
}

/** One group's commands, queued but not sent, and the slot of their keys (none: keyless). */
interface Captured {
  commands: Command[];
  slot: number | undefined;
}

/** Errors of a command the node did not run: the slot is served elsewhere, or not at the moment. */
const NOT_RUN = /^(MOVED|ASK|TRYAGAIN|CLUSTERDOWN) /;

/**
 * Runs the groups and resolves every command's `[error, reply]` in the order queued, as
 * `pipeline.exec()` does. Not atomic across groups (neither is a pipeline); a group that must be
 * atomic is one script or one MULTI inside its group.
 *
 * On a Redis Cluster the groups are sent as one pipeline per master, by the slot map the client
 * holds (ioredis accepts a pipeline whose keys are all served by one node: "same slots allocation
 * group"). When that map is stale (a failover, a slot moved) a group whose commands the node
 * refused (MOVED/ASK, none of them run) is sent again on its own, and ioredis follows the
 * redirection as it does for any single-slot pipeline.
 */
export async function execBySlot(
  connection: RedisConnection,
  groups: readonly SlotGroup[],
): Promise<Replies> {
  if (groups.length === 0) return [];
  if (!isRedisCluster(connection) || groups.length === 1) {
    const pipeline = connection.pipeline();
    for (const group of groups) group(pipeline);
    return ((await pipeline.exec()) ?? []) as Replies;
  }
  // Before the first slot map (still connecting) there is no node to group by: one per group,
  // which ioredis holds until the cluster is ready.
  if (connection.slots.length === 0)
    return (await Promise.all(groups.map((g) => execAlone(connection, g)))).flat();

  const captured = groups.map((group) => capture(connection, group));
  const byNode = new Map<string, number[]>();
  captured.forEach(({ slot }, i) => {
    const node = slot === undefined ? `keyless:${i}` : (connection.slots[slot]?.[0] ?? `slot:${slot}`);
    const members = byNode.get(node);
    if (members) members.push(i);
    else byNode.set(node, [i]);
  });

  const perGroup: Replies[] = new Array<Replies>(groups.length);
  await Promise.all(
    [...byNode.values()].map(async (members) => {
      const pipeline = connection.pipeline() as unknown as PipelineInternals;
      for (const i of members) for (const command of captured[i]!.commands) pipeline.sendCommand(command);
      let replies: Replies;
      try {
        replies = (await pipeline.exec()) ?? [];
      } catch (err) {
        // The map changed under the batch (ioredis checks it again when sending): nothing was sent.
        if (!(err instanceof Error) || !/same slots allocation group/.test(err.message)) throw err;
        await Promise.all(members.map(async (i) => (perGroup[i] = await execAlone(connection, groups[i]!))));
        return;
      }
      let at = 0;
      await Promise.all(
        members.map(async (i) => {
          const { commands } = captured[i]!;
          const own = replies.slice(at, (at += commands.length));
          perGroup[i] = refused(commands, own) ? await execAlone(connection, groups[i]!) : own;
        }),
      );
    }),
  );
  return perGroup.flat();
}

/** The group in a pipeline of its own (one slot: ioredis follows MOVED/ASK for it). */
async function execAlone(connection: RedisConnection, group: SlotGroup): Promise<Replies> {
  const pipeline = connection.pipeline();
  group(pipeline);
  return ((await pipeline.exec()) ?? []) as Replies;
}

/**
 * The group's commands as it queues them, without sending them (queued again in a node's pipeline),
 * and their slot: the first key's (the group's keys share one slot; ioredis refuses the pipeline
 * otherwise).
 */
function capture(connection: Cluster, group: SlotGroup): Captured {
  const staging = connection.pipeline();
  const internals = staging as unknown as PipelineInternals;
  const commands: Command[] = [];
  // As Pipeline#sendCommand marks a command queued inside a MULTI, without binding it to this pipeline.
  internals.sendCommand = (command: Command) => {
    if (internals._transactions > 0) command.inTransaction = true;
    commands.push(command);
    return staging;
  };
  group(staging);
  for (const command of commands) {
    const [key] = command.getKeys();
    if (key !== undefined) return { commands, slot: calculateSlot(key) };
  }
  return { commands, slot: undefined };
}

/** True when the node ran none of the group's commands because another node serves its slot. */
function refused(commands: readonly Command[], replies: Replies): boolean {
  if (!replies.some(([err]) => err && NOT_RUN.test(err.message))) return false;
  return replies.every(([err, reply], i) =>
    err
      ? NOT_RUN.test(err.message) || err.message.startsWith('EXECABORT')
      : commands[i]?.name === 'multi' || (commands[i]?.inTransaction === true && reply === 'QUEUED'),
  );
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
