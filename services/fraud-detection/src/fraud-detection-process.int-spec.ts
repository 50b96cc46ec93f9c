// fraud-detection as its own process (the built service under the telemetry bootstrap) through a
// Redis outage: the outage is logged once as down and once as up, and nothing lands on stderr.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  builtFile,
  eventually,
  freePort,
  startInfra,
  startRedisServer,
  uniqueName,
  type Infra,
  type LocalRedisServer,
  provisionNamespace,
} from '@shopmind/testing';

const node = join(resolve(import.meta.dirname, '../../..'), 'node_modules/.bin/node');
let infra: Infra;
let ownRedis: LocalRedisServer;

beforeAll(async () => {
  infra = await startInfra();
  ownRedis = await startRedisServer();
}, 60_000);

afterAll(async () => {
  await ownRedis?.stop();
  await infra?.stop();
});

describe('fraud-detection process', () => {
  it('logs a Redis outage once as down and once as up, with nothing on stderr', async () => {
    const port = await freePort();
    const prefix = await provisionNamespace(
      infra.natsUrl,
      uniqueName('fdp')
        .toLowerCase()
        .replace(/[^a-z0-9]/g, ''),
    );
    let stdout = '';
    let stderr = '';
    const child = spawn(
      node,
      [
        '--import',
        builtFile('dist/libs/telemetry/src/register.js'),
        builtFile('dist/services/fraud-detection/src/main.js'),
      ],
      {
        env: {
          PATH: process.env.PATH,
          NATS_URL: infra.natsUrl,
          REDIS_URL: ownRedis.url,
          HTTP_PORT: String(port),
          SHOPMIND_SUBJECT_PREFIX: prefix,
          SHOPMIND_READINESS_TIMEOUT_MS: '300',
          FRAUD_HASH_SECRET: 'process-test-secret-for-fraud',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    const readyz = async (): Promise<number> =>
      fetch(`http://127.0.0.1:${port}/readyz`)
        .then((r) => r.status)
        .catch(() => 0);
    try {
      await eventually(async () => (await readyz()) === 200, {
        timeoutMs: 20_000,
        what: 'the service ready',
      });
      await ownRedis.kill();
      await eventually(async () => (await readyz()) === 503, { what: 'readiness to see Redis down' });
      // Long enough for several reconnect attempts, each of which used to print a stack trace.
      await new Promise((r) => setTimeout(r, 2_000));
      await ownRedis.start();
      await eventually(async () => (await readyz()) === 200, { timeoutMs: 20_000, what: 'ready again' });
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
    expect(stderr).not.toContain('Unhandled error event');
    expect(stderr).toBe('');
    const changes = stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.dependency === 'redis');
    expect(changes.map((l) => l.state)).toEqual(['down', 'up']);
    expect(changes[0]).toMatchObject({
      level: 'warn',
      component: 'dependencies',
      reason: expect.any(String),
    });
    expect(changes[1]).toMatchObject({ level: 'info', component: 'dependencies' });
  }, 60_000);
});
