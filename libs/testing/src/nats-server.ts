// A local nats-server with JetStream for tests, on a free port with its own temporary store.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalServerProcess } from './local-server-process.js';
import { freePort } from './tcp-port.js';

export interface NatsServerOptions {
  /** Binary to run; default `$NATS_SERVER_BIN` or `nats-server` from PATH. */
  binary?: string;
  /** Extra command-line arguments. */
  args?: string[];
  /**
   * A configuration to run instead of the test default, e.g. the shipped deploy/nats/nats.conf:
   * its `store_dir` is moved into the temporary store, its `port` and `http_port` are replaced by
   * the command line (a free client port, no monitoring port).
   */
  config?: string;
  /** Files written beside the configuration, so that its `include`s find them (e.g. auth.conf). */
  files?: Record<string, string>;
  /** Environment for nats-server (the passwords the configuration refers to). */
  env?: Record<string, string>;
}

/** A shipped configuration adapted to a test: its own store, no fixed ports. */
function adaptConfig(config: string, storeDir: string): string {
  return config
    .replace(/^(\s*store_dir\s*[:=]\s*).*$/m, `$1${JSON.stringify(storeDir)}`)
    .replace(/^\s*(port|http_port|http|monitor_port)\s*[:=].*$/gm, '');
}

export interface LocalNatsServer {
  /** `nats://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** JetStream store directory; survives `kill()`/`restart()`, removed by `stop()`. */
  storeDir: string;
  /** Stops the server for good and removes its store. */
  stop(): Promise<void>;
  /** Stops the process (default SIGTERM; SIGKILL for a crash) but keeps port and store. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts a killed server again on the same port with the same store. */
  start(): Promise<void>;
  /** `kill()` then `start()`: streams, consumers and stored messages are still there. */
  restart(signal?: NodeJS.Signals): Promise<void>;
}

export const NATS_INSTALL_HINT =
  'Install it (Debian/Ubuntu: `sudo apt-get install -y nats-server`; or a release from https://github.com/nats-io/nats-server/releases), ' +
  'or set NATS_URL to a NATS server with JetStream enabled.';

export async function startNatsServer(options: NatsServerOptions = {}): Promise<LocalNatsServer> {
  const storeDir = await mkdtemp(join(tmpdir(), 'shopmind-nats-'));
  // Streams reserve their max_bytes against the server's storage limit, which by default follows the
  // free disk. Tests create many uniquely named streams with production-sized limits and write little,
  // so give the test server a limit far above what any run reserves.
  const configFile = join(storeDir, 'test-server.conf');
  await writeFile(
    configFile,
    options.config === undefined
      ? `jetstream { store_dir: ${JSON.stringify(storeDir)}, max_file_store: 100TB, max_memory_store: 1GB }\n`
      : adaptConfig(options.config, join(storeDir, 'jetstream')),
  );
  for (const [name, text] of Object.entries(options.files ?? {})) await writeFile(join(storeDir, name), text);
  const binary = options.binary ?? process.env.NATS_SERVER_BIN ?? 'nats-server';
  // The port may be taken between probing and binding; a second free port fixes that rare race.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const server = new LocalServerProcess({
      binary,
      args: ['-c', configFile, '-js', '-a', '127.0.0.1', '-p', String(port), ...(options.args ?? [])],
      port,
      readyLine: /Server is ready/,
      installHint: NATS_INSTALL_HINT,
      env: options.env,
    });
    try {
      await server.start();
    } catch (err) {
      const portClash = /address already in use/i.test(server.recentOutput);
      if (portClash && attempt < 3) continue;
      await rm(storeDir, { recursive: true, force: true });
      throw err;
    }
    return {
      url: `nats://127.0.0.1:${port}`,
      port,
      storeDir,
      stop: async () => {
        await server.kill();
        await rm(storeDir, { recursive: true, force: true });
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
