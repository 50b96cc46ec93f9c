// The NATS and Redis configuration files that compose and Kubernetes mount, loaded by the real
// nats-server and redis-server binaries: they must be valid, enable JetStream on disk and
// append-only persistence, and Redis's eviction policy must keep state while it drops cache.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { ADMIN_USER, EDGE_USER, passwordVariable } from '@shopmind/bus';
import { ServiceCatalogue } from '@shopmind/contracts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const natsBinary = process.env.NATS_SERVER_BIN ?? 'nats-server';
const redisBinary = process.env.REDIS_SERVER_BIN ?? 'redis-server';
// auth.conf (included by both NATS files) reads every user's password from the environment.
const natsEnv: NodeJS.ProcessEnv = {
  ...process.env,
  ...Object.fromEntries(
    [ADMIN_USER, EDGE_USER, ...Object.values(ServiceCatalogue).map((s) => s.name)].map((u) => [
      passwordVariable(u),
      'test-password',
    ]),
  ),
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Starts a server and resolves once `ready` appears in its output; rejects with that output otherwise. */
async function startServer(
  binary: string,
  args: string[],
  ready: RegExp,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ChildProcess> {
  const child = spawn(binary, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${binary} did not get ready within 15 s:\n${output}`));
    }, 15_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(
        new Error(`${binary} could not start (${err.message}); install it or set its *_SERVER_BIN variable`),
      );
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${binary} exited with ${code}:\n${output}`));
    });
  });
}

async function stopServer(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(5000).then(() => child.kill('SIGKILL'))]);
}

describe('deploy/nats configuration (real nats-server)', () => {
  const dirs: string[] = [];
  let server: ChildProcess | undefined;

  afterAll(async () => {
    await stopServer(server);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  function check(file: string, env: NodeJS.ProcessEnv = natsEnv): { status: number | null; output: string } {
    const result = spawnSync(natsBinary, ['-c', file, '-t'], { env, encoding: 'utf8' });
    if (result.error) throw new Error(`${natsBinary}: ${result.error.message}`);
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  }

  it('refuses a configuration with an unknown setting, so the check below means something', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shopmind-nats-conf-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'bad.conf'), 'port: 4222\njetstream { store_dirr: /data }\n');
    const result = check(join(dir, 'bad.conf'));
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/unknown field "store_dirr"/);
  });

  it('accepts the single-server and the cluster configuration', () => {
    expect(check(join(root, 'deploy/nats/nats.conf'))).toMatchObject({ status: 0 });
    // The cluster configuration takes its server name from the pod's name.
    expect(
      check(join(root, 'deploy/nats/nats-cluster.conf'), { ...natsEnv, POD_NAME: 'nats-0' }),
    ).toMatchObject({
      status: 0,
    });
  });

  it('runs JetStream with file storage from the single-server configuration', async () => {
    const store = mkdtempSync(join(tmpdir(), 'shopmind-nats-store-'));
    dirs.push(store);
    // The file as deployed, with only its store moved into a temporary folder (nats-server refuses
    // a store_dir given both in the file and on the command line).
    const deployed = readFileSync(join(root, 'deploy/nats/nats.conf'), 'utf8');
    expect(deployed).toMatch(/^\s*store_dir: \/data\/jetstream$/m);
    writeFileSync(
      join(store, 'nats.conf'),
      deployed.replace('store_dir: /data/jetstream', `store_dir: ${store}/jetstream`),
    );
    writeFileSync(join(store, 'auth.conf'), readFileSync(join(root, 'deploy/nats/auth.conf'), 'utf8'));
    const monitor = await freePort();
    // Ports are overridden so the test runs beside anything else on this machine.
    server = await startServer(
      natsBinary,
      ['-c', join(store, 'nats.conf'), '-p', '-1', '-m', String(monitor), '-a', '127.0.0.1'],
      /Server is ready/,
      natsEnv,
    );
    const health = await fetch(`http://127.0.0.1:${monitor}/healthz?js-enabled-only=true`);
    expect(health.status).toBe(200);
    const jsz = (await (await fetch(`http://127.0.0.1:${monitor}/jsz`)).json()) as {
      config?: { store_dir?: string; max_storage?: number };
    };
    expect(jsz.config?.store_dir).toContain(store);
    expect(jsz.config?.max_storage).toBe(8 * 1024 ** 3);
  });
});

describe('deploy/redis/redis.conf (real redis-server)', () => {
  let dir: string;
  let server: ChildProcess | undefined;
  let redis: Redis;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'shopmind-redis-conf-'));
    const port = await freePort();
    // A small maxmemory makes the eviction policy observable with a few megabytes of data.
    server = await startServer(
      redisBinary,
      [
        join(root, 'deploy/redis/redis.conf'),
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--maxmemory',
        '4mb',
      ],
      /Ready to accept connections/,
    );
    redis = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 0, lazyConnect: true });
    await redis.connect();
  });

  afterAll(async () => {
    redis?.disconnect();
    await stopServer(server);
    rmSync(dir, { recursive: true, force: true });
  });

  it('persists with an append-only file, fsynced every second', async () => {
    expect(await redis.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
    expect(await redis.config('GET', 'appendfsync')).toEqual(['appendfsync', 'everysec']);
    await redis.set('shopmind:probe', '1');
    // Redis 7 keeps the AOF as a base file plus increments in appendonlydir/.
    expect(existsSync(join(dir, 'appendonlydir'))).toBe(true);
    expect(readdirSync(join(dir, 'appendonlydir')).some((f) => f.endsWith('.incr.aof'))).toBe(true);
  });

  it('evicts cache entries (with a TTL) under memory pressure and keeps state (without one)', async () => {
    expect(await redis.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'volatile-lfu']);
    const value = 'x'.repeat(1024);
    const state = Array.from({ length: 100 }, (_, i) => `{review-sentiment:acme}:aggregate:${i}`);
    await redis.mset(Object.fromEntries(state.map((k) => [k, value])));

    // About 8 MB of cache entries into 4 MB: every write succeeds because older cache entries go.
    for (let batch = 0; batch < 16; batch++) {
      const pipeline = redis.pipeline();
      for (let i = 0; i < 500; i++) pipeline.set(`{llm}:cache:${batch}:${i}`, value, 'EX', 3600);
      const results = (await pipeline.exec()) ?? [];
      expect(results.filter(([err]) => err !== null)).toEqual([]);
    }
    const stats = await redis.info('stats');
    expect(Number(/evicted_keys:(\d+)/.exec(stats)?.[1])).toBeGreaterThan(0);
    expect(await redis.exists(...state)).toBe(state.length);
  });

  it('refuses new state with an OOM error once only state is left, instead of dropping any', async () => {
    const value = 'y'.repeat(1024);
    let refused: Error | undefined;
    // Bounded: 8 MB of TTL-less writes cannot fit into 4 MB.
    for (let i = 0; i < 8192 && !refused; i++) {
      try {
        await redis.set(`{fraud-detection:acme}:velocity:${i}`, value);
      } catch (err) {
        refused = err as Error;
      }
    }
    expect(refused?.message).toMatch(/^OOM/);
    expect(await redis.exists('{review-sentiment:acme}:aggregate:0')).toBe(1);
  });
});
