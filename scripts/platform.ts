// `npm start`: the whole ShopMind platform on one machine. Starts nats-server and redis-server when
// NATS_URL / REDIS_URL are not set (data kept in .shopmind/), starts every implemented service and
// the HTTP edge (the demo shop's API key kept in the data directory, printed at the end),
// replays a small demo set of shop events, prints what the services answer, and runs until Ctrl-C
// (or SIGTERM, or the terminal closing). What it started is recorded in <data dir>/platform.json: a
// second start finds a running platform and says so, and a reaper process stops everything when
// the launcher dies without doing it (reaper.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  freePort,
  requireBinaries,
  startLocalNats,
  startLocalRedis,
  type LocalServer,
} from './platform/local-servers.js';
import { replayDemo } from './platform/demo.js';
import { EDGE_DEMO_FILE, edgeDemoCredentials, edgeTenantsJson } from './platform/edge-demo.js';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { busConnectionOptions, provisionStreams, resolveBusOptions } from '@shopmind/bus';
import { serviceEnvSchema, serviceSettingsOf } from '@shopmind/service-kit';
import {
  clearState,
  isAlive,
  readState,
  stopRecorded,
  writeState,
  type RunningProcess,
} from './platform/platform-state.js';
import { readPlatformEnv, type PlatformEnv } from './platform/platform-settings.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
let env: PlatformEnv;
try {
  env = readPlatformEnv(process.env);
} catch (err) {
  console.error(`ShopMind: ${(err as Error).message}`);
  process.exit(64);
}
/** SHOPMIND_SERVICES=a,b runs only those (comma-separated), e.g. to try one service. */
const SERVICES = env.SHOPMIND_SERVICES;
const tenant = env.SHOPMIND_DEMO_TENANT;
const dataDir = resolve(root, env.SHOPMIND_DATA_DIR);

const servers: LocalServer[] = [];
const children = new Map<string, ChildProcess>();
const recorded: RunningProcess[] = [];
let stopping = false;

function record(p: RunningProcess): void {
  recorded.push(p);
  writeState(dataDir, { launcher: process.pid, processes: recorded });
}

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
    clearState(dataDir);
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

/** Refuses to start beside a running platform; stops what a launcher that died left behind. */
async function takeOver(): Promise<void> {
  const earlier = readState(dataDir);
  if (earlier && earlier.launcher !== process.pid && isAlive(earlier.launcher)) {
    console.error(`ShopMind is already running (launcher pid ${earlier.launcher}, data in ${dataDir}):`);
    for (const p of earlier.processes) console.error(`  ${p.name} (pid ${p.pid}) ${p.at}`);
    console.error(`Stop it with Ctrl-C in its terminal or \`kill ${earlier.launcher}\`, then start again.`);
    process.exit(1);
  }
  if (earlier?.processes.length) {
    console.log('ShopMind: stopping what an earlier run left behind…');
    await stopRecorded(earlier.processes);
  }
  mkdirSync(dataDir, { recursive: true });
  writeState(dataDir, { launcher: process.pid, processes: [] });
  spawn(
    process.execPath,
    [join(root, 'dist', 'scripts', 'platform', 'reaper.js'), String(process.pid), dataDir],
    {
      stdio: 'ignore',
      detached: true,
    },
  ).unref();
}

/**
 * Creates or widens the streams with the stream settings the services are given (the environment's
 * SHOPMIND_STREAM_* and subject prefix), as the admin NATS user when NATS_ADMIN_PASSWORD is set.
 */
async function provision(natsUrl: string): Promise<void> {
  const settings = serviceSettingsOf(serviceEnvSchema({ httpPort: 0 }).parse(cleanEnv()));
  const admin = env.NATS_ADMIN_PASSWORD ? { user: 'admin', password: env.NATS_ADMIN_PASSWORD } : {};
  const options = resolveBusOptions({
    service: 'provision',
    natsUrl,
    connectionName: 'shopmind-provision',
    subjectPrefix: settings.subjectPrefix,
    replicas: settings.bus.replicas,
    retention: settings.bus.retention,
    tlsCaFile: settings.nats.tlsCaFile,
    ...admin,
  });
  const nc = await connect(busConnectionOptions({ ...options, service: undefined }));
  try {
    await provisionStreams(await jetstreamManager(nc), options);
  } finally {
    await nc.close();
  }
  console.log(`ShopMind: streams provisioned on ${natsUrl}`);
}

/** The environment without empty variables (as the services read it). */
function cleanEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''),
  );
}

async function main(): Promise<void> {
  // A closed terminal: stdout and stderr fail (EIO) while the platform is being stopped.
  process.stdout.on('error', () => undefined);
  process.stderr.on('error', () => undefined);
  await takeOver();
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stopAll(0));

  let natsUrl = env.NATS_URL;
  let redisUrl = env.REDIS_URL;
  // A Redis Cluster or Sentinels are given to the services as they are (REDIS_URL stays unset).
  const redisElsewhere = !!(redisUrl || env.REDIS_CLUSTER_NODES || env.REDIS_SENTINELS);
  requireBinaries([...(natsUrl ? [] : ['nats-server']), ...(redisElsewhere ? [] : ['redis-server'])]);
  if (!natsUrl) {
    const nats = await startLocalNats(dataDir);
    servers.push(nats);
    record({ name: nats.name, pid: nats.pid, at: nats.url, kind: 'server' });
    natsUrl = nats.url;
    console.log(`ShopMind: nats-server (JetStream) on ${natsUrl}, data in ${join(dataDir, 'nats')}`);
  }
  if (!redisElsewhere) {
    const redis = await startLocalRedis(dataDir);
    servers.push(redis);
    record({ name: redis.name, pid: redis.pid, at: redis.url, kind: 'server' });
    redisUrl = redis.url;
    console.log(`ShopMind: redis-server on ${redisUrl}, data in ${join(dataDir, 'redis')}`);
  }
  if (!env.OPENAI_API_KEY && !env.LLM_PROVIDERS) {
    console.log('ShopMind: no LLM provider configured — every answer comes from the embedded local models');
  }

  // The admin step: services only verify the streams (docs/decisions/permission-model.md).
  await provision(natsUrl);

  let preferred = env.SHOPMIND_BASE_HTTP_PORT;
  const started: Array<{ name: string; port: number }> = [];
  const startProcess = (name: string, port: number, extraEnv: Record<string, string> = {}): void => {
    const entry = join(root, 'dist', 'services', name, 'src', 'main.js');
    const child = spawn(
      process.execPath,
      ['--import', join(root, 'dist', 'libs', 'telemetry', 'src', 'register.js'), entry],
      {
        env: {
          ...process.env,
          NATS_URL: natsUrl,
          ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
          HTTP_PORT: String(port),
          OTEL_SERVICE_NAME: name,
          LOG_LEVEL: env.LOG_LEVEL,
          ...extraEnv,
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
    record({ name, pid: child.pid!, at: `http://127.0.0.1:${port}/healthz`, kind: 'service' });
  };
  for (const name of SERVICES) {
    if (!existsSync(join(root, 'dist', 'services', name, 'src', 'main.js'))) continue;
    const port = await freePort(preferred++);
    startProcess(name, port);
    started.push({ name, port });
  }
  // The HTTP edge: the demo shop's API key and webhook secret are kept in the data directory.
  const edgeCredentials = edgeDemoCredentials(dataDir, tenant);
  const edgePort = await freePort(env.SHOPMIND_EDGE_HTTP_PORT);
  startProcess('edge', edgePort, { EDGE_TENANTS: edgeTenantsJson(tenant, edgeCredentials) });
  for (const { name, port: p } of [...started, { name: 'edge', port: edgePort }]) {
    await waitReady(name, p, children.get(name)!);
    console.log(`ShopMind: ${name} ready — http://127.0.0.1:${p}/healthz`);
  }

  await replayDemo({ natsUrl, tenant, services: started.map((s) => s.name) });
  const edgeUrl = `http://127.0.0.1:${edgePort}`;
  console.log(`\n── HTTP edge (the console, webhooks and the HTTP API)`);
  console.log(
    `  address:  ${edgeUrl}  (API ${edgeUrl}/api/v1/…, webhooks ${edgeUrl}/webhooks/<platform>/${tenant})`,
  );
  console.log(`  console:  ${edgeUrl}/console/  (sign in with the API key below)`);
  console.log(`  OpenAPI:  ${edgeUrl}/api/openapi.json`);
  console.log(`  API key of ${tenant}: ${edgeCredentials.apiKey}`);
  console.log(`  generic webhook secret of ${tenant}: ${edgeCredentials.webhookSecret}`);
  console.log(`  (both kept in ${join(dataDir, EDGE_DEMO_FILE)}; try:`);
  console.log(
    `   EDGE_URL=${edgeUrl} SHOP=${tenant} KEY=${edgeCredentials.apiKey} bash examples/07-http-api.sh)`,
  );
  console.log(
    '\nShopMind is running. Publish your own events on shop.<tenant>.<domain>.<event>; Ctrl-C stops everything.',
  );
}

main().catch(async (err: unknown) => {
  console.error(`ShopMind: ${err instanceof Error ? err.message : String(err)}`);
  await stopAll(1);
});
