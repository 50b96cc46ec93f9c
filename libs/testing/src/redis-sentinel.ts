// A local Redis Sentinel setup for tests: a master, its replica and one sentinel watching them
// (quorum 1), redis-server processes on loopback ports in one temporary folder, waited for until
// the replica's link to the master is up and the sentinel names the master.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { InfraUnavailableError } from './infra-unavailable-error.js';
import { LocalServerProcess } from './local-server-process.js';
import { REDIS_INSTALL_HINT } from './redis-server.js';
import { freePort } from './tcp-port.js';

export interface RedisSentinelOptions {
  /** The master's name the sentinel monitors (what clients ask for); default `shopmind`. */
  name?: string;
  /** `sentinel down-after-milliseconds`; default 1000. */
  downAfterMs?: number;
  /** Binary; default `$REDIS_SERVER_BIN` or `redis-server` from PATH. */
  binary?: string;
  /** How long to wait for the replica's link and the sentinel's view; default 20 s. */
  readyTimeoutMs?: number;
}

export interface LocalRedisSentinel {
  /** The monitored master's name. */
  name: string;
  /** The sentinels' `{ host, port }`, for `new Redis({ sentinels, name })`. */
  sentinels: { host: string; port: number }[];
  masterPort: number;
  replicaPort: number;
  /** Stops every process and removes the folder. */
  stop(): Promise<void>;
}

/** Starts one redis-server on a free port, another one if the port was taken meanwhile. */
async function startOn(
  binary: string,
  args: (port: number) => string[],
): Promise<{ server: LocalServerProcess; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const server = new LocalServerProcess({
      binary,
      args: args(port),
      port,
      installHint: REDIS_INSTALL_HINT,
    });
    try {
      await server.start();
      return { server, port };
    } catch (err) {
      if (/address already in use/i.test(server.recentOutput) && attempt < 3) continue;
      throw err;
    }
  }
}

async function ask(port: number, ...command: [string, ...(string | number)[]]): Promise<unknown> {
  const r = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 1 });
  r.on('error', () => undefined);
  try {
    return await r.call(...command);
  } finally {
    r.disconnect();
  }
}

export async function startRedisSentinel(options: RedisSentinelOptions = {}): Promise<LocalRedisSentinel> {
  const name = options.name ?? 'shopmind';
  const binary = options.binary ?? process.env.REDIS_SERVER_BIN ?? 'redis-server';
  const timeoutMs = options.readyTimeoutMs ?? 20_000;
  const dir = await mkdtemp(join(tmpdir(), 'shopmind-redis-sentinel-'));
  const processes: LocalServerProcess[] = [];
  const stop = async (): Promise<void> => {
    await Promise.allSettled(processes.map((p) => p.kill('SIGKILL')));
    await rm(dir, { recursive: true, force: true });
  };
  const server = (port: number): string[] => [
    ...['--port', String(port), '--bind', '127.0.0.1'],
    ...['--save', '', '--appendonly', 'no', '--dir', dir],
  ];
  const until = async (what: string, check: () => Promise<boolean>): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check().catch(() => false))) {
      if (Date.now() > deadline)
        throw new InfraUnavailableError(`Redis Sentinel: ${what} not within ${timeoutMs} ms`);
      await sleep(50);
    }
  };

  try {
    const master = await startOn(binary, server);
    processes.push(master.server);
    const replica = await startOn(binary, (port) => [
      ...server(port),
      ...['--replicaof', '127.0.0.1', String(master.port)],
    ]);
    processes.push(replica.server);
    await until('the replica linked to its master', async () =>
      String(await ask(replica.port, 'INFO', 'replication')).includes('master_link_status:up'),
    );
    // A sentinel rewrites its configuration file, so it gets one of its own (its port comes from the
    // command line).
    const conf = join(dir, 'sentinel.conf');
    await writeFile(
      conf,
      [
        'bind 127.0.0.1',
        `sentinel monitor ${name} 127.0.0.1 ${master.port} 1`,
        `sentinel down-after-milliseconds ${name} ${options.downAfterMs ?? 1000}`,
        '',
      ].join('\n'),
    );
    const sentinel = await startOn(binary, (port) => [conf, '--sentinel', '--port', String(port)]);
    processes.push(sentinel.server);
    await until('the sentinel naming the master', async () => {
      const addr = (await ask(sentinel.port, 'SENTINEL', 'GET-MASTER-ADDR-BY-NAME', name)) as string[] | null;
      return addr?.[1] === String(master.port);
    });
    return {
      name,
      sentinels: [{ host: '127.0.0.1', port: sentinel.port }],
      masterPort: master.port,
      replicaPort: replica.port,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
