// The whole platform as production runs it, for chaos tests: its own nats-server (JetStream store
// kept across a SIGKILL) and redis-server (append-only file, as deployed), the fake OpenAI server
// failing every call, and the six services as child processes of the built code (`npm start`'s
// command), each one's readiness read from its /readyz. Everything can be killed and started again.
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import {
  builtFile,
  eventually,
  freePort,
  repoRoot,
  startFakeOpenAi,
  startNatsServer,
  startRedisServer,
  type FakeOpenAiServer,
  type LocalNatsServer,
  type LocalRedisServer,
  provisionNamespace,
} from '@shopmind/testing';

export const SERVICES = [
  'review-sentiment',
  'product-copy',
  'knowledge-graph',
  'fraud-detection',
  'recommendation',
  'customer-service',
] as const;
export type ServiceName = (typeof SERVICES)[number];

/** Generous: six Node processes start at once on two shared cores. */
const READY_TIMEOUT_MS = 120_000;

interface RunningChild {
  process: ChildProcess;
  port: number;
  output: string[];
}

export class ChaosPlatform {
  private readonly children = new Map<ServiceName, RunningChild>();
  /** Exits nobody asked for: a service that crashed or restarted by itself. */
  readonly unexpectedExits: string[] = [];
  private readonly expectedExit = new Set<ChildProcess>();

  private constructor(
    readonly nats: LocalNatsServer,
    readonly redis: LocalRedisServer,
    readonly llm: FakeOpenAiServer,
    /** The test's own client (reconnects forever, so it rides out a NATS restart). */
    readonly nc: NatsConnection,
    readonly jsm: JetStreamManager,
  ) {}

  static async start(): Promise<ChaosPlatform> {
    const nats = await startNatsServer();
    const redis = await startRedisServer({ persistent: true });
    const llm = await startFakeOpenAi();
    llm.setDefaultReply({ kind: 'error', status: 503, message: 'provider down' });
    const nc = await connect({
      servers: nats.url,
      name: 'chaos-shop',
      maxReconnectAttempts: -1,
      reconnectTimeWait: 200,
    });
    const platform = new ChaosPlatform(nats, redis, llm, nc, await jetstreamManager(nc));
    try {
      // Services only verify the streams: provision them first, as `shopmind provision` would.
      await provisionNamespace(nats.url, '');
      for (const name of SERVICES) await platform.startService(name);
      await platform.waitAllReady();
    } catch (err) {
      await platform.stop();
      throw err;
    }
    return platform;
  }

  /** Process ids by service: unchanged ids mean no service restarted. */
  pids(): Record<ServiceName, number> {
    return Object.fromEntries(SERVICES.map((s) => [s, this.children.get(s)?.process.pid ?? -1])) as Record<
      ServiceName,
      number
    >;
  }

  async startService(name: ServiceName): Promise<void> {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [
        '--import',
        builtFile('dist/libs/telemetry/src/register.js'),
        builtFile(`dist/services/${name}/src/main.js`),
      ],
      {
        cwd: repoRoot(),
        env: {
          ...process.env,
          NATS_URL: this.nats.url,
          REDIS_URL: this.redis.url,
          HTTP_PORT: String(port),
          OTEL_SERVICE_NAME: name,
          LOG_LEVEL: 'warn',
          FRAUD_HASH_SECRET: 'chaos-suite-identifier-secret',
          LLM_PROVIDERS: JSON.stringify([
            { name: 'fake', kind: 'openai-compatible', baseURL: this.llm.baseURL, model: 'fake-model' },
          ]),
          LLM_MAX_RETRIES: '0',
          LLM_TIMEOUT_MS: '2000',
          // Keep the breaker closed so every call really reaches the failing provider.
          LLM_BREAKER_MIN_RPS: '1000',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const output: string[] = [];
    const keep = (d: Buffer): void => {
      output.push(...d.toString('utf8').split('\n').filter(Boolean));
      if (output.length > 400) output.splice(0, output.length - 200);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    child.once('exit', (code, signal) => {
      if (!this.expectedExit.delete(child)) {
        this.unexpectedExits.push(
          `${name} (pid ${child.pid}) exited ${signal ?? code}:\n${output.slice(-15).join('\n')}`,
        );
      }
    });
    this.children.set(name, { process: child, port, output });
  }

  /** Kills a service (SIGKILL by default: a crash) and waits until it is gone. */
  async killService(name: ServiceName, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const running = this.children.get(name);
    if (!running || running.process.exitCode !== null || running.process.signalCode !== null) return;
    this.expectedExit.add(running.process);
    const exited = new Promise((resolve) => running.process.once('exit', resolve));
    running.process.kill(signal);
    await exited;
    this.children.delete(name);
  }

  async isReady(name: ServiceName): Promise<boolean> {
    const running = this.children.get(name);
    if (!running) return false;
    try {
      const res = await fetch(`http://127.0.0.1:${running.port}/readyz`, {
        signal: AbortSignal.timeout(2000),
      });
      return res.ok;
    } catch {
      return false;
    }
  }

  /** Every service answers 200 on /readyz — by itself, nobody restarts it. */
  async waitAllReady(timeoutMs = READY_TIMEOUT_MS): Promise<void> {
    await eventually(
      async () => {
        const ready = await Promise.all(SERVICES.map((s) => this.isReady(s)));
        return ready.every(Boolean);
      },
      { timeoutMs, intervalMs: 250, what: `every service ready; ${this.describe()}` },
    );
  }

  /** What each service wrote last and any unexpected exit, for failure messages. */
  describe(): string {
    const lines = SERVICES.map((s) => {
      const c = this.children.get(s);
      return `${s}: pid ${c?.process.pid ?? '-'}; last output: ${c?.output.slice(-3).join(' | ') ?? '-'}`;
    });
    return [...lines, ...this.unexpectedExits].join('\n');
  }

  async stop(): Promise<void> {
    await Promise.all(SERVICES.map((s) => this.killService(s, 'SIGTERM')));
    await this.nc.close().catch(() => undefined);
    await this.llm.stop();
    await this.redis.stop();
    await this.nats.stop();
  }
}
