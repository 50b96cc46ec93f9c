// The edge as deployed, for tests: nats-server with the shipped nats.conf + auth.conf (streams
// provisioned by admin), a redis-server with the `edge` ACL rule of deploy/redis/start.sh, and the
// edge logged in as the NATS user `edge` and the Redis user `edge`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { startService, type RunningService } from '@shopmind/service-kit';
import { provisionNamespace, repoRoot, startRedisServer, type LocalRedisServer } from '@shopmind/testing';
import { Redis } from 'ioredis';
import { edgeConfig } from '../../services/edge/src/config.js';
import { edge } from '../../services/edge/src/tools.js';
import { startShippedNats, type NatsAuthFixture } from './nats-auth-fixture.js';

const REDIS_EDGE_PASSWORD = 'redis-edge-password-0123';

/** The `--user edge …` rule of deploy/redis/start.sh, with the password filled in. */
function shippedRedisEdgeAcl(): string[] {
  const script = readFileSync(join(repoRoot(), 'deploy/redis/start.sh'), 'utf8');
  const line = /--user edge (.+?)\s*\\?\n/.exec(script)?.[1];
  if (!line) throw new Error('deploy/redis/start.sh has no `--user edge` rule');
  return [...line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) =>
    (m[1] ?? m[2] ?? m[3]!).replace('$REDIS_EDGE_PASSWORD', REDIS_EDGE_PASSWORD),
  );
}

export interface ShippedEdge {
  nats: NatsAuthFixture;
  redis: LocalRedisServer;
  /** Redis as its default user, to look at what the edge wrote. */
  admin: Redis;
  /** NATS as `admin`. */
  nc: NatsConnection;
  service: RunningService;
  /** The edge's HTTP address. */
  url: string;
  /** Stops everything; `service` may already be closed by the test. */
  stop(options?: { serviceClosed?: boolean }): Promise<void>;
}

/** `tenants` is the edge's EDGE_TENANTS (API key hashes, webhook secrets per shop). */
export async function startShippedEdge(tenants: Record<string, unknown>): Promise<ShippedEdge> {
  const nats = await startShippedNats([]);
  const admin = { user: 'admin', password: nats.password('admin') };
  await provisionNamespace(nats.server.url, '', admin);
  const redis = await startRedisServer();
  const redisAdmin = new Redis(redis.url);
  await redisAdmin.call('ACL', 'SETUSER', 'edge', ...shippedRedisEdgeAcl());
  const nc = await connect({ servers: nats.server.url, user: admin.user, pass: admin.password });
  const service = await startService(
    edge,
    edgeConfig.load({
      NATS_URL: nats.server.url,
      NATS_USER: 'edge',
      NATS_PASSWORD: nats.password('edge'),
      REDIS_URL: redis.url,
      REDIS_USERNAME: 'edge',
      REDIS_PASSWORD: REDIS_EDGE_PASSWORD,
      HTTP_PORT: '0',
      EDGE_TENANTS: JSON.stringify(tenants),
    }),
  );
  const url = (await service.app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    nats,
    redis,
    admin: redisAdmin,
    nc,
    service,
    url,
    stop: async ({ serviceClosed = false } = {}) => {
      if (!serviceClosed) await service.close();
      await nc.close();
      redisAdmin.disconnect();
      await redis.stop();
      await nats.server.stop();
    },
  };
}
