// `npm start`: the whole ShopMind platform on one machine. Starts nats-server and redis-server when
// NATS_URL / REDIS_URL are not set (data kept in .shopmind/), starts every implemented service,
// replays a small demo set of shop events, prints what the services answer, and runs until Ctrl-C.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  requireBinaries,
  startLocalNats,
  startLocalRedis,
  type LocalServer,
} from './platform/local-servers.js';
import { replayDemo } from './platform/demo.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SERVICES = [
  'review-sentiment',
  'product-copy',
  'knowledge-graph',
  'fraud-detection',
  'recommendation',
  'customer-service',
];
const tenant = process.env.SHOPMIND_DEMO_TENANT ?? 'demo';

const servers: LocalServer[] = [];
const children = new Map<string, ChildProcess>();
let stopping = false;

async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    console.log('\nShopMind: stopping services…');
    await Promise.all(
      [...children.entries()].map(
        ([name, child]) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
            child.once('exit', () => {
              clearTimeout(timer);
              console.log(`  ${name} stopped`);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
    for (const server of servers.reverse()) {
      await server.stop();
      console.log(`  ${server.name} stopped`);
    }
  }
  process.exit(code);
}

async function waitReady(name: string, port: number, child: ChildProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${name} exited with code ${child.exitCode} during start-up`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name} was not ready on :${port}/readyz within ${timeoutMs} ms`);
}

async function main(): Promise<void> {
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  const dataDir = process.env.SHOPMIND_DATA_DIR ?? join(root, '.shopmind');
  let natsUrl = process.env.NATS_URL;
  let redisUrl = process.env.REDIS_URL;
  requireBinaries([...(natsUrl ? [] : ['nats-server']), ...(redisUrl ? [] : ['redis-server'])]);
  if (!natsUrl) {
    const nats = await startLocalNats(dataDir);
    servers.push(nats);
    natsUrl = nats.url;
    console.log(`ShopMind: nats-server (JetStream) on ${natsUrl}, data in ${join(dataDir, 'nats')}`);
  }
  if (!redisUrl) {
    const redis = await startLocalRedis(dataDir);
    servers.push(redis);
    redisUrl = redis.url;
    console.log(`ShopMind: redis-server on ${redisUrl}, data in ${join(dataDir, 'redis')}`);
  }
  if (!process.env.OPENAI_API_KEY && !process.env.LLM_PROVIDERS) {
    console.log('ShopMind: no LLM provider configured — every answer comes from the embedded local models');
  }

  let port = Number(process.env.SHOPMIND_BASE_HTTP_PORT ?? 8081);
  const started: Array<{ name: string; port: number }> = [];
  for (const name of SERVICES) {
    const entry = join(root, 'dist', 'services', name, 'src', 'main.js');
    if (!existsSync(entry)) continue;
    const child = spawn(
      process.execPath,
      ['--import', join(root, 'dist', 'libs', 'telemetry', 'src', 'register.js'), entry],
      {
        env: {
          ...process.env,
          NATS_URL: natsUrl,
          REDIS_URL: redisUrl,
          HTTP_PORT: String(port),
          OTEL_SERVICE_NAME: name,
          LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
        },
        stdio: ['ignore', 'inherit', 'inherit'],
        detached: true, // Ctrl-C goes to the launcher only; it stops services before NATS and Redis
      },
    );
    child.once('exit', (code, signal) => {
      if (!stopping) {
        console.error(`ShopMind: ${name} exited unexpectedly (${signal ?? code}); stopping`);
        void stopAll(1);
      }
    });
    children.set(name, child);
    started.push({ name, port });
    port++;
  }
  for (const { name, port: p } of started) {
    await waitReady(name, p, children.get(name)!);
    console.log(`ShopMind: ${name} ready — http://127.0.0.1:${p}/healthz`);
  }

  await replayDemo({ natsUrl, tenant, services: started.map((s) => s.name) });
  console.log(
    '\nShopMind is running. Publish your own events on shop.<tenant>.<domain>.<event>; Ctrl-C stops everything.',
  );
}

main().catch(async (err: unknown) => {
  console.error(`ShopMind: ${err instanceof Error ? err.message : String(err)}`);
  await stopAll(1);
});
