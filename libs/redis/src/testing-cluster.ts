// Test-only: a small local Redis Cluster (3 masters, no replicas) and a Sentinel setup (master,
// replica, one sentinel) on loopback ports, for the specs of this lib, the bus and the gateway. A
// stopgap until @shopmind/testing's startRedisCluster (issue 19, C19-INFRA) replaces it. Ports come
// from the caller (the testing lib's freePort), so this lib does not depend on the testing lib.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import type { RedisNodeAddress } from './redis-connection.js';

const run = promisify(execFile);

export interface LocalRedisTopology {
  /** The addresses clients are given: the cluster's masters, or the sentinels. */
  nodes: RedisNodeAddress[];
  /** `host:port,…` of `nodes`, as REDIS_CLUSTER_NODES / REDIS_SENTINELS take it. */
  list: string;
  stop(): Promise<void>;
}

const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => (socket.destroy(), resolve(false)));
  });
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(50);
  }
}

async function cli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args]);
  return stdout;
}

function server(args: string[], port: number): ChildProcess {
  const child = spawn('redis-server', args, { stdio: 'ignore' });
  children.add(child);
  child.once('exit', () => children.delete(child));
  child.once('error', (err) => {
    throw new Error(`redis-server on ${port}: ${err.message} (is redis-server installed?)`);
  });
  return child;
}

async function stopAll(processes: ChildProcess[], dir: string): Promise<void> {
  await Promise.all(
    processes.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
  await rm(dir, { recursive: true, force: true });
}

/** Three masters, 16384 slots spread by `redis-cli --cluster create`, ready (cluster_state:ok). */
export async function startLocalRedisCluster(
  freePort: () => Promise<number>,
  masters = 3,
): Promise<LocalRedisTopology> {
  const dir = await mkdtemp(join(tmpdir(), 'shopmind-redis-cluster-'));
  const ports: number[] = [];
  const processes: ChildProcess[] = [];
  try {
    for (let i = 0; i < masters; i++) {
      const port = await freePort();
      const busPort = await freePort();
      ports.push(port);
      processes.push(
        server(
          [
            '--port',
            String(port),
            '--bind',
            '127.0.0.1',
            '--cluster-enabled',
            'yes',
            '--cluster-port',
            String(busPort),
            '--cluster-config-file',
            join(dir, `nodes-${port}.conf`),
            '--cluster-node-timeout',
            '2000',
            '--dir',
            dir,
            '--save',
            '',
            '--appendonly',
            'no',
          ],
          port,
        ),
      );
    }
    for (const port of ports) await until(`redis-server on ${port}`, () => accepts(port));
    await run('redis-cli', [
      '--cluster',
      'create',
      ...ports.map((p) => `127.0.0.1:${p}`),
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ]);
    for (const port of ports)
      await until(`cluster state ok on ${port}`, async () =>
        (await cli(port, 'cluster', 'info')).includes('cluster_state:ok'),
      );
  } catch (err) {
    await stopAll(processes, dir);
    throw err;
  }
  const nodes = ports.map((port) => ({ host: '127.0.0.1', port }));
  return {
    nodes,
    list: nodes.map((n) => `${n.host}:${n.port}`).join(','),
    stop: () => stopAll(processes, dir),
  };
}

/** A master, its replica and one sentinel watching them as `name` (quorum 1). */
export async function startLocalSentinel(
  freePort: () => Promise<number>,
  name = 'shopmind',
): Promise<LocalRedisTopology & { masterPort: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'shopmind-redis-sentinel-'));
  const processes: ChildProcess[] = [];
  const [masterPort, replicaPort, sentinelPort] = [await freePort(), await freePort(), await freePort()];
  const base = (port: number) => ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--dir', dir];
  try {
    processes.push(server(base(masterPort), masterPort));
    await until(`redis-server on ${masterPort}`, () => accepts(masterPort));
    processes.push(
      server([...base(replicaPort), '--replicaof', '127.0.0.1', String(masterPort)], replicaPort),
    );
    await until(`redis-server on ${replicaPort}`, () => accepts(replicaPort));
    const conf = join(dir, 'sentinel.conf');
    // A sentinel rewrites its configuration file, so it gets its own.
    await writeFile(
      conf,
      [
        `port ${sentinelPort}`,
        'bind 127.0.0.1',
        `sentinel monitor ${name} 127.0.0.1 ${masterPort} 1`,
        `sentinel down-after-milliseconds ${name} 1000`,
        '',
      ].join('\n'),
    );
    processes.push(server([conf, '--sentinel'], sentinelPort));
    await until(`sentinel on ${sentinelPort}`, () => accepts(sentinelPort));
    await until('sentinel knows the master', async () =>
      (await cli(sentinelPort, 'sentinel', 'get-master-addr-by-name', name)).includes(String(masterPort)),
    );
  } catch (err) {
    await stopAll(processes, dir);
    throw err;
  }
  const nodes = [{ host: '127.0.0.1', port: sentinelPort }];
  return {
    nodes,
    list: `127.0.0.1:${sentinelPort}`,
    masterPort,
    stop: () => stopAll(processes, dir),
  };
}
