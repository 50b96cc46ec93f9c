// A stream with three replicas on a three-node NATS cluster survives the SIGKILL of its leader.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { jetstream, jetstreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { eventually, startNatsCluster, uniqueName, type LocalNatsCluster } from '@shopmind/testing';

let cluster: LocalNatsCluster;
let nc: NatsConnection;

beforeAll(async () => {
  cluster = await startNatsCluster({ nodes: 3 });
  nc = await connect({ servers: cluster.urls, reconnectTimeWait: 100, maxReconnectAttempts: -1 });
}, 60_000);

afterAll(async () => {
  await nc?.close();
  await cluster?.stop();
});

describe('startNatsCluster', () => {
  it('starts three routed servers that agree on one JetStream meta leader', async () => {
    expect(cluster.urls).toHaveLength(3);
    const leaders = await Promise.all(cluster.nodes.map((n) => n.metaLeader()));
    expect(new Set(leaders).size).toBe(1);
    expect(cluster.nodes.map((n) => n.name)).toContain(leaders[0]);
    // Each client connection learns the other servers from the cluster.
    expect(nc.info?.connect_urls?.length ?? 0).toBeGreaterThanOrEqual(2);
  });

  it('keeps a replicas-3 stream writable through the SIGKILL of its leader, and the node catches up', async () => {
    const stream = uniqueName('R3').replace(/-/g, '_');
    const subject = `${stream.toLowerCase()}.events`;
    const jsm = await jetstreamManager(nc, { timeout: 5000 });
    await jsm.streams.add({
      name: stream,
      subjects: [`${stream.toLowerCase()}.>`],
      num_replicas: 3,
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
    });
    const js = jetstream(nc, { timeout: 5000 });
    for (let i = 0; i < 20; i++) await js.publish(subject, `before-${i}`, { msgID: `before-${i}` });

    const leader = await eventually(() => cluster.streamLeader(stream), { what: `a leader of ${stream}` });
    await leader.kill('SIGKILL');

    const successor = await eventually(
      async () => {
        const l = await cluster.streamLeader(stream);
        return l && l !== leader ? l : undefined;
      },
      { timeoutMs: 30_000, what: `a new leader of ${stream}` },
    );
    expect(successor.running).toBe(true);

    // Publishing continues (a publish may have to wait for the client to reconnect or the election to end).
    for (let i = 0; i < 20; i++) {
      await eventually(() => js.publish(subject, `after-${i}`, { msgID: `after-${i}` }), {
        timeoutMs: 20_000,
        what: `publish after-${i}`,
      });
    }
    const info = await jsm.streams.info(stream);
    expect(info.state.messages).toBe(40);

    // The killed node comes back with its store and catches up with what it missed.
    await leader.start();
    await cluster.waitUntilReady();
    const caughtUp = await eventually(
      async () => {
        const i = await jsm.streams.info(stream);
        const replica = i.cluster?.replicas?.find((r) => r.name === leader.name);
        return replica?.current && !replica.offline ? i : undefined;
      },
      { timeoutMs: 30_000, what: `${leader.name} to be current again in ${stream}` },
    );
    expect(caughtUp.cluster?.replicas).toHaveLength(2);
    expect(caughtUp.state.messages).toBe(40);
  }, 120_000);
});
