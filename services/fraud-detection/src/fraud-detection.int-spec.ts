// The service on a real NATS (JetStream) and Redis: checkout scoring, chargeback feedback, review
// farms, erasure, rule-file safety and readiness, end to end through the bus.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import {
  consumerName,
  Decision,
  decodeMessage,
  encodeMessage,
  Events,
  FraudScoreReplySchema,
  FraudScoreRequestSchema,
  Polarity,
  prefixStream,
  Queries,
  ReviewFlagReason,
  SourceTier,
  type EventDefinition,
  type Order,
} from '@shopmind/contracts';
import { resultEventId, startService, type RunningService } from '@shopmind/service-kit';
import { SpanKind, context, trace } from '@opentelemetry/api';
import { injectTraceContext, tracer } from '@shopmind/telemetry';
import { installTestTelemetry, type TestTelemetry } from '@shopmind/telemetry/testing';
import {
  aChargebackReported,
  aCustomerErasureRequested,
  aFraudScoreRequest,
  anOrder,
  anOrderPlaced,
  aReviewAnalysed,
  aReviewSubmitted,
  collectResults,
  eventually,
  expectConsumerIdle,
  publishEvent,
  startInfra,
  startRedisServer,
  uniqueName,
  type Infra,
  provisionNamespace,
} from '@shopmind/testing';
import { Redis } from 'ioredis';
import { loadFraudConfig, type FraudConfig } from './config.js';
import { fraudDetection } from './fraud-detection.module.js';
import { RuleSetLoader } from './application/rule-set-loader.js';
import { serviceAsset } from './service-assets.js';
import { FEATURE_STORE } from './fraud-tokens.js';
import type { AuditRecord } from './domain/order-scorer.js';
import { AuditTrail } from './stores/audit-trail.js';
import type { FeatureStore } from './stores/feature-store.js';
import { entityKey } from './stores/fraud-feature-store.js';
import { IdentifierHasher } from './stores/identifier-hasher.js';

const SECRET = 'integration-secret-for-fraud';
let infra: Infra;
let service: RunningService;
let nc: NatsConnection;
let js: JetStreamClient;
let jsm: JetStreamManager;
let redis: Redis;
let config: FraudConfig;
let dir: string;
let telemetry: TestTelemetry;
const namespace = () =>
  uniqueName('fd')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
const prefix = namespace();
const tenant = 'acme';

beforeAll(async () => {
  telemetry = installTestTelemetry();
  infra = await startInfra();
  dir = mkdtempSync(join(tmpdir(), 'fraud-rules-'));
  copyFileSync(serviceAsset('rules/default.yaml'), join(dir, 'rules.yaml'));
  config = loadFraudConfig({
    NATS_URL: infra.natsUrl,
    REDIS_URL: infra.redisUrl,
    HTTP_PORT: '0',
    SHOPMIND_SUBJECT_PREFIX: prefix,
    FRAUD_HASH_SECRET: SECRET,
    FRAUD_RULES_FILE: join(dir, 'rules.yaml'),
    FRAUD_RULES_RELOAD_MS: '60000',
  });
  await provisionNamespace(infra.natsUrl, prefix);
  service = await startService(fraudDetection, config, { listenHttp: false });
  nc = await connect({ servers: infra.natsUrl });
  js = jetstream(nc);
  jsm = await jetstreamManager(nc);
  redis = new Redis(infra.redisUrl);
}, 60_000);

afterAll(async () => {
  await service?.close();
  await nc?.drain();
  await redis?.quit();
  await infra?.stop();
  rmSync(dir, { recursive: true, force: true });
  await telemetry?.shutdown();
});

/** Publishes an event as the shop would; resolves with its stream sequence. */
async function publish<D extends DescMessage>(
  def: EventDefinition<D>,
  msg: MessageShape<D>,
): Promise<number> {
  return (await publishEvent(js, def, msg, { prefix, tenant })).seq;
}

/** Waits until fraud-detection's consumer of `def` has delivered and acknowledged up to `seq`. */
async function handled<D extends DescMessage>(def: EventDefinition<D>, seq: number): Promise<void> {
  await expectConsumerIdle(jsm, def.stream, consumerName(config.service, def), { prefix, streamSeq: seq });
}

async function score(order: Order, traceparentOf?: Parameters<typeof trace.setSpan>[1]) {
  const req = aFraudScoreRequest({ order });
  const { data, contentType } = encodeMessage(FraudScoreRequestSchema, req, 'json');
  const h = headers();
  h.set('content-type', contentType);
  if (traceparentOf) injectTraceContext(h, trace.setSpan(context.active(), traceparentOf));
  const reply = await nc.request(`${prefix}.${Queries.fraudScore.subject(tenant)}`, data, {
    timeout: 5000,
    headers: h,
  });
  expect(reply.headers?.get('Shopmind-Error') ?? '').toBe('');
  return decodeMessage(FraudScoreReplySchema, reply.data, reply.headers?.get('content-type'));
}

const collect = <D extends DescMessage>(def: EventDefinition<D>) =>
  collectResults(nc, def, { prefix, tenant });

/** The audit record of a checkout (written off the reply path, so it may land a moment later). */
async function auditOf(orderId: string): Promise<AuditRecord> {
  const find = async () =>
    (await service.app.get(AuditTrail).recent(tenant, 200)).find((a) => a.orderId === orderId);
  return eventually(find, { what: `the audit record of checkout ${orderId}` });
}

const smallOrder = (i: number, placedAt: number): Order =>
  anOrder({
    userId: '',
    email: `tester${i}@mailinator.com`,
    deviceId: 'device-card-tester',
    ip: '198.51.100.23',
    card: {
      bin: '411111',
      last4: String(1000 + i),
      fingerprint: `card-test-${prefix}-${i}`,
      brand: 'visa',
      issuerCountry: 'US',
    },
    items: [
      {
        productId: 'gift-5',
        sku: 'GC-5',
        title: 'Gift card 5',
        categoryPath: ['Gift cards'],
        quantity: 1,
        unitPrice: { currency: 'EUR', amountMinor: 300n },
      },
    ],
    totals: { total: { currency: 'EUR', amountMinor: 300n } },
    accountCreatedAt: undefined,
    placedAt: timestampFromMs(placedAt),
  });

describe('fraud-detection service', () => {
  it('declines a card-testing burst at checkout, even though none of the attempts became an order', async () => {
    const t0 = Date.now();
    const replies = [];
    for (let i = 0; i < 8; i++) replies.push(await score(smallOrder(i, t0 + i * 20_000)));
    // The first attempts alone are no burst; the card-testing rule fires once the burst builds up.
    expect(replies[0].assessment?.reasons.map((r) => r.code)).not.toContain('rule:card-testing-burst');
    const last = replies[replies.length - 1].assessment;
    expect(last?.decision).toBe(Decision.DECLINE);
    expect(last?.reasons.map((r) => r.code)).toContain('rule:card-testing-burst');
    expect(last?.contributions.length).toBeGreaterThan(0);
  });

  it("answers a checkout in a server span under the shop's span, with one Redis span under it for the feature round trip", async () => {
    const shop = tracer.startSpan('shop checkout', { kind: SpanKind.CLIENT });
    await score(anOrder({ orderId: `o-traced-${prefix}` }), shop);
    shop.end();
    const inTrace = await eventually(
      () => telemetry.spans().filter((s) => s.spanContext().traceId === shop.spanContext().traceId),
      (spans) => spans.some((s) => s.name.startsWith('fraud.features')),
    );
    const server = inTrace.find((s) => s.kind === SpanKind.SERVER);
    expect(server?.name).toBe(`process q.${tenant}.fraud.score`);
    expect(server?.parentSpanContext?.spanId).toBe(shop.spanContext().spanId);
    expect(server?.attributes).toMatchObject({
      'messaging.system': 'nats',
      'messaging.destination.name': `q.${tenant}.fraud.score`,
      'messaging.operation.type': 'process',
      'messaging.consumer.group.name': config.service,
    });
    expect(server?.attributes['messaging.message.id']).toBeTruthy();
    const redisSpans = inTrace.filter((s) => s.attributes['db.system.name'] === 'redis');
    expect(redisSpans.map((s) => s.name)).toEqual(['fraud.features observe']);
    expect(redisSpans[0]?.parentSpanContext?.spanId).toBe(server?.spanContext().spanId);
    expect(redisSpans[0]?.attributes['shopmind.fraud.entities']).toBeGreaterThan(0);
  });

  it('counts a checkout and the order placed with the same order id once', async () => {
    const scored = await collect(Events.orderScored);
    const order = anOrder({ placedAt: timestampFromMs(Date.now()) });
    await score(order);
    const placed = anOrderPlaced({ order });
    await publish(Events.orderPlaced, placed);
    const result = await scored.waitFor((m) => m.orderId === order.orderId);
    // Like every service's results, its id derives from the cause: a redelivery yields the same id.
    expect(result.envelope).toMatchObject({
      eventId: resultEventId(placed.envelope?.eventId ?? '', 'fraud.order_scored'),
      causationId: placed.envelope?.eventId,
      producer: 'fraud-detection',
    });
    const hasher = new IdentifierHasher(SECRET);
    const card = entityKey(tenant, 'card', hasher.hash('card', order.card?.fingerprint ?? ''), 'ev');
    expect(await redis.zcard(card)).toBe(1);
    // Both decisions are audited, with the rule-set and model versions that made them.
    const audit = (await service.app.get(AuditTrail).recent(tenant, 50)).filter(
      (a) => a.orderId === order.orderId,
    );
    expect(audit.map((a) => a.source).sort()).toEqual(['checkout', 'order']);
    expect(audit[0]).toMatchObject({
      ruleSetVersion: '2026-11-28.1',
      modelVersion: expect.stringMatching(/^lr-/),
    });
    await scored.close();
  });

  it('raises the score of a later order with a card that had a chargeback', async () => {
    const scored = await collect(Events.orderScored);
    const card = {
      bin: '522222',
      last4: '4444',
      fingerprint: `card-cb-${prefix}`,
      brand: 'mastercard',
      issuerCountry: 'DE',
    };
    const first = anOrder({ card, placedAt: timestampFromMs(Date.now() - 3_600_000) });
    await publish(Events.orderPlaced, anOrderPlaced({ order: first }));
    const before = await scored.waitFor((m) => m.orderId === first.orderId);

    await publish(Events.chargebackReported, aChargebackReported({ orderId: first.orderId }));
    const cbo = entityKey(tenant, 'card', new IdentifierHasher(SECRET).hash('card', card.fingerprint), 'cbo');
    await eventually(async () => (await redis.zcard(cbo)) > 0, { what: 'the chargeback mark on the card' });

    const later = anOrder({ card, placedAt: timestampFromMs(Date.now()) });
    await publish(Events.orderPlaced, anOrderPlaced({ order: later }));
    const after = await scored.waitFor((m) => m.orderId === later.orderId);
    expect(after.assessment?.score).toBeGreaterThan(before.assessment?.score ?? 1);
    expect(after.assessment?.reasons.map((r) => r.code)).toContain('rule:deny-after-chargeback');
    await scored.close();
  });

  it('alerts on a declined order with an analyst narrative, written locally when no LLM is configured', async () => {
    const alerts = await collect(Events.fraudAlert);
    const card = {
      bin: '400000',
      last4: '0002',
      fingerprint: `card-denied-${prefix}`,
      brand: 'visa',
      issuerCountry: 'DE',
    };
    await service.app
      .get<symbol, FeatureStore>(FEATURE_STORE)
      .setList(tenant, 'card', card.fingerprint, 'deny');
    const order = anOrder({ card, placedAt: timestampFromMs(Date.now()) });
    await publish(Events.orderPlaced, anOrderPlaced({ order }));
    const alert = await alerts.waitFor((m) => m.orderId === order.orderId);
    expect(alert.reasons[0].code).toBe('deny_list:card');
    expect(alert.narrative).toMatch(/decline/);
    expect(alert.narrativeSource?.tier).toBe(SourceTier.LOCAL);
    expect(alert.narrativeSource?.promptVersion).toBe('fraud.alert_narrative@1');
    await alerts.close();
  });

  it('flags a review farm: new accounts posting near-identical unverified reviews of one product', async () => {
    const flagged = await collect(Events.reviewFlagged);
    const product = `product-${prefix}-farm`;
    const now = Date.now();
    const texts = [
      'Best purchase ever!!! Amazing quality, super fast shipping, highly recommend to everyone. Five stars!',
      'Best purchase ever! Amazing quality, super fast shipping, highly recommend to everybody. Five stars!!',
      'Best purchase ever!! Amazing quality and super fast shipping, highly recommend to everyone. 5 stars!',
      'Best purchase ever!!! Amazing quality, super fast shipping, I highly recommend to everyone. Five stars',
      'best purchase ever, amazing quality, super fast shipping, highly recommend to everyone, five stars!',
      'Best purchase ever!!! Amazing quality, very fast shipping, highly recommend to everyone. Five stars!',
    ];
    const ids: string[] = [];
    for (const [i, body] of texts.entries()) {
      const r = aReviewSubmitted({
        productId: product,
        userId: `farm-${prefix}-${i}`,
        rating: 5,
        title: 'Great',
        body,
        verifiedPurchase: false,
        accountCreatedAt: timestampFromMs(now - 3_600_000),
        envelope: { occurredAt: timestampFromMs(now + i * 60_000) },
      });
      ids.push(r.reviewId);
      await publish(Events.reviewSubmitted, r);
    }
    const last = await flagged.waitFor((m) => m.reviewId === ids[ids.length - 1]);
    const reasons = last.flags.map((f) => f.reason);
    expect(reasons).toContain(ReviewFlagReason.BURST_NEW_ACCOUNTS);
    expect(reasons).toContain(ReviewFlagReason.NEAR_DUPLICATE);
    expect(last.flags.find((f) => f.reason === ReviewFlagReason.NEAR_DUPLICATE)?.relatedReviewIds[0]).toMatch(
      /^review-/,
    );

    // An ordinary verified review of another product from an old account is not flagged: handled
    // (delivered and acknowledged) without a review flagged.
    const fine = aReviewSubmitted({ productId: `product-${prefix}-fine`, userId: `regular-${prefix}` });
    await handled(Events.reviewSubmitted, await publish(Events.reviewSubmitted, fine));
    const probe = aReviewSubmitted({
      productId: product,
      userId: `farm-${prefix}-probe`,
      verifiedPurchase: false,
      body: texts[0],
      accountCreatedAt: timestampFromMs(now - 3_600_000),
    });
    await publish(Events.reviewSubmitted, probe);
    await flagged.waitFor((m) => m.reviewId === probe.reviewId);
    expect(flagged.items.map((m) => m.reviewId)).not.toContain(fine.reviewId);
    await flagged.close();
  });

  it('flags 4 stars over negative text, but not over a mixed review with the same score (issue 13, item 7)', async () => {
    const flagged = await collect(Events.reviewFlagged);
    const submit = async (name: string, body: string) => {
      const r = aReviewSubmitted({
        productId: `product-${prefix}-${name}`,
        userId: `reviewer-${prefix}-${name}`,
        rating: 4,
        verifiedPurchase: false,
        body,
      });
      await handled(Events.reviewSubmitted, await publish(Events.reviewSubmitted, r));
      return r;
    };
    const analyse = (r: ReturnType<typeof aReviewSubmitted>, polarity: Polarity) =>
      publish(
        Events.reviewAnalysed,
        aReviewAnalysed({
          reviewId: r.reviewId,
          productId: r.productId,
          userId: r.userId,
          rating: 4,
          polarity,
          score: -0.34,
        }),
      );
    const negative = await submit(
      'negative',
      'Much smaller than the photos and the seams are already loose.',
    );
    const mixed = await submit('mixed', 'Lovely quality, but smaller than I expected from the photos.');
    await analyse(negative, Polarity.NEGATIVE);
    const flag = await flagged.waitFor((m) => m.reviewId === negative.reviewId);
    expect(flag.flags.map((f) => f.reason)).toContain(ReviewFlagReason.RATING_TEXT_MISMATCH);
    await handled(Events.reviewAnalysed, await analyse(mixed, Polarity.MIXED));
    expect(flagged.items.map((m) => m.reviewId)).not.toContain(mixed.reviewId);
    await flagged.close();
  });

  it('erases a customer on an erasure request: a new order of that customer no longer sees the history', async () => {
    const userId = `leaving-${prefix}`;
    const email = `leaving-${prefix}@example.com`;
    const oldCard = {
      bin: '424242',
      last4: '1111',
      fingerprint: `card-erase-${prefix}`,
      brand: 'visa',
      issuerCountry: 'DE',
    };
    const deviceId = `device-erase-${prefix}`;
    const t0 = Date.now() - 3_600_000;
    const history = (i: number) =>
      anOrder({ userId, email, card: oldCard, deviceId, placedAt: timestampFromMs(t0 + i * 60_000) });
    for (let i = 0; i < 3; i++) await score(history(i));
    const review = aReviewSubmitted({ userId, productId: `product-${prefix}-erase` });
    await publish(Events.reviewSubmitted, review);

    const hasher = new IdentifierHasher(SECRET);
    const userEv = entityKey(tenant, 'user', hasher.hash('user', userId), 'ev');
    const cardEv = entityKey(tenant, 'card', hasher.hash('card', oldCard.fingerprint), 'ev');
    const reviewer = `fd:{${tenant}:rvu:${hasher.hash('user', userId)}}`;
    await eventually(async () => (await redis.exists(reviewer)) === 1, { what: 'the reviewer record' });
    const fresh = () =>
      anOrder({
        userId,
        email,
        card: { ...oldCard, last4: '2222', fingerprint: `card-new-${prefix}-${Math.random()}` },
        deviceId: `device-new-${prefix}-${Math.random()}`,
        placedAt: timestampFromMs(Date.now()),
      });
    const before = fresh();
    await score(before);
    const seenBefore = await auditOf(before.orderId);
    expect(seenBefore.features).toMatchObject({ user_orders_24h: 4, first_order: 0 });

    await publish(
      Events.erasureRequested,
      aCustomerErasureRequested({
        userId,
        emails: [email],
        cardFingerprints: [oldCard.fingerprint],
        deviceIds: [deviceId],
      }),
    );
    await eventually(async () => (await redis.exists(userEv, cardEv, reviewer)) === 0, {
      what: 'the erased customer keys to be gone',
    });
    const left = await redis.keys(`fd:{${tenant}:*`);
    for (const h of [
      hasher.hash('user', userId),
      hasher.hash('email', email),
      hasher.hash('card', oldCard.fingerprint),
      hasher.hash('device', deviceId),
    ])
      expect(left.filter((k) => k.includes(h))).toEqual([]);

    const after = fresh();
    await score(after);
    const seenAfter = await auditOf(after.orderId);
    expect(seenAfter.features).toMatchObject({ user_orders_24h: 1, first_order: 1, email_orders_24h: 1 });
  });

  it("deletes the stored results about an erased customer — scores and alerts of their account's and their guest orders — listed under keyed hashes only, and keeps other customers' results", async () => {
    const userId = `results-${prefix}`;
    const [email, guestEmail] = [`results-${prefix}@example.com`, `guest-${prefix}@Example.com`];
    const card = { bin: '400000', last4: '0003', fingerprint: `card-deny-${prefix}`, brand: 'visa' };
    await service.app
      .get<symbol, FeatureStore>(FEATURE_STORE)
      .setList(tenant, 'card', card.fingerprint, 'deny');
    const orders = [
      anOrderPlaced({ order: anOrder({ userId, email, card }) }), // declined: scored and alerted
      anOrderPlaced({ order: anOrder({ userId: '', email: guestEmail }) }),
      anOrderPlaced({
        order: anOrder({ userId: `staying-${prefix}`, email: `staying-${prefix}@example.com` }),
      }),
    ];
    let seq = 0;
    for (const o of orders) seq = await publish(Events.orderPlaced, o);
    await handled(Events.orderPlaced, seq);
    const stored = (o: (typeof orders)[number], kind: string): string =>
      `{fraud-detection:${tenant}:result:${o.envelope!.eventId}}:${kind}`;
    const hers = [
      stored(orders[0]!, 'fraud.order_scored'),
      stored(orders[0]!, 'fraud.alert'),
      stored(orders[1]!, 'fraud.order_scored'),
    ];
    expect(await redis.exists(...hers, stored(orders[2]!, 'fraud.order_scored'))).toBe(4);
    const lists = await redis.keys(`{fraud-detection:${tenant}:subject:*`);
    expect(lists.length).toBeGreaterThan(0);
    for (const clear of [userId, email, guestEmail.toLowerCase()])
      expect(lists.filter((k) => k.toLowerCase().includes(clear.toLowerCase()))).toEqual([]);

    await handled(
      Events.erasureRequested,
      await publish(
        Events.erasureRequested,
        aCustomerErasureRequested({ userId, emails: [email, guestEmail] }),
      ),
    );
    expect(await redis.exists(...hers)).toBe(0);
    expect(await redis.exists(stored(orders[2]!, 'fraud.order_scored'))).toBe(1);
  });

  it('refuses a broken rules file, keeps the previous rules and keeps scoring', async () => {
    const loader = service.app.get(RuleSetLoader);
    const file = join(dir, 'rules.yaml');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good.replace('feature: card_testing', 'feature: no_such_feature'));
    const error = loader.reload();
    expect(error?.message).toMatch(/rules\.0\.when\.all\.0\.feature.*no_such_feature/);

    const reply = await score(anOrder({ placedAt: timestampFromMs(Date.now()) }));
    expect(reply.assessment?.ruleSetVersion).toBe('2026-11-28.1');
    expect(reply.assessment?.decision).not.toBe(Decision.UNSPECIFIED);

    expect(good).toContain("version: '2026-11-28.1'");
    writeFileSync(file, good.replace("version: '2026-11-28.1'", "version: '2026-11-28.2'"));
    expect(loader.reload()).toBeUndefined();
    expect((await score(anOrder({ placedAt: timestampFromMs(Date.now()) }))).assessment?.ruleSetVersion).toBe(
      '2026-11-28.2',
    );
  });
});

describe('fraud-detection readiness', () => {
  /** A second instance in its own namespace, on its own Redis (which the test stops), serving HTTP. */
  async function startWithOwnRedis(redisUrl: string): Promise<RunningService> {
    const ns = await provisionNamespace(infra.natsUrl, namespace());
    return startService(
      fraudDetection,
      loadFraudConfig({
        NATS_URL: infra.natsUrl,
        REDIS_URL: redisUrl,
        HTTP_PORT: '0',
        SHOPMIND_SUBJECT_PREFIX: ns,
        FRAUD_HASH_SECRET: SECRET,
        SHOPMIND_READINESS_TIMEOUT_MS: '500',
      }),
      { listenHttp: true },
    );
  }

  it('is ready with the rule set and model versions it scores with; not ready, naming redis with its state and since when, while Redis is down', async () => {
    const ownRedis = await startRedisServer();
    let own: RunningService | undefined;
    try {
      own = await startWithOwnRedis(ownRedis.url);
      const base = (await own.app.getUrl()).replace('[::1]', '127.0.0.1');
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({
        status: 'ok',
        info: {
          bus: { status: 'up', consumers: 5 },
          redis: { status: 'up' },
          llm: { status: 'up', mode: 'local-only' },
          rules: { status: 'up', version: '2026-11-28.1' },
          model: { status: 'up', version: expect.stringMatching(/^lr-/) },
        },
        error: {},
      });

      const redisUp = async () =>
        (await telemetry.metricPoints('shopmind.dependency.up')).find(
          (p) => p.attributes.dependency === 'redis',
        )?.value;
      expect(await redisUp()).toBe(1);

      await ownRedis.kill();
      const down = await eventually(
        () => fetch(`${base}/readyz`),
        (r) => r.status === 503,
        { what: 'readiness to see Redis down' },
      );
      const body = (await down.json()) as { error: Record<string, { since: string }> };
      expect(Object.keys(body.error)).toEqual(['redis']);
      // The state the bus tracks, and since when, next to the failed check.
      expect(body.error.redis).toMatchObject({ status: 'down', state: 'down', since: expect.any(String) });
      expect(Date.parse(body.error.redis.since)).toBeGreaterThan(Date.now() - 10_000);
      expect(await redisUp()).toBe(0);
      // The process itself stays healthy: only readiness reflects the dependency.
      expect((await fetch(`${base}/healthz`)).status).toBe(200);

      await ownRedis.start();
      const up = await eventually(
        () => fetch(`${base}/readyz`),
        (r) => r.status === 200,
        { what: 'readiness after Redis is back' },
      );
      const info = ((await up.json()) as { info: Record<string, { since: string }> }).info;
      expect(info.redis).toMatchObject({ status: 'up', state: 'up' });
      expect(Date.parse(info.redis.since)).toBeGreaterThan(Date.parse(body.error.redis.since));
      expect(await redisUp()).toBe(1);
    } finally {
      await own?.close();
      await ownRedis.stop();
    }
  }, 60_000);
});

describe('fraud-detection while Redis is down', () => {
  it('answers checkouts within 50 ms with the configured fallback decision, and scores an order placed meanwhile once Redis is back', async () => {
    const ownRedis = await startRedisServer();
    const ns = await provisionNamespace(infra.natsUrl, namespace());
    let own: RunningService | undefined;
    try {
      own = await startService(
        fraudDetection,
        loadFraudConfig({
          NATS_URL: infra.natsUrl,
          REDIS_URL: ownRedis.url,
          HTTP_PORT: '0',
          SHOPMIND_SUBJECT_PREFIX: ns,
          FRAUD_HASH_SECRET: SECRET,
          SHOPMIND_BUS_RETRY_DELAY_MS: '200',
          FRAUD_REDIS_DOWN_DECISION: 'decline',
        }),
        { listenHttp: true },
      );
      const readyz = `${(await own.app.getUrl()).replace('[::1]', '127.0.0.1')}/readyz`;
      const checkout = async (order: Order) => {
        const { data, contentType } = encodeMessage(
          FraudScoreRequestSchema,
          aFraudScoreRequest({ order }),
          'json',
        );
        const h = headers();
        h.set('content-type', contentType);
        const started = performance.now();
        const reply = await nc.request(`${ns}.${Queries.fraudScore.subject(tenant)}`, data, {
          timeout: 2000,
          headers: h,
        });
        const ms = performance.now() - started;
        expect(reply.headers?.get('Shopmind-Error') ?? '').toBe('');
        return {
          ms,
          reply: decodeMessage(FraudScoreReplySchema, reply.data, reply.headers?.get('content-type')),
        };
      };
      const normal = await checkout(anOrder({ placedAt: timestampFromMs(Date.now()) }));
      expect(normal.reply.meta?.source?.degradedReason).toBe('');

      await ownRedis.kill();
      await eventually(async () => (await fetch(readyz)).status === 503, {
        what: 'readiness to see Redis down',
      });
      for (let i = 0; i < 5; i++) {
        const { ms, reply } = await checkout(anOrder({ placedAt: timestampFromMs(Date.now()) }));
        // An upper bound on a handful of requests, not a benchmark: the query's deadline is 5 s.
        expect(ms).toBeLessThan(50);
        expect(reply.assessment?.decision).toBe(Decision.DECLINE);
        expect(reply.meta?.source).toMatchObject({
          tier: SourceTier.LOCAL,
          degradedReason: 'redis_unavailable',
        });
        expect(reply.assessment?.reasons.map((r) => r.code)).toEqual(['redis_unavailable']);
      }

      // An order placed meanwhile is not scored without its features: it waits (or is redelivered).
      const scored = await collectResults(nc, Events.orderScored, { prefix: ns, tenant });
      const order = anOrder({ placedAt: timestampFromMs(Date.now()) });
      const { seq } = await publishEvent(js, Events.orderPlaced, anOrderPlaced({ order }), {
        prefix: ns,
        tenant,
      });
      const name = consumerName(config.service, Events.orderPlaced);
      const stream = prefixStream(ns, Events.orderPlaced.stream);
      const held = await eventually(
        () => jsm.consumers.info(stream, name),
        (c) => c.delivered.stream_seq >= seq,
        { what: 'the order delivered to the service' },
      );
      expect(held.ack_floor.stream_seq).toBeLessThan(seq);
      expect(scored.items).toEqual([]);

      await ownRedis.start();
      const result = await scored.waitFor((m) => m.orderId === order.orderId);
      expect(result.assessment?.reasons.map((r) => r.code)).not.toContain('redis_unavailable');
      expect(result.assessment?.contributions.length).toBeGreaterThan(0);
      await scored.close();
    } finally {
      await own?.close();
      await ownRedis.stop();
    }
  }, 60_000);
});
