// A local redis-server for tests, on a free port, in a temporary folder; without persistence unless
// asked (then with an append-only file, as deploy/redis/redis.conf runs it, so a crash loses nothing).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalServerProcess } from './local-server-process.js';
import { freePort } from './tcp-port.js';

export interface RedisServerOptions {
  /** Binary to run; default `$REDIS_SERVER_BIN` or `redis-server` from PATH. */
  binary?: string;
  /** Extra command-line arguments, e.g. `['--maxmemory', '10mb']`. */
  args?: string[];
  /**
   * Keep the data across `kill()` / `start()`: an append-only file (`appendfsync everysec`, as
   * deploy/redis/redis.conf). Redis writes the file before it replies, so even a SIGKILL keeps
   * every acknowledged write. Default false: a restarted server is empty.
   */
  persistent?: boolean;
}

export interface LocalRedisServer {
  /** `redis://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** Stops the server for good and removes its folder. */
  stop(): Promise<void>;
  /** Stops the process but keeps the port, for "Redis is down" tests. Data is lost unless `persistent`. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts a killed server again on the same port (empty, or with its data when `persistent`). */
  start(): Promise<void>;
  restart(signal?: NodeJS.Signals): Promise<void>;
}

export const REDIS_INSTALL_HINT =
  'Install it (Debian/Ubuntu: `sudo apt-get install -y redis-server`), or set REDIS_URL to a Redis server you run.';

export async function startRedisServer(options: RedisServerOptions = {}): Promise<LocalRedisServer> {
  const dir = await mkdtemp(join(tmpdir(), 'shopmind-redis-'));
  const binary = options.binary ?? process.env.REDIS_SERVER_BIN ?? 'redis-server';
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const server = new LocalServerProcess({
      binary,
      args: [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        options.persistent ? 'yes' : 'no',
        ...(options.persistent ? ['--appendfsync', 'everysec'] : []),
        '--dir',
        dir,
        ...(options.args ?? []),
      ],
      port,
      readyLine: /Ready to accept connections/,
      installHint: REDIS_INSTALL_HINT,
    });
    try {
      await server.start();
    } catch (err) {
      const portClash = /address already in use/i.test(server.recentOutput);
      if (portClash && attempt < 3) continue;
      await rm(dir, { recursive: true, force: true });
      throw err;
    }
    return {
      url: `redis://127.0.0.1:${port}`,
      port,
      stop: async () => {
        await server.kill();
        await rm(dir, { recursive: true, force: true });
      },
      kill: (signal) => server.kill(signal),
      start: () => server.start(),
      restart: async (signal) => {
        await server.kill(signal);
        await server.start();
      },
    };
  }
}
