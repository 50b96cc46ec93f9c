// The six services as production runs them (child processes of the built code, `npm start`'s
// command) against a NATS and a Redis the caller started (single servers or clusters), with the
// fake OpenAI server failing every call; each one's readiness read from its /readyz. Shared by the
// chaos suite (ChaosPlatform) and the cluster suite: a service can be killed and started again.
import { spawn, type ChildProcess } from 'node:child_process';
import { builtFile, eventually, freePort, repoRoot } from '@shopmind/testing';

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

/** Where the services find NATS and Redis, as their settings say it. */
export interface FleetEndpoints {
  /** NATS_URL: one URL or every server of a cluster, comma-separated. */
  natsUrl: string;
  /** `{ REDIS_URL }` for a single server, `{ REDIS_CLUSTER_NODES }` for a Redis Cluster. */
  redis: { REDIS_URL: string } | { REDIS_CLUSTER_NODES: string };
  /** Base URL of the (failing) fake OpenAI server. */
  llmBaseUrl: string;
  /** SHOPMIND_STREAM_REPLICAS; default 1. */
  streamReplicas?: number;
}

/** Where the services are reached from the test's environment: never inherited by a child. */
const ENDPOINT_SETTINGS = [
  'NATS_URL',
  'REDIS_URL',
  'REDIS_CLUSTER_NODES',
  'REDIS_SENTINELS',
  'REDIS_SENTINEL_NAME',
] as const;

interface RunningChild {
  process: ChildProcess;
  port: number;
  output: string[];
}

export class ServiceFleet {
  private readonly children = new Map<ServiceName, RunningChild>();
  /** Exits nobody asked for: a service that crashed or restarted by itself. */
  readonly unexpectedExits: string[] = [];
  private readonly expectedExit = new Set<ChildProcess>();

  constructor(private readonly endpoints: FleetEndpoints) {}

  /** Starts every service and waits until each is ready; stops them all when one never is. */
  async startAll(): Promise<void> {
    try {
      for (const name of SERVICES) await this.startService(name);
      await this.waitAllReady();
    } catch (err) {
      await this.stop();
      throw err;
    }
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
    const inherited = { ...process.env };
    for (const setting of ENDPOINT_SETTINGS) delete inherited[setting];
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
          ...inherited,
          NATS_URL: this.endpoints.natsUrl,
          ...this.endpoints.redis,
          SHOPMIND_STREAM_REPLICAS: String(this.endpoints.streamReplicas ?? 1),
          HTTP_PORT: String(port),
          OTEL_SERVICE_NAME: name,
          LOG_LEVEL: 'warn',
          FRAUD_HASH_SECRET: 'chaos-suite-identifier-secret',
          LLM_PROVIDERS: JSON.stringify([
            {
              name: 'fake',
              kind: 'openai-compatible',
              baseURL: this.endpoints.llmBaseUrl,
              model: 'fake-model',
            },
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

  /** The last lines a service wrote (warnings and errors: LOG_LEVEL=warn). */
  outputOf(name: ServiceName): string[] {
    return [...(this.children.get(name)?.output ?? [])];
  }

  async stop(): Promise<void> {
    await Promise.all(SERVICES.map((s) => this.killService(s, 'SIGTERM')));
  }
}
