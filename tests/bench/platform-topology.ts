// Where the platform bench runs: a single nats-server and redis-server (startInfra, or NATS_URL /
// REDIS_URL), or a 3-node NATS cluster with streams of 3 replicas and a Redis Cluster of 3 masters
// and 3 replicas (`--cluster`); and how the two runs' figures are set side by side.
import {
  startInfra,
  startNatsCluster,
  startRedisCluster,
  type LocalNatsCluster,
  type LocalRedisCluster,
} from '@shopmind/testing';
import { round } from './bench-kit.js';

export type Topology = 'single' | 'cluster';

export interface BenchInfra {
  /** What it is, for the figures: e.g. `3 NATS nodes, Redis Cluster 3+3`. */
  describe: string;
  natsServers: string[];
  /** The services' Redis settings. */
  redis: { REDIS_URL: string } | { REDIS_CLUSTER_NODES: string };
  streamReplicas: number;
  stop(): Promise<void>;
}

export async function startTopology(topology: Topology): Promise<BenchInfra> {
  if (topology === 'single') {
    const infra = await startInfra();
    return {
      describe: 'single nats-server and redis-server',
      natsServers: [infra.natsUrl],
      redis: { REDIS_URL: infra.redisUrl },
      streamReplicas: 1,
      stop: () => infra.stop(),
    };
  }
  let nats: LocalNatsCluster | undefined;
  let redis: LocalRedisCluster | undefined;
  try {
    [nats, redis] = await Promise.all([startNatsCluster({ nodes: 3 }), startRedisCluster({ masters: 3 })]);
  } catch (err) {
    await Promise.allSettled([nats?.stop(), redis?.stop()]);
    throw err;
  }
  return {
    describe: '3-node NATS cluster (streams R3), Redis Cluster of 3 masters + 3 replicas',
    natsServers: nats.urls,
    redis: { REDIS_CLUSTER_NODES: redis.seeds.map((s) => `${s.host}:${s.port}`).join(',') },
    streamReplicas: 3,
    stop: async () => {
      await Promise.allSettled([nats.stop(), redis.stop()]);
    },
  };
}

interface ServiceFigures {
  handled_per_s_in_window: number;
  p50_ms: number;
  p99_ms: number;
  cpu_ms_per_message: number;
  rss_peak_mb: number;
}

/** The figures of one platform run (its JSON), as far as the comparison reads them. */
export interface PlatformFigures {
  services: Record<string, ServiceFigures>;
  drain_seconds: number;
  nats_server_cpu_ms_per_s: number | null;
  redis_cpu_ms_per_s: number | null;
  ok: boolean;
  [figure: string]: unknown;
}

const SERVICE_FIGURES = [
  'handled_per_s_in_window',
  'p50_ms',
  'p99_ms',
  'cpu_ms_per_message',
  'rss_peak_mb',
] as const;
const PLATFORM_FIGURES = ['drain_seconds', 'nats_server_cpu_ms_per_s', 'redis_cpu_ms_per_s'] as const;

const ratio = (cluster: number | null | undefined, single: number | null | undefined): number | null =>
  typeof cluster === 'number' && typeof single === 'number' && single !== 0
    ? round(cluster / single, 2)
    : null;

/** cluster ÷ single for every compared figure, per service and for the platform. */
export function clusterVsSingle(single: PlatformFigures, cluster: PlatformFigures): Record<string, unknown> {
  return {
    services: Object.fromEntries(
      Object.keys(single.services).map((name) => [
        name,
        Object.fromEntries(
          SERVICE_FIGURES.map((f) => [f, ratio(cluster.services[name]?.[f], single.services[name]?.[f])]),
        ),
      ]),
    ),
    ...Object.fromEntries(PLATFORM_FIGURES.map((f) => [f, ratio(cluster[f], single[f])])),
  };
}

/** A Markdown table: each figure on a single node, on the cluster, and cluster ÷ single. */
export function comparisonTable(single: PlatformFigures, cluster: PlatformFigures): string {
  const rows: string[][] = [];
  for (const name of Object.keys(single.services))
    for (const f of SERVICE_FIGURES)
      rows.push([
        `${name} ${f}`,
        String(single.services[name]?.[f] ?? '-'),
        String(cluster.services[name]?.[f] ?? '-'),
        String(ratio(cluster.services[name]?.[f], single.services[name]?.[f]) ?? '-'),
      ]);
  for (const f of PLATFORM_FIGURES)
    rows.push([
      f,
      String(single[f] ?? '-'),
      String(cluster[f] ?? '-'),
      String(ratio(cluster[f], single[f]) ?? '-'),
    ]);
  rows.push(['checks ok', String(single.ok), String(cluster.ok), '']);
  const header = ['figure', 'single', 'cluster', 'cluster/single'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  return [
    line(header),
    `| ${widths.map((w, i) => (i === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`,
    ...rows.map(line),
  ].join('\n');
}
