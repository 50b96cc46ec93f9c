// One call gives a test NATS (JetStream) and Redis: from the environment, from containers, or
// from local binaries — in that order — and one clear error when none of them works.
import {
  containerRuntimeProblem,
  startNatsContainer,
  startRedisContainer,
  type StartedServer,
} from './container-infra.js';
import { InfraUnavailableError } from './infra-unavailable-error.js';
import { findExecutable } from './local-server-process.js';
import { startNatsServer } from './nats-server.js';
import { startRedisCluster } from './redis-cluster.js';
import { startRedisServer } from './redis-server.js';
import {
  formatClusterNodes,
  parseClusterNodes,
  testRedisMode,
  type RedisNodeAddress,
  type TestRedisSpec,
} from './test-redis.js';

export interface Infra {
  natsUrl: string;
  /** With a Redis Cluster (`SHOPMIND_TEST_REDIS=cluster`), the first seed node's URL. */
  redisUrl: string;
  /** The Redis to connect to, single server or cluster: `connectTestRedis(infra.redis)`. */
  redis: TestRedisSpec;
  /** Where each server came from, e.g. `{ nats: 'env', redis: 'local' }`. */
  sources: { nats: InfraSource; redis: InfraSource };
  /** Stops what this call started (nothing for URLs taken from the environment) and removes temp files. */
  stop(): Promise<void>;
}

export type InfraSource = 'env' | 'containers' | 'local';

export interface InfraOptions {
  /**
   * Ways to try, in order. Default: `SHOPMIND_TEST_INFRA` (comma-separated, e.g. `local`) or
   * `env,containers,local`.
   */
  sources?: InfraSource[];
}

const ALL_SOURCES: InfraSource[] = ['env', 'containers', 'local'];

function configuredSources(): InfraSource[] {
  const raw = process.env.SHOPMIND_TEST_INFRA;
  if (!raw) return ALL_SOURCES;
  const picked = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const wrong = picked.filter((s) => !ALL_SOURCES.includes(s as InfraSource));
  if (wrong.length) {
    throw new InfraUnavailableError(
      `SHOPMIND_TEST_INFRA has unknown source(s) ${wrong.join(', ')}; use ${ALL_SOURCES.join(', ')}`,
    );
  }
  return picked as InfraSource[];
}

type Part = 'nats' | 'redis';
const ENV_VAR: Record<Part, string> = { nats: 'NATS_URL', redis: 'REDIS_URL' };
const BINARY: Record<Part, string> = { nats: 'nats-server', redis: 'redis-server' };

export async function startInfra(options: InfraOptions = {}): Promise<Infra> {
  const sources = options.sources ?? configuredSources();
  const redisMode = testRedisMode();
  const started: StartedServer[] = [];
  const problems: string[] = [];
  const got: Partial<Record<Part, { url: string; source: InfraSource; nodes?: RedisNodeAddress[] }>> = {};
  // SHOPMIND_TEST_REDIS=cluster: REDIS_CLUSTER_NODES, or a local Redis Cluster (no container for it).
  const clusterFromEnv = (): void => {
    const value = process.env.REDIS_CLUSTER_NODES;
    if (!value) {
      problems.push('REDIS_CLUSTER_NODES is not set');
      return;
    }
    const nodes = parseClusterNodes(value);
    got.redis = { url: `redis://${formatClusterNodes(nodes.slice(0, 1))}`, source: 'env', nodes };
  };
  const startLocalCluster = async (): Promise<void> => {
    const cluster = await startRedisCluster();
    started.push({ url: '', stop: () => cluster.stop() });
    got.redis = {
      url: `redis://${formatClusterNodes(cluster.seeds.slice(0, 1))}`,
      source: 'local',
      nodes: cluster.seeds,
    };
  };
  const missing = (): Part[] => (['nats', 'redis'] as Part[]).filter((p) => !got[p]);

  try {
    for (const source of sources) {
      if (!missing().length) break;
      if (source === 'env') {
        for (const part of missing()) {
          if (part === 'redis' && redisMode === 'cluster') {
            clusterFromEnv();
            continue;
          }
          const url = process.env[ENV_VAR[part]];
          if (url) got[part] = { url, source };
          else problems.push(`${ENV_VAR[part]} is not set`);
        }
      } else if (source === 'containers') {
        const problem = await containerRuntimeProblem();
        if (problem) {
          problems.push(`Testcontainers: ${problem}`);
          continue;
        }
        for (const part of missing()) {
          if (part === 'redis' && redisMode === 'cluster') {
            problems.push(
              'Testcontainers: no Redis Cluster container (SHOPMIND_TEST_REDIS=cluster runs local binaries)',
            );
            continue;
          }
          const server = await (part === 'nats' ? startNatsContainer() : startRedisContainer());
          started.push(server);
          got[part] = { url: server.url, source };
        }
      } else {
        // Check every binary first so the message names all that are missing, not just the first.
        const absent = missing().filter(
          (part) => !findExecutable(process.env[`${part.toUpperCase()}_SERVER_BIN`] ?? BINARY[part]),
        );
        if (absent.length) {
          problems.push(`local binaries: ${absent.map((p) => BINARY[p]).join(' and ')} not found on PATH`);
          continue;
        }
        for (const part of missing()) {
          if (part === 'redis' && redisMode === 'cluster') {
            await startLocalCluster();
            continue;
          }
          const server = part === 'nats' ? await startNatsServer() : await startRedisServer();
          started.push(server);
          got[part] = { url: server.url, source };
        }
      }
    }
  } catch (err) {
    await Promise.allSettled(started.map((s) => s.stop()));
    throw err;
  }

  const { nats, redis } = got;
  if (!nats || !redis) {
    await Promise.allSettled(started.map((s) => s.stop()));
    const need = missing().map((p) => BINARY[p]);
    throw new InfraUnavailableError(
      `ShopMind's integration tests need ${missing()
        .map((p) => (p === 'nats' ? 'NATS with JetStream' : 'Redis'))
        .join(' and ')}, ` +
        `and no way to get them worked (${problems.join('; ')}). ` +
        `Install ${need.join(' and ')} (Debian/Ubuntu: \`sudo apt-get install -y ${need.join(' ')}\`), ` +
        `or start a Docker engine, or set ${missing()
          .map((p) => ENV_VAR[p])
          .join(' and ')}.`,
    );
  }
  return {
    natsUrl: nats.url,
    redisUrl: redis.url,
    redis: redis.nodes
      ? { mode: 'cluster', url: redis.url, nodes: redis.nodes }
      : { mode: 'single', url: redis.url },
    sources: { nats: nats.source, redis: redis.source },
    stop: async () => {
      await Promise.all(started.map((s) => s.stop()));
    },
  };
}
