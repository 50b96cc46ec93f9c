// The bus's result store on a single redis-server and on a local Redis Cluster: one event's result
// claimed once, and a subject's results (spread over every node of a cluster) erased together.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createRedisConnection, isRedisCluster, type RedisConnection } from '@shopmind/redis';
import {
  type LocalRedisCluster,
  type LocalRedisServer,
  startRedisCluster,
  startRedisServer,
  uniqueName,
} from '@shopmind/testing';
import { ResultStore } from './result-store.js';

let server: LocalRedisServer;
let cluster: LocalRedisCluster;
const connections: Record<string, RedisConnection> = {};

beforeAll(async () => {
  [server, cluster] = await Promise.all([startRedisServer(), startRedisCluster({ replicasPerMaster: 0 })]);
  connections['a single server'] = createRedisConnection({ kind: 'single', url: server.url });
  connections['a Redis Cluster'] = createRedisConnection({ kind: 'cluster', nodes: cluster.seeds });
}, 60_000);

afterAll(async () => {
  await Promise.all(Object.values(connections).map((c) => c.quit()));
  await Promise.all([server?.stop(), cluster?.stop()]);
});

const encoded = (text: string) => ({ data: new TextEncoder().encode(text), contentType: 'application/json' });

describe.each(['a single server', 'a Redis Cluster'])('ResultStore on %s', (topology) => {
  let store: ResultStore;
  let redis: RedisConnection;
  beforeAll(() => {
    redis = connections[topology]!;
    store = new ResultStore(redis, { service: 'results-test', ttlSeconds: 600 });
  });

  it('keeps the first result claimed for an event and says where the stream stored it', async () => {
    const ref = { tenant: uniqueName('t'), causeEventId: uniqueName('e'), kind: 'review.analysed' };
    const first = await store.claim(ref, encoded('{"rating":1}'));
    expect(new TextDecoder().decode(first.data)).toBe('{"rating":1}');
    await store.markPublished(ref, { stream: 'AI_RESULTS', seq: 7 });
    const again = await store.claim(ref, encoded('{"rating":5}'));
    expect(new TextDecoder().decode(again.data)).toBe('{"rating":1}');
    expect(again.storedAt).toEqual({ stream: 'AI_RESULTS', seq: 7 });
  });

  it("erases every result listed under a subject, whichever node holds each, and the subject's index", async () => {
    const tenant = uniqueName('t');
    const refs = Array.from({ length: 30 }, (_, i) => ({
      tenant,
      causeEventId: uniqueName(`e${i}`),
      kind: 'review.analysed',
    }));
    for (const ref of refs) {
      await store.index(ref, ['customer-1']);
      await store.claim(ref, encoded('{}'));
    }
    if (isRedisCluster(redis)) {
      // The results really are spread: each master holds some.
      const holding = await Promise.all(
        redis.nodes('master').map(async (node) => {
          const held = await Promise.all(refs.map((r) => node.exists(store.key(r)).catch(() => 0)));
          return held.filter(Boolean).length;
        }),
      );
      expect(holding.filter((n) => n > 0).length).toBe(3);
    }
    expect(await store.eraseSubject(tenant, 'customer-1')).toBe(30);
    expect(await Promise.all(refs.map((r) => redis.exists(store.key(r))))).toEqual(refs.map(() => 0));
    expect(await redis.exists(store.indexKey(tenant, 'customer-1'))).toBe(0);
    expect(await store.eraseSubject(tenant, 'customer-1')).toBe(0);
  });
});
