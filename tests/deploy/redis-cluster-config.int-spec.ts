// The Redis Cluster as compose's `cluster` profile and the production overlay build it, with the real
// redis-server and redis-cli: six nodes started by deploy/redis/start.sh with REDIS_CLUSTER_HOSTNAME,
// then deploy/redis/cluster-create.sh (compose's `redis-cluster-create`, the Job of the same name).
// Proves the scripts, not failover (tests/cluster does that): 3 masters and 3 replicas, every slot
// served, replicas authenticated to their masters, the announced names, the passwords and the
// edge's ACL on every node, and a second run of the create script changing nothing.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Cluster, Redis } from 'ioredis';
import { freePort, repoRoot } from '@shopmind/testing';

const root = repoRoot();
const redisBinary = process.env.REDIS_SERVER_BIN ?? 'redis-server';
const cliBinary = process.env.REDIS_CLI_BIN ?? 'redis-cli';
const password = 'test-default-password';
const edgePassword = 'test-edge-password';
// What the nodes announce (compose: the service name; Kubernetes: `<pod>.redis-cluster`).
const hostname = 'localhost';

interface Node {
  port: number;
  dir: string;
  child: ChildProcess;
}

async function startNode(parent: string, index: number): Promise<Node> {
  const port = await freePort();
  // The cluster bus defaults to port + 10000, which nobody reserved: give it a free port of its own.
  const busPort = await freePort();
  const dir = join(parent, `node-${index}`);
  mkdirSync(dir);
  const child = spawn(
    'sh',
    [
      join(root, 'deploy/redis/start.sh'),
      '--port',
      String(port),
      '--cluster-port',
      String(busPort),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
    ],
    {
      env: {
        ...process.env,
        REDIS_SERVER_BIN: redisBinary,
        REDIS_PASSWORD: password,
        REDIS_EDGE_PASSWORD: edgePassword,
        REDIS_CLUSTER_HOSTNAME: hostname,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`node ${index} not ready within 15 s:\n${output}`)),
      15_000,
    );
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (/Ready to accept connections/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`node ${index} exited with ${code}:\n${output}`));
    });
  });
  return { port, dir, child };
}

function createCluster(addresses: string[]): { status: number | null; output: string } {
  const run = spawnSync('sh', [join(root, 'deploy/redis/cluster-create.sh'), ...addresses], {
    env: { ...process.env, REDISCLI_AUTH: password, REDIS_CLI_BIN: cliBinary },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('deploy/redis: start.sh cluster nodes and cluster-create.sh (real redis-server, redis-cli)', () => {
  let parent: string;
  const nodes: Node[] = [];
  let addresses: string[];
  let firstRun: { status: number | null; output: string };

  beforeAll(async () => {
    parent = mkdtempSync(join(tmpdir(), 'shopmind-redis-cluster-conf-'));
    for (let i = 0; i < 6; i++) nodes.push(await startNode(parent, i));
    addresses = nodes.map((n) => `127.0.0.1:${n.port}`);
    firstRun = createCluster(addresses);
  }, 180_000);

  afterAll(async () => {
    for (const n of nodes) {
      if (n.child.exitCode !== null) continue;
      const exited = new Promise((resolve) => n.child.once('exit', resolve));
      n.child.kill('SIGTERM');
      await Promise.race([exited, sleep(5000).then(() => n.child.kill('SIGKILL'))]);
    }
    rmSync(parent, { recursive: true, force: true });
  });

  async function onNode<T>(port: number, fn: (r: Redis) => Promise<T>): Promise<T> {
    const r = new Redis({ host: '127.0.0.1', port, password, maxRetriesPerRequest: 0, lazyConnect: true });
    await r.connect();
    try {
      return await fn(r);
    } finally {
      r.disconnect();
    }
  }

  it('makes the six nodes 3 masters and 3 replicas, one replica per master, every slot served', async () => {
    expect(firstRun.output).toMatch(/3 masters, 3 replicas/);
    expect(firstRun.status).toBe(0);
    // Roles reach every node's view by gossip, a moment after the script is done.
    const view = async (): Promise<string[][]> =>
      ((await onNode(nodes[0]!.port, (r) => r.call('CLUSTER', 'NODES'))) as string)
        .trim()
        .split('\n')
        .map((l) => l.split(' '));
    let entries = await view();
    for (let i = 0; i < 100 && entries.filter((e) => e[2]!.includes('slave')).length < 3; i++) {
      await sleep(100);
      entries = await view();
    }
    const masters = entries.filter((e) => e[2]!.includes('master'));
    const replicas = entries.filter((e) => e[2]!.includes('slave'));
    expect([masters.length, replicas.length]).toEqual([3, 3]);
    // Each replica follows a different master.
    expect(new Set(replicas.map((e) => e[3])).size).toBe(3);
    expect(replicas.every((e) => masters.some((m) => m[0] === e[3]))).toBe(true);
    for (const n of nodes) {
      const info = (await onNode(n.port, (r) => r.call('CLUSTER', 'INFO'))) as string;
      expect(info).toMatch(/cluster_state:ok/);
      expect(info).toMatch(/cluster_slots_assigned:16384/);
    }
  });

  it('has every replica authenticated to its master (masterauth from REDIS_PASSWORD)', async () => {
    let replicas = 0;
    for (const n of nodes) {
      const info = await onNode(n.port, (r) => r.info('replication'));
      if (!/role:slave/.test(info)) continue;
      replicas++;
      // The link comes up once the replica's AUTH succeeded and the first sync is done.
      let link = info;
      for (let i = 0; i < 50 && !/master_link_status:up/.test(link); i++) {
        await sleep(100);
        link = await onNode(n.port, (r) => r.info('replication'));
      }
      expect(link).toMatch(/master_link_status:up/);
    }
    expect(replicas).toBe(3);
  });

  it('sends clients to the announced name, not to an address', async () => {
    const slots = (await onNode(nodes[0]!.port, (r) => r.call('CLUSTER', 'SLOTS'))) as unknown[][];
    expect(slots.length).toBeGreaterThan(0);
    for (const range of slots) expect((range[2] as unknown[])[0]).toBe(hostname);
  });

  it('serves a cluster client across slots with the password, and the edge only under edge:', async () => {
    const seeds = nodes.map((n) => ({ host: '127.0.0.1', port: n.port }));
    const cluster = new Cluster(seeds, {
      redisOptions: { password, maxRetriesPerRequest: 0 },
      natMap: Object.fromEntries(
        nodes.map((n) => [`${hostname}:${n.port}`, { host: '127.0.0.1', port: n.port }]),
      ),
    });
    const edge = new Cluster(seeds, {
      redisOptions: { username: 'edge', password: edgePassword, maxRetriesPerRequest: 0 },
      natMap: Object.fromEntries(
        nodes.map((n) => [`${hostname}:${n.port}`, { host: '127.0.0.1', port: n.port }]),
      ),
    });
    try {
      // Keys spread over the three masters; each must be written and read back.
      const keys = Array.from({ length: 30 }, (_, i) => `check:${i}`);
      for (const k of keys) await cluster.set(k, k);
      expect(await Promise.all(keys.map((k) => cluster.get(k)))).toEqual(keys);
      const owners = new Set(await Promise.all(keys.map((k) => cluster.call('CLUSTER', 'KEYSLOT', k))));
      expect(owners.size).toBeGreaterThan(1);
      // The ACL user exists on every node: its keys land on several masters.
      for (let i = 0; i < 10; i++) await edge.set(`edge:rate:${i}`, '1');
      expect(await edge.get('edge:rate:9')).toBe('1');
      await expect(edge.set('review-sentiment:x', '1')).rejects.toThrow(/NOPERM/);
    } finally {
      await Promise.all([cluster.quit(), edge.quit()]);
    }
  });

  it('leaves a cluster that serves every slot alone when it runs again', () => {
    const again = createCluster(addresses);
    expect(again.output).toMatch(/nothing to do/);
    expect(again.status).toBe(0);
  });

  it('refuses anything but six nodes', () => {
    const run = createCluster(addresses.slice(0, 3));
    expect(run.status).toBe(64);
    expect(run.output).toMatch(/six nodes/);
  });
});
