// BusPublisher on a real NATS (JetStream) and Redis, seen as a shop sees it: through a core
// subscription (every publish) and the AI_RESULTS stream (de-duplicated).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, type Msg, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { Redis } from 'ioredis';
import {
  decodeMessage,
  encodeMessage,
  Events,
  prefixStream,
  ReviewAnalysedSchema,
  Streams,
  type ReviewAnalysed,
} from '@shopmind/contracts';
import { TransientError } from '@shopmind/errors';
import { aReviewAnalysed, startInfra, uniqueName, uniqueTenant, type Infra } from '@shopmind/testing';
import type { BusOptions } from './bus-options.js';
import { BusPublisher, type PublishOptions } from './bus-publisher.js';
import { ResultStore } from './result-store.js';

const SERVICE = 'publisher-test';
const DAY_S = 24 * 3600;

let infra: Infra;
let nc: NatsConnection;
let jsm: JetStreamManager;
let redis: Redis;
let prefix: string;
let options: BusOptions;

beforeAll(async () => {
  infra = await startInfra();
  nc = await connect({ servers: infra.natsUrl, name: 'publisher-test' });
  jsm = await jetstreamManager(nc);
  redis = new Redis(infra.redisUrl);
  prefix = uniqueName('pub')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
  options = { service: SERVICE, natsUrl: infra.natsUrl, subjectPrefix: prefix };
  await jsm.streams.add({
    name: prefixStream(prefix, Streams.aiResults.name),
    subjects: [`${prefix}.ai.>`],
    duplicate_window: 120_000_000_000,
  });
}, 60_000);

afterAll(async () => {
  await jsm?.streams.delete(prefixStream(prefix, Streams.aiResults.name)).catch(() => undefined);
  await nc?.drain();
  await redis?.quit();
  await infra?.stop();
});

/** Every message a core subscriber gets on `tenant`'s analysed reviews. */
class CoreSubscriber {
  readonly received: Msg[] = [];
  private constructor(readonly tenant: string) {}

  static async on(tenant: string): Promise<CoreSubscriber> {
    const s = new CoreSubscriber(tenant);
    nc.subscribe(`${prefix}.${Events.reviewAnalysed.subject(tenant)}`, {
      callback: (_, m) => {
        s.received.push(m);
      },
    });
    await nc.flush();
    return s;
  }

  /** What arrived so far; publishes awaited before are in (the server routed them before its PubAck). */
  async messages(): Promise<{ data: Uint8Array; contentType: string | undefined }[]> {
    await nc.flush();
    return this.received.map((m) => ({ data: m.data, contentType: m.headers?.get('content-type') }));
  }
}

async function stored(tenant: string): Promise<ReviewAnalysed[]> {
  const stream = prefixStream(prefix, Streams.aiResults.name);
  const subject = `${prefix}.${Events.reviewAnalysed.subject(tenant)}`;
  const info = await jsm.streams.info(stream, { subjects_filter: subject });
  const count = info.state.subjects?.[subject] ?? 0;
  const all: ReviewAnalysed[] = [];
  for (let seq = info.state.first_seq; all.length < count && seq <= info.state.last_seq; seq++) {
    const m = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
    if (m?.subject === subject)
      all.push(decodeMessage(ReviewAnalysedSchema, m.data, m.header.get('content-type')));
  }
  return all;
}

function analysed(tenant: string, rating: number, causeEventId: string): ReviewAnalysed {
  return aReviewAnalysed({
    envelope: { tenantId: tenant, causationId: causeEventId, eventId: `${causeEventId}-analysed` },
    reviewId: 'r-1',
    rating,
  });
}

describe('BusPublisher with Redis', () => {
  let publisher: BusPublisher;

  beforeAll(() => {
    publisher = new BusPublisher(nc, options, redis);
  });

  it('sends nothing new when the same ids come again with other content, and answers as for a duplicate', async () => {
    const tenant = uniqueTenant('reuse');
    const sub = await CoreSubscriber.on(tenant);
    const opts: PublishOptions = { causeEventId: uniqueName('event'), kind: 'review.analysed' };
    const first = analysed(tenant, 1, opts.causeEventId);

    const firstAck = await publisher.publish(Events.reviewAnalysed, tenant, first, opts);
    const repeatAck = await publisher.publish(
      Events.reviewAnalysed,
      tenant,
      analysed(tenant, 5, opts.causeEventId),
      opts,
    );

    expect(firstAck.duplicate).toBe(false);
    expect(repeatAck).toEqual({ stream: firstAck.stream, seq: firstAck.seq, duplicate: true });
    const got = await sub.messages();
    expect(got).toEqual([
      { data: encodeMessage(ReviewAnalysedSchema, first, 'json').data, contentType: 'application/json' },
    ]);
    expect(await stored(tenant)).toEqual([first]);
  });

  it('sends nothing for a repeat after the duplicate window, where JetStream alone would store it again', async () => {
    const shortWindow = `${prefix}w`;
    const stream = prefixStream(shortWindow, Streams.aiResults.name);
    await jsm.streams.add({ name: stream, subjects: [`${shortWindow}.ai.>`], duplicate_window: 500_000_000 });
    try {
      const windowed = new BusPublisher(nc, { ...options, subjectPrefix: shortWindow }, redis);
      const tenant = uniqueTenant('late');
      const opts: PublishOptions = { causeEventId: uniqueName('event'), kind: 'review.analysed' };
      const firstAck = await windowed.publish(
        Events.reviewAnalysed,
        tenant,
        analysed(tenant, 1, opts.causeEventId),
        opts,
      );
      // Let the stream forget the first Nats-Msg-Id (the window is 0.5 s here, 2 minutes by default).
      await new Promise((r) => setTimeout(r, 700));
      const lateAck = await windowed.publish(
        Events.reviewAnalysed,
        tenant,
        analysed(tenant, 5, opts.causeEventId),
        opts,
      );

      expect(lateAck).toEqual({ stream, seq: firstAck.seq, duplicate: true });
      expect((await jsm.streams.info(stream)).state.messages).toBe(1);
    } finally {
      await jsm.streams.delete(stream);
    }
  });

  it('publishes the stored result when an earlier claim was never published (a crash in between)', async () => {
    const tenant = uniqueTenant('crash');
    const sub = await CoreSubscriber.on(tenant);
    const opts: PublishOptions = { causeEventId: uniqueName('event'), kind: 'review.analysed' };
    const claimedBeforeCrash = analysed(tenant, 1, opts.causeEventId);
    const store = new ResultStore(redis, { service: SERVICE, ttlSeconds: 60 });
    await store.claim(
      { tenant, ...opts },
      encodeMessage(ReviewAnalysedSchema, claimedBeforeCrash, 'protobuf'),
    );

    await publisher.publish(Events.reviewAnalysed, tenant, analysed(tenant, 5, opts.causeEventId), opts);

    // The stored bytes go out with their own content type, not the publisher's format (JSON).
    expect((await sub.messages()).map((m) => m.contentType)).toEqual(['application/protobuf']);
    expect(await stored(tenant)).toEqual([claimedBeforeCrash]);
  });

  it('keeps results of other kinds and discriminators of the same event apart', async () => {
    const tenant = uniqueTenant('apart');
    const causeEventId = uniqueName('event');
    const opts: PublishOptions[] = [
      { causeEventId, kind: 'review.analysed' },
      { causeEventId, kind: 'review.analysed', discriminator: 'de' },
      { causeEventId, kind: 'review.reanalysed' },
    ];
    for (const [i, o] of opts.entries())
      await publisher.publish(Events.reviewAnalysed, tenant, analysed(tenant, i + 1, causeEventId), o);
    expect((await stored(tenant)).map((r) => r.rating)).toEqual([1, 2, 3]);
  });

  it('keeps a result at least as long as the stream keeps events and the ledger its done marks', async () => {
    const tenant = uniqueTenant('ttl');
    const ref = { causeEventId: uniqueName('event'), kind: 'review.analysed' };
    const store = new ResultStore(redis, { service: SERVICE, ttlSeconds: 1 });
    await publisher.publish(Events.reviewAnalysed, tenant, analysed(tenant, 1, ref.causeEventId), ref);
    const ttl = await redis.ttl(store.key({ tenant, ...ref }));
    expect(ttl).toBeGreaterThan(7 * DAY_S - 60);
    expect(ttl).toBeLessThanOrEqual(7 * DAY_S);

    const longer = new BusPublisher(
      nc,
      { ...options, retention: { maxAgeMs: 30 * DAY_S * 1000, maxBytes: 1 << 30 } },
      redis,
    );
    const other = { ...ref, kind: 'review.kept-longer' };
    await longer.publish(Events.reviewAnalysed, tenant, analysed(tenant, 1, ref.causeEventId), other);
    expect(await redis.ttl(store.key({ tenant, ...other }))).toBeGreaterThan(30 * DAY_S - 60);
  });

  it("erases the stored results about a customer, and only those: other customers', other tenants' and unnamed results stay", async () => {
    const tenant = uniqueTenant('erase');
    const otherTenant = uniqueTenant('erase-other');
    const store = new ResultStore(redis, { service: SERVICE, ttlSeconds: 1 });
    const result = (t: string, subjects?: string[]) => {
      const ref = { causeEventId: uniqueName('event'), kind: 'review.analysed' };
      return { t, ref, subjects, key: store.key({ tenant: t, ...ref }) };
    };
    const hers = [result(tenant, ['u-1']), result(tenant, ['u-2', 'u-1'])];
    const kept = [result(tenant, ['u-2']), result(tenant), result(otherTenant, ['u-1'])];
    for (const r of [...hers, ...kept])
      await publisher.publish(Events.reviewAnalysed, r.t, analysed(r.t, 1, r.ref.causeEventId), {
        ...r.ref,
        ...(r.subjects ? { subjects: r.subjects } : {}),
      });
    for (const r of [...hers, ...kept]) expect(await redis.exists(r.key)).toBe(1);
    // The index lives as long as the results it lists.
    expect(await redis.ttl(store.indexKey(tenant, 'u-1'))).toBeGreaterThan(7 * DAY_S - 60);

    expect(await publisher.eraseResultsOf(tenant, 'u-1')).toBe(2);
    for (const r of hers) expect(await redis.exists(r.key)).toBe(0);
    for (const r of kept) expect(await redis.exists(r.key)).toBe(1);
    expect(await redis.exists(store.indexKey(tenant, 'u-1'))).toBe(0);
    expect(await redis.exists(store.indexKey(otherTenant, 'u-1'))).toBe(1);
    expect(await publisher.eraseResultsOf(tenant, 'u-1')).toBe(0);
  });

  it('publishes nothing, failing transiently, while Redis cannot take the claim', async () => {
    const tenant = uniqueTenant('noredis');
    const sub = await CoreSubscriber.on(tenant);
    // A client whose connection is gone: its commands fail at once.
    const unreachable = new Redis(infra.redisUrl);
    await unreachable.quit();
    const cut = new BusPublisher(nc, options, unreachable);
    const opts = { causeEventId: uniqueName('event'), kind: 'review.analysed' };

    await expect(
      cut.publish(Events.reviewAnalysed, tenant, analysed(tenant, 1, opts.causeEventId), opts),
    ).rejects.toBeInstanceOf(TransientError);
    expect(await sub.messages()).toEqual([]);
    expect(await stored(tenant)).toEqual([]);
  });
});

describe('BusPublisher without Redis', () => {
  it('sends whatever it is given to core subscribers; only the stream keeps one', async () => {
    const tenant = uniqueTenant('plain');
    const sub = await CoreSubscriber.on(tenant);
    const publisher = new BusPublisher(nc, options);
    const opts = { causeEventId: uniqueName('event'), kind: 'review.analysed' };
    const first = analysed(tenant, 1, opts.causeEventId);
    await publisher.publish(Events.reviewAnalysed, tenant, first, opts);
    await publisher.publish(Events.reviewAnalysed, tenant, analysed(tenant, 5, opts.causeEventId), opts);

    const ratings = (await sub.messages()).map(
      (m) => decodeMessage(ReviewAnalysedSchema, m.data, m.contentType).rating,
    );
    expect(ratings).toEqual([1, 5]);
    expect(await stored(tenant)).toEqual([first]);
  });
});
