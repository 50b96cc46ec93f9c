// The edge as deployed: logged in as the NATS user `edge` of the shipped auth.conf and as the Redis
// ACL user `edge` of deploy/redis/start.sh, it becomes ready (JetStream info, the SHOP_EVENTS check
// and the shared stray sweeper are all allowed), publishes a webhook's event and waits for its PubAck
// on its own inbox, dead-letters a malformed one on dlq.edge.<platform>, and writes its Redis mark.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Events, Streams } from '@shopmind/contracts';
import { startService, type RunningService } from '@shopmind/service-kit';
import { provisionNamespace, repoRoot, startRedisServer, type LocalRedisServer } from '@shopmind/testing';
import { Redis } from 'ioredis';
import { edgeConfig } from '../../services/edge/src/config.js';
import { edge } from '../../services/edge/src/edge.module.js';
import { sign } from '../../services/edge/src/webhooks/webhook-signature.js';
import { startShippedNats, type NatsAuthFixture } from './nats-auth-fixture.js';

const TENANT = 'edge-shipped';
const SECRET = 'generic-secret-0123456789abcdef';
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

let fx: NatsAuthFixture;
let redisServer: LocalRedisServer;
let admin: Redis;
let nc: NatsConnection;
let service: RunningService;
let url: string;

beforeAll(async () => {
  fx = await startShippedNats([]);
  await provisionNamespace(fx.server.url, '', { user: 'admin', password: fx.password('admin') });
  redisServer = await startRedisServer();
  admin = new Redis(redisServer.url);
  await admin.call('ACL', 'SETUSER', 'edge', ...shippedRedisEdgeAcl());
  nc = await connect({ servers: fx.server.url, user: 'admin', pass: fx.password('admin') });
  service = await startService(
    edge,
    edgeConfig.load({
      NATS_URL: fx.server.url,
      NATS_USER: 'edge',
      NATS_PASSWORD: fx.password('edge'),
      REDIS_URL: redisServer.url,
      REDIS_USERNAME: 'edge',
      REDIS_PASSWORD: REDIS_EDGE_PASSWORD,
      HTTP_PORT: '0',
      EDGE_TENANTS: JSON.stringify({ [TENANT]: { webhook: { secret: SECRET } } }),
    }),
  );
  url = (await service.app.getUrl()).replace('[::1]', '127.0.0.1');
});

afterAll(async () => {
  await service?.close();
  await nc?.close();
  admin?.disconnect();
  await redisServer?.stop();
  await fx?.server.stop();
});

const post = (body: string) =>
  fetch(`${url}/webhooks/generic/${TENANT}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-ShopMind-Signature': sign.hex(SECRET, body) },
    body,
  });

describe('the edge as shipped', () => {
  it('is ready as the NATS user edge and the Redis user edge', async () => {
    const ready = await fetch(`${url}/readyz`);
    expect([ready.status, await ready.json()]).toMatchObject([200, { status: 'ok' }]);
  });

  it('publishes a webhook’s event (PubAck on its inbox), marks it in Redis under edge:*, and dead-letters a malformed one', async () => {
    const body = JSON.stringify({
      id: 'shipped-1',
      type: 'review.submitted',
      data: { reviewId: 'r-1', productId: 'p-1', userId: 'u-1', rating: 4 },
    });
    const res = await post(body);
    expect([res.status, await res.json()]).toMatchObject([200, { status: 'published' }]);
    const jsm = await jetstreamManager(nc);
    const stored = await jsm.streams.getMessage(Streams.shopEvents.name, {
      last_by_subj: Events.reviewSubmitted.subject(TENANT),
    });
    expect(stored?.header?.get('Nats-Msg-Id')).toBe(`generic:${TENANT}:shipped-1`);
    expect(await admin.exists(`edge:webhook:generic:${TENANT}:shipped-1`)).toBe(1);

    const bad = JSON.stringify({ id: 'shipped-2', type: 'review.submitted', data: { rating: 4 } });
    expect((await post(bad)).status).toBe(422);
    const dead = await jsm.streams.getMessage(Streams.deadLetters.name, { last_by_subj: 'dlq.edge.generic' });
    expect(new TextDecoder().decode(dead!.data)).toBe(bad);
  });
});
