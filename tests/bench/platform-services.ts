// The six services as the image runs them (their own processes from dist/, NODE_ENV=production, the
// telemetry bootstrap first, the local tier: no LLM settings), each replica with its own HTTP port,
// all on one subject namespace of one NATS and Redis (single servers, or a NATS cluster and a Redis
// Cluster). Metrics go to the bench's OTLP sink (traces
// are not exported), with `service.instance.id` = `<service>#<replica>`, so each replica's counts
// can be told apart. Their resident memory is sampled every second.
import type { ChildProcess } from 'node:child_process';
import { eventually, freePort, provisionNamespace } from '@shopmind/testing';
import { child, cpuMsOf, imageEnvironment, rssOf, stop } from './bench-kit.js';

export const SERVICES = [
  'recommendation',
  'customer-service',
  'product-copy',
  'review-sentiment',
  'knowledge-graph',
  'fraud-detection',
] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface Replica {
  service: ServiceName;
  /** `<service>#<n>`, the `service.instance.id` of its metrics. */
  instance: string;
  process: ChildProcess;
  httpPort: number;
  rssPeak: number;
  /** The first RSS sample of each minute, by seconds since sampling began (growth over a soak). */
  rssAt: Map<number, number>;
}

export interface PlatformOptions {
  /** NATS_URL: one URL, or every server of a cluster comma-separated. */
  natsUrl: string;
  /** `{ REDIS_URL }` (a single server) or `{ REDIS_CLUSTER_NODES }` (a Redis Cluster). */
  redis: { REDIS_URL: string } | { REDIS_CLUSTER_NODES: string };
  /** Replicas of every stream and durable consumer (SHOPMIND_STREAM_REPLICAS); default 1. */
  streamReplicas?: number;
  prefix: string;
  replicas: number;
  metricsEndpoint: string;
  metricsIntervalMs: number;
}

export class PlatformProcesses {
  private sampler?: NodeJS.Timeout;
  private samplingSince = 0;

  private constructor(readonly replicas: Replica[]) {}

  static async start(o: PlatformOptions): Promise<PlatformProcesses> {
    const replicas: Replica[] = [];
    const platform = new PlatformProcesses(replicas);
    // Services only verify the streams: provision them first, as the admin step would.
    await provisionNamespace(o.natsUrl, o.prefix, { replicas: o.streamReplicas ?? 1 });
    try {
      for (const service of SERVICES)
        for (let n = 1; n <= o.replicas; n++) {
          const httpPort = await freePort();
          const instance = `${service}#${n}`;
          const env: NodeJS.ProcessEnv = {
            PATH: process.env.PATH,
            HOME: process.env.HOME,
            // NODE_ENV=production and the image's V8 settings (NODE_OPTIONS), as deployed.
            ...imageEnvironment(),
            NATS_URL: o.natsUrl,
            ...o.redis,
            SHOPMIND_STREAM_REPLICAS: String(o.streamReplicas ?? 1),
            HTTP_PORT: String(httpPort),
            SHOPMIND_SUBJECT_PREFIX: o.prefix,
            LOG_LEVEL: 'warn',
            // Production requires them; bench values, as an operator's secrets would be.
            FRAUD_HASH_SECRET: 'bench-fraud-hash-secret-0123456789',
            SUPPORT_SUBJECT_SECRET: 'bench-support-subject-secret-0123456789',
            OTEL_SERVICE_NAME: service,
            OTEL_RESOURCE_ATTRIBUTES: `service.instance.id=${instance}`,
            OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: o.metricsEndpoint,
            OTEL_METRIC_EXPORT_INTERVAL: String(o.metricsIntervalMs),
            OTEL_TRACES_EXPORTER: 'none',
          };
          const p = child(
            ['--import', './dist/libs/telemetry/src/register.js', `dist/services/${service}/src/main.js`],
            env,
            2, // its log lines (warn and above) on the bench's stderr
          );
          replicas.push({ service, instance, process: p, httpPort, rssPeak: 0, rssAt: new Map() });
        }
      // Started together, ready one by one (they share two cores while they load).
      for (const r of replicas)
        await eventually(
          async () => {
            if (r.process.exitCode !== null) throw new Error(`${r.instance} exited (${r.process.exitCode})`);
            return (await fetch(`http://127.0.0.1:${r.httpPort}/readyz`)).ok;
          },
          { timeoutMs: 90_000, intervalMs: 200, what: `${r.instance} ready` },
        );
      return platform;
    } catch (err) {
      await platform.stop();
      throw err;
    }
  }

  of(service: ServiceName): Replica[] {
    return this.replicas.filter((r) => r.service === service);
  }

  /** The first replica that has exited, if any (a crash under load). */
  exited(): Replica | undefined {
    return this.replicas.find((r) => r.process.exitCode !== null || r.process.signalCode !== null);
  }

  /** CPU time (ms) used so far by the service's replicas together. */
  cpuMs(service: ServiceName): number {
    return this.of(service).reduce((sum, r) => sum + (cpuMsOf(r.process.pid) ?? NaN), 0);
  }

  /** Starts sampling RSS every second: peaks, and one sample per whole minute for growth. */
  sampleMemory(): void {
    this.samplingSince = performance.now();
    const sample = () => {
      const minute = Math.floor((performance.now() - this.samplingSince) / 60_000);
      for (const r of this.replicas) {
        const rss = rssOf(r.process.pid);
        if (!Number.isFinite(rss)) continue;
        r.rssPeak = Math.max(r.rssPeak, rss);
        if (!r.rssAt.has(minute * 60)) r.rssAt.set(minute * 60, rss);
      }
    };
    sample();
    this.sampler = setInterval(sample, 1000);
  }

  /** The RSS sample nearest to `seconds` after sampling began. */
  rssNear(r: Replica, seconds: number): number {
    let best = NaN;
    let distance = Infinity;
    for (const [s, rss] of r.rssAt)
      if (Math.abs(s - seconds) < distance) [best, distance] = [rss, Math.abs(s - seconds)];
    return best;
  }

  async stop(): Promise<void> {
    clearInterval(this.sampler);
    await Promise.all(this.replicas.map((r) => stop(r.process)));
  }
}
