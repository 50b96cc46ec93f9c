// The cluster suite's first step: both clusters start, and a client of each works end to end
// (ioredis `Cluster`; a nats.js connection that lists all three servers).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import calculateSlot from 'cluster-key-slot';
import { Cluster } from 'ioredis';
import {
  startNatsCluster,
  startRedisCluster,
  uniqueName,
  type LocalNatsCluster,
  type LocalRedisCluster,
} from '@shopmind/testing';

let nats: LocalNatsCluster;
let redis: LocalRedisCluster;
const opened: NatsConnection[] = [];
let cluster: Cluster;

beforeAll(async () => {
  [nats, redis] = await Promise.all([startNatsCluster({ nodes: 3 }), startRedisCluster({ masters: 3 })]);
  cluster = new Cluster(redis.seeds);
}, 90_000);

afterAll(async () => {
  cluster?.disconnect();
  await Promise.all(opened.map((nc) => nc.close()));
  await Promise.all([nats?.stop(), redis?.stop()]);
});

describe('cluster smoke', () => {
  it('carries an event through a replicated stream on the NATS cluster into the Redis Cluster', async () => {
    // A client that knows every server, as the services are configured (NATS_URL with three URLs).
    const nc = await connect({ servers: nats.urls });
    opened.push(nc);
    // Core NATS crosses the routes: a subscriber on the last node hears a publisher on the first.
    const onLast = await connect({ servers: nats.urls[2] });
    opened.push(onLast);
    const heard = onLast.subscribe('smoke.ping', { max: 1 });
    await onLast.flush();
    const onFirst = await connect({ servers: nats.urls[0] });
    opened.push(onFirst);
    onFirst.publish('smoke.ping', 'hello');
    for await (const m of heard) expect(m.string()).toBe('hello');

    const stream = uniqueName('SMOKE').replace(/-/g, '_');
    const jsm = await jetstreamManager(nc, { timeout: 5000 });
    await jsm.streams.add({ name: stream, subjects: [`${stream}.>`], num_replicas: 3 });
    const info = await jsm.streams.info(stream);
    expect(info.cluster?.replicas).toHaveLength(2);
    expect(await nats.streamLeader(stream)).toBeDefined();

    const js = jetstream(nc, { timeout: 5000 });
    const ids = Array.from({ length: 10 }, (_, i) => `order-${i}`);
    for (const id of ids) await js.publish(`${stream}.orders`, id, { msgID: id });
    await jsm.consumers.add(stream, { durable_name: 'smoke', ack_policy: AckPolicy.Explicit });
    const consumer = await js.consumers.get(stream, 'smoke');

    // Each event is stored under its own key: keys spread over the cluster's slots and masters.
    const prefix = uniqueName('smoke');
    const messages = await consumer.fetch({ max_messages: ids.length, expires: 5000 });
    for await (const m of messages) {
      await cluster.set(`${prefix}:${m.string()}`, String(m.seq));
      m.ack();
      if (m.info.pending === 0) break;
    }
    const stored = await Promise.all(ids.map((id) => cluster.get(`${prefix}:${id}`)));
    expect(stored).toEqual(ids.map((_, i) => String(i + 1)));
    const masters = new Set(
      await Promise.all(ids.map(async (id) => (await redis.masterOf(`${prefix}:${id}`)).port)),
    );
    expect(masters.size).toBeGreaterThan(1);
    expect(new Set(ids.map((id) => calculateSlot(`${prefix}:${id}`))).size).toBeGreaterThan(1);
  }, 60_000);
});
