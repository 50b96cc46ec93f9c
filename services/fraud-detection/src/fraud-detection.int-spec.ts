// The service on a real NATS (JetStream) and Redis: checkout scoring, chargeback feedback, review
// farms and rule-file safety, end to end through the bus.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { create, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import type { INestApplication } from '@nestjs/common';
import { connect, headers, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import {
  ChargebackReportedSchema,
  Decision,
  decodeMessage,
  encodeMessage,
  Events,
  FraudScoreReplySchema,
  FraudScoreRequestSchema,
  OrderPlacedSchema,
  OrderScoredSchema,
  Queries,
  ReviewFlaggedSchema,
  ReviewFlagReason,
  ReviewSubmittedSchema,
  SourceTier,
  type EventDefinition,
  type Order,
} from '@shopmind/contracts';
import {
  aChargebackReported,
  aCustomerErasureRequested,
  aFraudScoreRequest,
  anOrder,
  anOrderPlaced,
  aReviewSubmitted,
  startInfra,
  uniqueName,
  type Infra,
} from '@shopmind/testing';
import { Redis } from 'ioredis';
import { loadFraudConfig, type FraudConfig } from './fraud-config.js';
import { startFraudDetection } from './fraud-detection.app.js';
import { RuleSetLoader } from './rule-set-loader.js';
import { serviceAsset } from './service-assets.js';
import { FEATURE_STORE } from './fraud-tokens.js';
import type { AuditRecord } from './domain/order-scorer.js';
import { AuditTrail } from './stores/audit-trail.js';
import type { FeatureStore } from './stores/feature-store.js';
import { entityKey } from './stores/fraud-feature-store.js';
import { IdentifierHasher } from './stores/identifier-hasher.js';

const SECRET = 'integration-secret-for-fraud';
let infra: Infra;
let app: INestApplication;
let nc: NatsConnection;
let js: JetStreamClient;
let redis: Redis;
let config: FraudConfig;
let dir: string;
const prefix = uniqueName('fd')
  .toLowerCase()
  .replace(/[^a-z0-9]/g, '');
const tenant = 'acme';

beforeAll(async () => {
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
  app = await startFraudDetection(config, { listenHttp: false });
  nc = await connect({ servers: infra.natsUrl });
  js = jetstream(nc);
  redis = new Redis(infra.redisUrl);
}, 60_000);

afterAll(async () => {
  await app?.close();
  await nc?.drain();
  await redis?.quit();
  await infra?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function publish<D extends DescMessage>(def: EventDefinition<D>, msg: MessageShape<D>): Promise<void> {
  const { data, contentType } = encodeMessage(def.schema, msg, 'json');
  const h = headers();
  h.set('content-type', contentType);
  await js.publish(`${prefix}.${def.subject(tenant)}`, data, { headers: h });
}

async function score(order: Order) {
  const req = aFraudScoreRequest({ order });
  const { data, contentType } = encodeMessage(FraudScoreRequestSchema, req, 'json');
  const h = headers();
  h.set('content-type', contentType);
  const reply = await nc.request(`${prefix}.${Queries.fraudScore.subject(tenant)}`, data, {
    timeout: 5000,
    headers: h,
  });
  expect(reply.headers?.get('Shopmind-Error') ?? '').toBe('');
  return decodeMessage(FraudScoreReplySchema, reply.data, reply.headers?.get('content-type'));
}

/** Collects results published on a subject; `next` waits for one matching `pred`. */
function collect<D extends DescMessage>(def: EventDefinition<D>) {
  const seen: MessageShape<D>[] = [];
  const waiters: { pred: (m: MessageShape<D>) => boolean; resolve: (m: MessageShape<D>) => void }[] = [];
  const sub: Subscription = nc.subscribe(`${prefix}.${def.subject(tenant)}`, {
    callback: (_err, m) => {
      const msg = decodeMessage(def.schema, m.data, m.headers?.get('content-type'));
      seen.push(msg);
      for (const w of [...waiters])
        if (w.pred(msg)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(msg);
        }
    },
  });
  return {
    seen,
    sub,
    next: (pred: (m: MessageShape<D>) => boolean): Promise<MessageShape<D>> => {
      const found = seen.find(pred);
      return found ? Promise.resolve(found) : new Promise((resolve) => waiters.push({ pred, resolve }));
    },
  };
}

async function until(cond: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200 && !(await cond()); i++) await new Promise((r) => setTimeout(r, 50));
  expect(await cond()).toBe(true);
}

/** The audit record of a checkout (written off the reply path, so it may land a moment later). */
async function auditOf(orderId: string): Promise<AuditRecord> {
  const find = async () => (await app.get(AuditTrail).recent(tenant, 200)).find((a) => a.orderId === orderId);
  await until(async () => (await find()) !== undefined);
  return (await find())!;
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

  it('counts a checkout and the order placed with the same order id once', async () => {
    const scored = collect(Events.orderScored);
    const order = anOrder({ placedAt: timestampFromMs(Date.now()) });
    await score(order);
    await publish(Events.orderPlaced, anOrderPlaced({ order }));
    await scored.next((m) => m.orderId === order.orderId);
    const hasher = new IdentifierHasher(SECRET);
    const card = entityKey(tenant, 'card', hasher.hash('card', order.card?.fingerprint ?? ''), 'ev');
    expect(await redis.zcard(card)).toBe(1);
    // Both decisions are audited, with the rule-set and model versions that made them.
    const audit = (await app.get(AuditTrail).recent(tenant, 50)).filter((a) => a.orderId === order.orderId);
    expect(audit.map((a) => a.source).sort()).toEqual(['checkout', 'order']);
    expect(audit[0]).toMatchObject({
      ruleSetVersion: '2026-11-28.1',
      modelVersion: expect.stringMatching(/^lr-/),
    });
    scored.sub.unsubscribe();
  });

  it('raises the score of a later order with a card that had a chargeback', async () => {
    const scored = collect(Events.orderScored);
    const card = {
      bin: '522222',
      last4: '4444',
      fingerprint: `card-cb-${prefix}`,
      brand: 'mastercard',
      issuerCountry: 'DE',
    };
    const first = anOrder({ card, placedAt: timestampFromMs(Date.now() - 3_600_000) });
    await publish(Events.orderPlaced, anOrderPlaced({ order: first }));
    const before = await scored.next((m) => m.orderId === first.orderId);

    await publish(Events.chargebackReported, aChargebackReported({ orderId: first.orderId }));
    const cbo = entityKey(tenant, 'card', new IdentifierHasher(SECRET).hash('card', card.fingerprint), 'cbo');
    for (let i = 0; i < 100 && (await redis.zcard(cbo)) === 0; i++)
      await new Promise((r) => setTimeout(r, 50));

    const later = anOrder({ card, placedAt: timestampFromMs(Date.now()) });
    await publish(Events.orderPlaced, anOrderPlaced({ order: later }));
    const after = await scored.next((m) => m.orderId === later.orderId);
    expect(after.assessment?.score).toBeGreaterThan(before.assessment?.score ?? 1);
    expect(after.assessment?.reasons.map((r) => r.code)).toContain('rule:deny-after-chargeback');
    scored.sub.unsubscribe();
  });

  it('alerts on a declined order with an analyst narrative, written locally when no LLM is configured', async () => {
    const alerts = collect(Events.fraudAlert);
    const card = {
      bin: '400000',
      last4: '0002',
      fingerprint: `card-denied-${prefix}`,
      brand: 'visa',
      issuerCountry: 'DE',
    };
    await app.get<symbol, FeatureStore>(FEATURE_STORE).setList(tenant, 'card', card.fingerprint, 'deny');
    const order = anOrder({ card, placedAt: timestampFromMs(Date.now()) });
    await publish(Events.orderPlaced, anOrderPlaced({ order }));
    const alert = await alerts.next((m) => m.orderId === order.orderId);
    expect(alert.reasons[0].code).toBe('deny_list:card');
    expect(alert.narrative).toMatch(/decline/);
    expect(alert.narrativeSource?.tier).toBe(SourceTier.LOCAL);
    expect(alert.narrativeSource?.promptVersion).toBe('fraud.alert_narrative@1');
    alerts.sub.unsubscribe();
  });

  it('flags a review farm: new accounts posting near-identical unverified reviews of one product', async () => {
    const flagged = collect(Events.reviewFlagged);
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
    const last = await flagged.next((m) => m.reviewId === ids[ids.length - 1]);
    const reasons = last.flags.map((f) => f.reason);
    expect(reasons).toContain(ReviewFlagReason.BURST_NEW_ACCOUNTS);
    expect(reasons).toContain(ReviewFlagReason.NEAR_DUPLICATE);
    expect(last.flags.find((f) => f.reason === ReviewFlagReason.NEAR_DUPLICATE)?.relatedReviewIds[0]).toMatch(
      /^review-/,
    );

    // An ordinary verified review of another product from an old account is not flagged.
    const fine = aReviewSubmitted({ productId: `product-${prefix}-fine`, userId: `regular-${prefix}` });
    await publish(Events.reviewSubmitted, fine);
    const probe = aReviewSubmitted({
      productId: product,
      userId: `farm-${prefix}-probe`,
      verifiedPurchase: false,
      body: texts[0],
      accountCreatedAt: timestampFromMs(now - 3_600_000),
    });
    await publish(Events.reviewSubmitted, probe);
    await flagged.next((m) => m.reviewId === probe.reviewId);
    expect(flagged.seen.map((m) => m.reviewId)).not.toContain(fine.reviewId);
    flagged.sub.unsubscribe();
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
    await until(async () => (await redis.exists(reviewer)) === 1);
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
    await until(async () => (await redis.exists(userEv, cardEv, reviewer)) === 0);
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

  it('refuses a broken rules file, keeps the previous rules and keeps scoring', async () => {
    const loader = app.get(RuleSetLoader);
    const file = join(dir, 'rules.yaml');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good.replace('feature: card_testing', 'feature: no_such_feature'));
    const error = loader.reload();
    expect(error?.message).toMatch(/rules\.0\.when\.all\.0\.feature.*no_such_feature/);

    const reply = await score(anOrder({ placedAt: timestampFromMs(Date.now()) }));
    expect(reply.assessment?.ruleSetVersion).toBe('2026-11-28.1');
    expect(reply.assessment?.decision).not.toBe(Decision.UNSPECIFIED);

    writeFileSync(file, good.replace('version: "2026-11-28.1"', 'version: "2026-11-28.2"'));
    expect(loader.reload()).toBeUndefined();
    expect((await score(anOrder({ placedAt: timestampFromMs(Date.now()) }))).assessment?.ruleSetVersion).toBe(
      '2026-11-28.2',
    );
  });
});

// Keep imported schemas referenced for readers: these are the messages this suite speaks.
void [
  ChargebackReportedSchema,
  OrderPlacedSchema,
  OrderScoredSchema,
  ReviewFlaggedSchema,
  ReviewSubmittedSchema,
  create,
];
