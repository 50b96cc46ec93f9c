// Starts nats-server (JetStream) and redis-server for the local platform, keeping their data under
// .shopmind/ between runs. Used only when NATS_URL / REDIS_URL are not configured.
import { spawn, type ChildProcess, execFileSync } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { join } from 'node:path';

export interface LocalServer {
  readonly name: string;
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

function hasBinary(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Prints the exact install command and exits when a server binary is missing. */
export function requireBinaries(names: string[]): void {
  const missing = names.filter((n) => !hasBinary(n));
  if (missing.length === 0) return;
  const packages = missing.join(' ');
  console.error(
    `ShopMind needs ${packages} to run locally. Install with:\n  sudo apt-get install -y ${packages}\n` +
      'or point NATS_URL and REDIS_URL at servers you already run.',
  );
  process.exit(1);
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** `preferred` when it is free, else any free port. */
export async function freePort(preferred: number): Promise<number> {
  if (await portIsFree(preferred)) return preferred;
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPort(
  port: number,
  child: ChildProcess,
  name: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${name} exited with code ${child.exitCode} before accepting connections`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${name} did not accept connections on port ${port} within ${timeoutMs} ms`);
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      child.once('exit', () => (clearTimeout(timer), resolve()));
      child.kill('SIGTERM');
    });
}

export async function startLocalNats(dataDir: string): Promise<LocalServer> {
  const port = await freePort(4222);
  const storeDir = join(dataDir, 'nats');
  mkdirSync(storeDir, { recursive: true });
  const child = spawn('nats-server', ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir], {
    stdio: ['ignore', 'ignore', openSync(join(dataDir, 'nats-server.log'), 'a')],
    detached: true, // own process group: Ctrl-C reaches the launcher, which stops the services first
  });
  await waitForPort(port, child, 'nats-server');
  return { name: 'nats-server', url: `nats://127.0.0.1:${port}`, pid: child.pid!, stop: stopper(child) };
}

export async function startLocalRedis(dataDir: string): Promise<LocalServer> {
  const port = await freePort(6379);
  const dir = join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', ''],
    { stdio: ['ignore', openSync(join(dataDir, 'redis-server.log'), 'a'), 'ignore'], detached: true },
  );
  await waitForPort(port, child, 'redis-server');
  return { name: 'redis-server', url: `redis://127.0.0.1:${port}`, pid: child.pid!, stop: stopper(child) };
}
