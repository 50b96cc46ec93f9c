// Stream and consumer provisioning on a real nats-server. Streams: the admin step (`shopmind
// provision`, rerun on every deploy); consumers: every replica at start-up. Both must create what is
// missing, update what exists to the configuration, and never fail on a rerun.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import { AckPolicy, jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { Events, Streams } from '@shopmind/contracts';
import { captureLog } from '@shopmind/telemetry/testing';
import { startInfra, uniqueName, type Infra } from '@shopmind/testing';
import { resolveBusOptions, type BusOptions } from './bus-options.js';
import { prefixStream, prefixSubject } from './naming.js';
import { provisionConsumer, provisionStreams } from './topology.js';

const HOUR_MS = 60 * 60 * 1000;
const MIB = 1024 * 1024;

let infra: Infra;
let nc: NatsConnection;
let jsm: JetStreamManager;

beforeAll(async () => {
  infra = await startInfra();
  nc = await connect({ servers: infra.natsUrl, name: 'topology-test' });
  jsm = await jetstreamManager(nc);
});

afterAll(async () => {
  await nc?.drain();
  await infra?.stop();
});

function options(prefix: string, overrides: Partial<BusOptions> = {}) {
  return resolveBusOptions({
    service: 'topology-test',
    natsUrl: infra.natsUrl,
    subjectPrefix: prefix,
    ...overrides,
  });
}

describe('provisionStreams', () => {
  it('creates the three streams with the configured retention and updates them in place when it changes', async () => {
    const prefix = uniqueName('topo');
    await provisionStreams(
      jsm,
      options(prefix, { retention: { maxAgeMs: 2 * HOUR_MS, maxBytes: 64 * MIB } }),
    );
    for (const s of [Streams.shopEvents, Streams.aiResults, Streams.deadLetters]) {
      const { config } = await jsm.streams.info(prefixStream(prefix, s.name));
      expect(config).toMatchObject({
        subjects: s.subjects.map((subject) => prefixSubject(prefix, subject)),
        storage: 'file',
        retention: 'limits',
        discard: 'old',
        max_age: nanos(2 * HOUR_MS),
        max_bytes: 64 * MIB,
      });
    }

    // A second replica starting, or a redeploy with new limits: no error, the limits follow.
    await provisionStreams(
      jsm,
      options(prefix, { retention: { maxAgeMs: 2 * HOUR_MS, maxBytes: 64 * MIB } }),
    );
    await provisionStreams(jsm, options(prefix, { retention: { maxAgeMs: HOUR_MS, maxBytes: 32 * MIB } }));
    const { config } = await jsm.streams.info(prefixStream(prefix, Streams.shopEvents.name));
    expect(config).toMatchObject({ max_age: nanos(HOUR_MS), max_bytes: 32 * MIB });
  });
});

/** The inbound event subjects of the contract, in a namespace: what SHOP_EVENTS must capture. */
const inboundSubjects = (prefix: string) =>
  Object.values(Events)
    .filter((e) => e.direction === 'inbound')
    .map((e) => prefixSubject(prefix, e.filter));

const shopSubjects = async (prefix: string) =>
  (await jsm.streams.info(prefixStream(prefix, Streams.shopEvents.name))).config.subjects ?? [];

describe('SHOP_EVENTS subjects', () => {
  it('refuses a JetStream publish on a subject no contract event has, so the publisher learns at once', async () => {
    const prefix = uniqueName('topo');
    await provisionStreams(jsm, options(prefix));
    const js = jetstream(nc);
    const unknown = [
      'shop.acme.review.deleted',
      'shop.acme.order.placed.v2',
      'shop.a.b.review.submitted',
      'shop.acme',
    ];
    const stored: string[] = [];
    for (const subject of unknown) {
      const ack = await js
        .publish(prefixSubject(prefix, subject), '{}', { timeout: 2000 })
        .catch(() => undefined);
      if (ack) stored.push(subject);
    }
    expect(stored).toEqual([]);
    const known = await js.publish(prefixSubject(prefix, Events.reviewSubmitted.subject('acme')), '{}');
    expect(known.seq).toBe(1);
  });

  it('replaces a legacy shop.> with the contract subjects once, and logs it once', async () => {
    const prefix = uniqueName('topo');
    const stream = prefixStream(prefix, Streams.shopEvents.name);
    await jsm.streams.add({ name: stream, subjects: [prefixSubject(prefix, 'shop.>')] });
    const legacyMessage = await jetstream(nc).publish(
      prefixSubject(prefix, Events.orderPlaced.subject('acme')),
      '{}',
    );
    const { log, lines } = captureLog('bus');

    await provisionStreams(jsm, options(prefix), log);
    await provisionStreams(jsm, options(prefix), log);

    expect([...(await shopSubjects(prefix))].sort()).toEqual(inboundSubjects(prefix).sort());
    const migrations = lines().filter((l) => l.stream === stream);
    expect(migrations).toHaveLength(1);
    expect(migrations[0]).toMatchObject({
      level: 'warn',
      component: 'bus',
      removed: [prefixSubject(prefix, 'shop.>')],
    });
    // What the stream held is kept.
    const info = await jsm.streams.info(stream);
    expect(info.state.last_seq).toBe(legacyMessage.seq);
  });

  it('only adds subjects: one a newer service added (a newer event type) survives an older service provisioning', async () => {
    const prefix = uniqueName('topo');
    const newer = prefixSubject(prefix, 'shop.*.review.deleted');
    const missing = prefixSubject(prefix, Events.erasureRequested.filter);
    // As a newer version left it: one subject this version does not know, one it knows missing.
    await jsm.streams.add({
      name: prefixStream(prefix, Streams.shopEvents.name),
      subjects: [...inboundSubjects(prefix).filter((s) => s !== missing), newer],
    });
    const { log, lines } = captureLog('bus');

    await provisionStreams(jsm, options(prefix), log);

    const subjects = await shopSubjects(prefix);
    expect([...subjects].sort()).toEqual([...inboundSubjects(prefix), newer].sort());
    expect(lines().filter((l) => l.removed !== undefined)).toEqual([]);
    await expect(
      jetstream(nc).publish(prefixSubject(prefix, 'shop.acme.review.deleted'), '{}'),
    ).resolves.toMatchObject({
      seq: 1,
    });
  });
});

describe('provisionConsumer', () => {
  it('creates the durable pull consumer once and updates its settings on a later start', async () => {
    const prefix = uniqueName('topo');
    const first = options(prefix, { maxDeliver: 5, ackWaitMs: 30_000 });
    await provisionStreams(jsm, first);
    const spec = {
      stream: prefixStream(prefix, Streams.shopEvents.name),
      durable: 'topology-test__review_submitted',
      filterSubject: prefixSubject(prefix, Events.reviewSubmitted.filter),
    };
    await provisionConsumer(jsm, spec, first);
    await provisionConsumer(jsm, spec, first);
    await provisionConsumer(jsm, spec, options(prefix, { maxDeliver: 7, ackWaitMs: 10_000 }));

    const consumers = [];
    for await (const page of jsm.consumers.list(spec.stream)) consumers.push(page.name);
    expect(consumers).toEqual([spec.durable]);
    const { config } = await jsm.consumers.info(spec.stream, spec.durable);
    expect(config).toMatchObject({
      durable_name: spec.durable,
      ack_policy: 'explicit',
      filter_subject: spec.filterSubject,
      // The transport counts deliveries itself; the server never drops a message for having too many.
      max_deliver: -1,
      ack_wait: nanos(10_000),
    });
  });

  it('lifts the server-side delivery limit of a consumer provisioned with one, in place', async () => {
    const prefix = uniqueName('topo');
    const o = options(prefix, { maxDeliver: 5 });
    await provisionStreams(jsm, o);
    const spec = {
      stream: prefixStream(prefix, Streams.shopEvents.name),
      durable: 'topology-test__review_submitted',
      filterSubject: prefixSubject(prefix, Events.reviewSubmitted.filter),
    };
    // As earlier versions of the bus created it: max_deliver = maxDeliver on the server.
    const added = await jsm.consumers.add(spec.stream, {
      durable_name: spec.durable,
      ack_policy: AckPolicy.Explicit,
      filter_subject: spec.filterSubject,
      max_deliver: 5,
    });
    await provisionConsumer(jsm, spec, o);
    const info = await jsm.consumers.info(spec.stream, spec.durable);
    expect(info.config.max_deliver).toBe(-1);
    // Updated, not deleted and recreated (which would lose its delivery state).
    expect(info.created).toBe(added.created);
    const consumers = [];
    for await (const page of jsm.consumers.list(spec.stream)) consumers.push(page.name);
    expect(consumers).toEqual([spec.durable]);
  });
});
