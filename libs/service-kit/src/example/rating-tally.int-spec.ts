// The smallest complete service (the kit README's worked example) boots on real NATS and Redis, is
// ready only while its streams are provisioned, its consumers bound, Redis answers and its own check
// passes, counts each event once, and shuts down cleanly.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { Redis } from 'ioredis';
import { Events, Streams, consumerName, prefixStream, prefixSubject } from '@shopmind/contracts';
import { provisionStreams, resolveBusOptions } from '@shopmind/bus';
import { createRedisConnection } from '@shopmind/redis';
import {
  aReviewSubmitted,
  eventually,
  expectConsumerIdle,
  formatClusterNodes,
  provisionNamespace,
  publishEvent,
  startInfra,
  startRedisCluster,
  startRedisServer,
  uniqueName,
  uniqueTenant,
  type Infra,
} from '@shopmind/testing';
import { startService, type RunningService } from '../index.js';
import { ratingTallyConfig } from './config.js';
import { ratingTally } from './rating-tally.module.js';

let infra: Infra;
let nc: NatsConnection;
let jsm: JetStreamManager;
let redis: Redis;

beforeAll(async () => {
  infra = await startInfra();
  nc = await connect({ servers: infra.natsUrl });
  jsm = await jetstreamManager(nc);
  redis = new Redis(infra.redisUrl);
});

afterAll(async () => {
  await nc?.drain();
  redis?.disconnect();
  await infra?.stop();
});

function start(prefix: string, env: Record<string, string> = {}): Promise<RunningService> {
  const config = ratingTallyConfig.load({
    NATS_URL: infra.natsUrl,
    REDIS_URL: infra.redisUrl,
    HTTP_PORT: '0',
    SHOPMIND_SUBJECT_PREFIX: prefix,
    ...env,
  });
  return startService(ratingTally, config, { listenHttp: true });
}

async function readiness(
  service: RunningService,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const url = (await service.app.getUrl()).replace('[::1]', '127.0.0.1');
  const res = await fetch(`${url}/readyz`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const durable = consumerName('rating-tally', Events.reviewSubmitted);

describe('the smallest complete service on the kit', () => {
  it('boots, is ready with every part up, counts a twice-delivered event once, and shuts down cleanly', async () => {
    const prefix = await provisionNamespace(infra.natsUrl, uniqueName('tally'));
    const service = await start(prefix, { TALLY_MIN_RATING: '2' });
    try {
      const ready = await readiness(service);
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({
        status: 'ok',
        info: {
          bus: { status: 'up', consumers: 1 },
          redis: { status: 'up' },
          llm: { status: 'up', mode: 'local-only' },
          tally: { status: 'up', minRating: 2 },
        },
      });

      const tenant = uniqueTenant('tally');
      const review = aReviewSubmitted({ envelope: { tenantId: tenant }, productId: 'p-1', rating: 4 });
      await publishEvent(nc, Events.reviewSubmitted, review, { prefix });
      // The same event again (a shop system retrying after a lost ack): a new stream message, one count.
      const again = await publishEvent(nc, Events.reviewSubmitted, review, { prefix, msgId: 'retry-1' });
      const key = `{rating-tally:${tenant}:product:p-1}:stars`;
      await eventually(async () => (await redis.hget(key, '4')) === '1', { what: 'the 4-star count' });
      await expectConsumerIdle(jsm, Streams.shopEvents.name, durable, { prefix, streamSeq: again.seq });
      expect(await redis.hget(key, '4')).toBe('1');
    } finally {
      await service.close();
    }
    expect(service.transport.connectionStatus).toBe('closed');
    // Closing twice is harmless (a signal can arrive while a test closes).
    await expect(service.close()).resolves.toBeUndefined();
  });

  it('runs on a Redis Cluster given by REDIS_CLUSTER_NODES: ready, and counts a twice-delivered event once', async () => {
    const cluster = await startRedisCluster({ replicasPerMaster: 0 });
    const clusterRedis = createRedisConnection({ kind: 'cluster', nodes: cluster.seeds });
    const prefix = await provisionNamespace(infra.natsUrl, uniqueName('tally'));
    const service = await startService(
      ratingTally,
      ratingTallyConfig.load({
        NATS_URL: infra.natsUrl,
        REDIS_CLUSTER_NODES: formatClusterNodes(cluster.seeds),
        HTTP_PORT: '0',
        SHOPMIND_SUBJECT_PREFIX: prefix,
      }),
      { listenHttp: true },
    );
    try {
      expect(await readiness(service)).toMatchObject({
        status: 200,
        body: { info: { redis: { status: 'up' } } },
      });
      const tenant = uniqueTenant('tally');
      const review = aReviewSubmitted({ envelope: { tenantId: tenant }, productId: 'p-1', rating: 5 });
      await publishEvent(nc, Events.reviewSubmitted, review, { prefix });
      const again = await publishEvent(nc, Events.reviewSubmitted, review, { prefix, msgId: 'retry-1' });
      const key = `{rating-tally:${tenant}:product:p-1}:stars`;
      await eventually(async () => (await clusterRedis.hget(key, '5')) === '1', { what: 'the 5-star count' });
      await expectConsumerIdle(jsm, Streams.shopEvents.name, durable, { prefix, streamSeq: again.seq });
      expect(await clusterRedis.hget(key, '5')).toBe('1');
      expect(await redis.exists(key)).toBe(0); // nothing went to the single server
    } finally {
      await service.close();
      await clusterRedis.quit();
      await cluster.stop();
    }
  }, 60_000);

  it('is not ready while a consumer is unbound, and ready again once the bus has re-bound it', async () => {
    const prefix = await provisionNamespace(infra.natsUrl, uniqueName('tally'));
    const service = await start(prefix);
    try {
      expect((await readiness(service)).status).toBe(200);
      await jsm.consumers.delete(prefixStream(prefix, Streams.shopEvents.name), durable);
      const down = await eventually(
        () => readiness(service),
        (r) => r.status === 503,
        { what: 'readiness to drop after the consumer was deleted' },
      );
      expect(JSON.stringify(down.body)).toContain(durable);
      await eventually(async () => (await readiness(service)).status === 200, {
        what: 'readiness once the consumer is re-created and bound',
      });
    } finally {
      await service.close();
    }
  });

  it('is up and not ready on a namespace nobody provisioned, naming the stream and `shopmind provision`; ready by itself once provisioned, then counts an event', async () => {
    const prefix = uniqueName('tally');
    const shopEvents = prefixStream(prefix, Streams.shopEvents.name);
    const service = await start(prefix, { SHOPMIND_BUS_VERIFY_RETRY_MS: '100' });
    try {
      const url = (await service.app.getUrl()).replace('[::1]', '127.0.0.1');
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const down = await readiness(service);
      expect(down.status).toBe(503);
      const reason = String((down.body as { error: { bus: { message: string } } }).error.bus.message);
      expect(reason).toContain(`stream ${shopEvents} does not exist`);
      expect(reason).toContain('shopmind provision');
      // The service checked, and created nothing: the stream is the admin's to create.
      await expect(jsm.streams.info(shopEvents)).rejects.toThrow(/stream not found/);

      await provisionStreams(
        jsm,
        resolveBusOptions({ service: 'admin', natsUrl: infra.natsUrl, subjectPrefix: prefix }),
      );
      await eventually(async () => (await readiness(service)).status === 200, {
        what: 'readiness once the streams are provisioned',
      });
      const tenant = uniqueTenant('tally');
      const review = aReviewSubmitted({ envelope: { tenantId: tenant }, productId: 'p-2', rating: 5 });
      const ack = await publishEvent(nc, Events.reviewSubmitted, review, { prefix });
      await expectConsumerIdle(jsm, Streams.shopEvents.name, durable, { prefix, streamSeq: ack.seq });
      expect(await redis.hget(`{rating-tally:${tenant}:product:p-2}:stars`, '5')).toBe('1');
    } finally {
      await service.close();
    }
  });

  it('is not ready naming the subject its stream does not capture, and binds nothing', async () => {
    const prefix = uniqueName('tally');
    const shopEvents = prefixStream(prefix, Streams.shopEvents.name);
    // An older or hand-made stream: it captures orders but not the reviews this service reads.
    await jsm.streams.add({ name: shopEvents, subjects: [prefixSubject(prefix, 'shop.*.order.placed')] });
    const service = await start(prefix, { SHOPMIND_BUS_VERIFY_RETRY_MS: '100' });
    try {
      const down = await readiness(service);
      expect(down.status).toBe(503);
      const reason = JSON.stringify(down.body);
      expect(reason).toContain(
        `stream ${shopEvents} does not capture ${prefixSubject(prefix, Events.reviewSubmitted.filter)}`,
      );
      expect(reason).toContain('shopmind provision');
      expect(service.transport.unboundConsumers).toEqual([durable]);
      await expect(jsm.consumers.info(shopEvents, durable)).rejects.toThrow(/consumer not found/);
    } finally {
      await service.close();
      await jsm.streams.delete(shopEvents);
    }
  });

  it('is not ready while Redis does not answer within the readiness timeout, live all along', async () => {
    const ownRedis = await startRedisServer();
    const prefix = await provisionNamespace(infra.natsUrl, uniqueName('tally'));
    const service = await start(prefix, { REDIS_URL: ownRedis.url, SHOPMIND_READINESS_TIMEOUT_MS: '200' });
    try {
      expect((await readiness(service)).status).toBe(200);
      await ownRedis.kill();
      const down = await readiness(service);
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ status: 'error', error: { redis: { status: 'down' } } });
      const url = (await service.app.getUrl()).replace('[::1]', '127.0.0.1');
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      await ownRedis.start();
      await eventually(async () => (await readiness(service)).status === 200, {
        what: 'readiness after Redis is back',
      });
    } finally {
      await service.close();
      await ownRedis.stop();
    }
  });
});
