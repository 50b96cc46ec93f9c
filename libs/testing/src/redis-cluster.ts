// A local Redis Cluster for tests: masters and replicas as redis-server processes on loopback
// (`--cluster-enabled yes`), joined by `redis-cli --cluster create`, waited for until every node
// says cluster_state:ok with all 16384 slots covered. A short cluster-node-timeout makes a
// master's SIGKILL end in its replica's promotion within seconds.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import calculateSlot from 'cluster-key-slot';
import { Redis } from 'ioredis';
import { InfraUnavailableError } from './infra-unavailable-error.js';
import { findExecutable, LocalServerProcess } from './local-server-process.js';
import { REDIS_INSTALL_HINT } from './redis-server.js';
import { freePort } from './tcp-port.js';

const run = promisify(execFile);

export const CLUSTER_SLOTS = 16384;

export interface RedisClusterOptions {
  /** Default 3 (the least Redis Cluster accepts). */
  masters?: number;
  /** Default 1: each master has a replica to promote. */
  replicasPerMaster?: number;
  /** `cluster-node-timeout` in ms; default 2000, so a failover takes seconds. */
  nodeTimeoutMs?: number;
  /**
   * Require a password on every node (and let replicas authenticate to their masters with
   * `masterauth` / `masteruser`). With `user`, an ACL user with every right is created and the
   * default user is switched off; without, the default user gets `requirepass`.
   */
  auth?: { user?: string; password: string };
  /** Binaries; default `$REDIS_SERVER_BIN` / `$REDIS_CLI_BIN` or `redis-server` / `redis-cli` from PATH. */
  binary?: string;
  cliBinary?: string;
  /** Extra command-line arguments for every node. */
  args?: string[];
  /** How long to wait for the cluster to form; default 30 s. */
  readyTimeoutMs?: number;
}

export interface RedisClusterNode {
  host: string;
  port: number;
  /** `127.0.0.1:<port>` */
  address: string;
  /** The node id (CLUSTER MYID), stable across restarts (nodes.conf is kept). */
  id: string;
  /** As last read by `refresh()` (every call of the cluster's methods reads it again). */
  role: 'master' | 'replica';
  /** Slot ranges `[from, to]` this node serves (masters only), as last read. */
  slots: [number, number][];
  /** For a replica: the id of its master, as last read. */
  masterId?: string;
  readonly running: boolean;
  /** Stops the process (SIGKILL for a crash); the data is gone (no persistence), nodes.conf stays. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts a killed node again on the same port; it rejoins (a killed master comes back a replica). */
  start(): Promise<void>;
  /** A plain (non-cluster) connection to this node; the caller closes it. */
  connect(): Redis;
}

export interface LocalRedisCluster {
  /** Every node's `{ host, port }`, for `new Cluster(seeds)`. */
  seeds: { host: string; port: number }[];
  nodes: RedisClusterNode[];
  masters(): RedisClusterNode[];
  /** The running master serving `key`'s slot (hash tags honoured), after reading the topology again. */
  masterOf(key: string): Promise<RedisClusterNode>;
  /** Reads CLUSTER NODES from a running node and updates every handle's role, slots and master. */
  refresh(): Promise<void>;
  /**
   * After `killed` (a master) was stopped: resolves with the replica promoted in its place, once
   * it serves the killed master's slots and every running node says cluster_state:ok.
   */
  waitForFailover(killed: RedisClusterNode, timeoutMs?: number): Promise<RedisClusterNode>;
  /** Resolves once every running node says cluster_state:ok with every slot covered. */
  waitUntilHealthy(timeoutMs?: number): Promise<void>;
  /** Stops every node and removes every folder. */
  stop(): Promise<void>;
}

/** `CLUSTER INFO` as a map. */
function parseInfo(text: string): Map<string, string> {
  return new Map(
    text
      .split(/\r?\n/)
      .filter((l) => l.includes(':'))
      .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]),
  );
}

interface NodeLine {
  id: string;
  port: number;
  flags: string[];
  masterId?: string;
  connected: boolean;
  slots: [number, number][];
}

/** `CLUSTER NODES`: `<id> <ip:port@cport> <flags> <master> <ping> <pong> <epoch> <link> <slot>...` */
function parseNodes(text: string): NodeLine[] {
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((line) => {
      const [id, addr, flags, master, , , , link, ...slots] = line.trim().split(' ');
      return {
        id: id!,
        port: Number(/:(\d+)@/.exec(addr!)?.[1] ?? 0),
        flags: flags!.split(','),
        masterId: master === '-' ? undefined : master,
        connected: link === 'connected',
        slots: slots
          .filter((s) => !s.startsWith('['))
          .map((s) => {
            const [from, to] = s.split('-').map(Number);
            return [from!, to ?? from!] as [number, number];
          }),
      };
    });
}

export async function startRedisCluster(options: RedisClusterOptions = {}): Promise<LocalRedisCluster> {
  const masterCount = options.masters ?? 3;
  const replicas = options.replicasPerMaster ?? 1;
  if (masterCount < 3) throw new Error(`Redis Cluster needs at least 3 masters, not ${masterCount}`);
  const total = masterCount * (1 + replicas);
  const binary = options.binary ?? process.env.REDIS_SERVER_BIN ?? 'redis-server';
  const cliBinary = options.cliBinary ?? process.env.REDIS_CLI_BIN ?? 'redis-cli';
  const cli = findExecutable(cliBinary);
  if (!cli) throw new InfraUnavailableError(`${cliBinary} was not found on PATH. ${REDIS_INSTALL_HINT}`);
  const auth = options.auth;
  const authArgs = !auth
    ? []
    : auth.user
      ? [
          // One argument per word: redis-server quotes an argument with a space as one word.
          ...['--user', 'default', 'off'],
          ...['--user', auth.user, 'on', `>${auth.password}`, '~*', '&*', '+@all'],
          '--masteruser',
          auth.user,
          '--masterauth',
          auth.password,
        ]
      : ['--requirepass', auth.password, '--masterauth', auth.password];
  const cliAuth = !auth ? [] : [...(auth.user ? ['--user', auth.user] : []), '--pass', auth.password];

  const dir = await mkdtemp(join(tmpdir(), 'shopmind-redis-cluster-'));
  const processes: LocalServerProcess[] = [];
  const stopAll = async (): Promise<void> => {
    await Promise.allSettled(processes.map((p) => p.kill('SIGKILL')));
    await rm(dir, { recursive: true, force: true });
  };

  const nodes: RedisClusterNode[] = [];
  try {
    for (let i = 0; i < total; i++) {
      // The port may be taken between probing and binding; another free port fixes that rare race.
      for (let attempt = 1; ; attempt++) {
        const port = await freePort();
        const server = new LocalServerProcess({
          binary,
          args: [
            '--port',
            String(port),
            '--bind',
            '127.0.0.1',
            '--cluster-enabled',
            'yes',
            '--cluster-config-file',
            `nodes-${port}.conf`,
            '--cluster-node-timeout',
            String(options.nodeTimeoutMs ?? 2000),
            '--appendonly',
            'no',
            '--save',
            '',
            '--dir',
            dir,
            ...authArgs,
            ...(options.args ?? []),
          ],
          port,
          readyLine: /Ready to accept connections/,
          installHint: REDIS_INSTALL_HINT,
        });
        try {
          await server.start();
        } catch (err) {
          // The cluster bus listens on port + 10000, which may be taken too.
          if (/address already in use/i.test(server.recentOutput) && attempt < 5) continue;
          throw err;
        }
        processes.push(server);
        const node: RedisClusterNode = {
          host: '127.0.0.1',
          port,
          address: `127.0.0.1:${port}`,
          id: '',
          role: 'master',
          slots: [],
          get running() {
            return server.running;
          },
          kill: (signal) => server.kill(signal),
          start: () => server.start(),
          connect: () =>
            new Redis({
              host: '127.0.0.1',
              port,
              username: auth?.user,
              password: auth?.password,
              maxRetriesPerRequest: 1,
              lazyConnect: false,
            }),
        };
        nodes.push(node);
        break;
      }
    }

    await run(
      cli,
      [
        ...cliAuth,
        '--cluster',
        'create',
        ...nodes.map((n) => n.address),
        '--cluster-replicas',
        String(replicas),
        '--cluster-yes',
      ],
      { timeout: 30_000 },
    ).catch((err: Error & { stdout?: string; stderr?: string }) => {
      throw new InfraUnavailableError(
        `redis-cli --cluster create failed: ${err.message}\n${err.stdout ?? ''}\n${err.stderr ?? ''}`,
      );
    });
  } catch (err) {
    await stopAll();
    throw err;
  }

  const withNode = async <T>(node: RedisClusterNode, f: (r: Redis) => Promise<T>): Promise<T> => {
    const r = node.connect();
    r.on('error', () => undefined);
    try {
      return await f(r);
    } finally {
      r.disconnect();
    }
  };

  // Flags of each node (by port) as last read: `fail` / `pfail` while the others think it is down.
  const flags = new Map<number, string[]>();
  const refresh = async (): Promise<void> => {
    let lastError: unknown;
    for (const node of nodes.filter((n) => n.running)) {
      try {
        const text = (await withNode(node, (r) => r.call('CLUSTER', 'NODES'))) as string;
        const lines = parseNodes(text);
        for (const n of nodes) {
          const line = lines.find((l) => l.port === n.port);
          if (!line) continue;
          n.id = line.id;
          n.role = line.flags.includes('master') ? 'master' : 'replica';
          n.slots = line.slots;
          n.masterId = line.masterId;
          flags.set(n.port, line.flags);
        }
        return;
      } catch (err) {
        lastError = err;
      }
    }
    throw new Error(`no running node of the Redis Cluster answered CLUSTER NODES: ${String(lastError)}`);
  };

  const healthProblem = async (): Promise<string | undefined> => {
    for (const node of nodes.filter((n) => n.running)) {
      try {
        const info = parseInfo((await withNode(node, (r) => r.call('CLUSTER', 'INFO'))) as string);
        if (info.get('cluster_state') !== 'ok')
          return `${node.address}: cluster_state:${info.get('cluster_state')}`;
        if (info.get('cluster_slots_ok') !== String(CLUSTER_SLOTS))
          return `${node.address}: cluster_slots_ok:${info.get('cluster_slots_ok')}`;
      } catch (err) {
        return `${node.address}: ${String(err)}`;
      }
    }
    return undefined;
  };

  /**
   * Every running node is seen as up, every running master serves slots (a restarted master is a
   * replica again), and every running replica has its master link up, so WAIT counts it.
   */
  const replicationProblem = async (): Promise<string | undefined> => {
    for (const node of nodes.filter((n) => n.running)) {
      const f = flags.get(node.port) ?? [];
      if (f.includes('fail') || f.includes('fail?')) return `${node.address} is flagged ${f.join(',')}`;
      if (node.role === 'master' && !node.slots.length) return `${node.address} is a master without slots`;
    }
    for (const node of nodes.filter((n) => n.running && n.role === 'replica')) {
      const info = parseInfo((await withNode(node, (r) => r.info('replication'))) as string);
      if (info.get('master_link_status') !== 'up') return `${node.address}: master_link_status is not up`;
    }
    return undefined;
  };

  const waitUntilHealthy = async (timeoutMs = options.readyTimeoutMs ?? 30_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let problem = await healthProblem();
      if (!problem) {
        await refresh();
        problem = await replicationProblem();
      }
      if (!problem) return;
      if (Date.now() > deadline)
        throw new InfraUnavailableError(`Redis Cluster not healthy within ${timeoutMs} ms: ${problem}`);
      await sleep(100);
    }
  };

  try {
    await waitUntilHealthy();
  } catch (err) {
    await stopAll();
    throw err;
  }

  const masters = (): RedisClusterNode[] =>
    nodes.filter((n) => n.running && n.role === 'master' && n.slots.length);
  const serves = (n: RedisClusterNode, slot: number): boolean =>
    n.slots.some(([a, b]) => slot >= a && slot <= b);

  return {
    seeds: nodes.map((n) => ({ host: n.host, port: n.port })),
    nodes,
    masters,
    refresh,
    waitUntilHealthy,
    masterOf: async (key) => {
      await refresh();
      const slot = calculateSlot(key);
      const master = masters().find((n) => serves(n, slot));
      if (!master) throw new Error(`no running master serves slot ${slot} (key ${key})`);
      return master;
    },
    waitForFailover: async (killed, timeoutMs = 30_000) => {
      const slots = killed.slots;
      if (!slots.length) throw new Error(`${killed.address} served no slots: it was not a master`);
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        let problem: string | undefined;
        try {
          await refresh();
          const promoted = masters().find(
            (n) => n !== killed && slots.every(([a, b]) => serves(n, a) && serves(n, b)),
          );
          problem = promoted
            ? await healthProblem()
            : `no running master serves the slots of ${killed.address} yet`;
          if (!problem && promoted) {
            // The handle of the killed node keeps the slots it had (it reads them again once restarted).
            return promoted;
          }
        } catch (err) {
          problem = String(err);
        }
        if (Date.now() > deadline)
          throw new Error(`no failover of ${killed.address} within ${timeoutMs} ms: ${problem}`);
        await sleep(100);
      }
    },
    stop: stopAll,
  };
}
