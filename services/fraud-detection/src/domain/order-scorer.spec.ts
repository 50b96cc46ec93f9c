import { describe, expect, it } from '@jest/globals';
import { anOrder, shippedModel, shippedRules, T0 } from '../fixtures/orders.js';
import { MemoryFeatureStore } from '../stores/memory-feature-store.js';
import { HOUR } from './order-facts.js';
import { fallbackDecision, scoreOrder } from './order-scorer.js';
import { parseRuleSet } from './rule-set.js';

const rules = shippedRules();
const model = shippedModel();

async function scoreAll(store: MemoryFeatureStore, orders: ReturnType<typeof anOrder>[]) {
  const out = [];
  for (const o of orders)
    out.push(scoreOrder(o, await store.observeOrder(o, rules.cardTesting.smallAmount), rules, model));
  return out;
}

describe('scoreOrder', () => {
  it('approves an ordinary order of a long-standing customer', async () => {
    const store = new MemoryFeatureStore();
    const history = [0, 1, 2].map((d) => anOrder({ occurredAt: T0 - (d + 3) * 86_400_000 }));
    const [, , , d] = await scoreAll(store, [...history, anOrder()]);
    expect(d.decision).toBe('approve');
    expect(d.score).toBeLessThan(rules.thresholds.default.review);
  });

  it('declines a card-testing burst: small orders from one device, each with another card', async () => {
    const store = new MemoryFeatureStore();
    const burst = Array.from({ length: 8 }, (_, i) =>
      anOrder({
        userId: '',
        email: `x${i}@mailinator.com`,
        cardFingerprint: `fp-t${i}`,
        deviceId: 'dev-bad',
        ip: '198.51.100.9',
        amount: 2,
        lines: [{ sku: 'gc', category: 'Gift cards', quantity: 1, unitPrice: 2 }],
        occurredAt: T0 + i * 60_000,
        accountCreatedAt: 0,
      }),
    );
    const decisions = await scoreAll(store, burst);
    const last = decisions[decisions.length - 1];
    expect(last.decision).toBe('decline');
    expect(last.rulesHit).toContain('card-testing-burst');
    expect(last.features.card_testing).toBeGreaterThanOrEqual(4);
    expect(last.reasons.some((r) => r.code === 'rule:card-testing-burst')).toBe(true);
  });

  it('explains a model score with each feature’s contribution', async () => {
    const store = new MemoryFeatureStore();
    const [d] = await scoreAll(store, [
      anOrder({
        userId: 'fresh',
        email: 'f@yopmail.com',
        accountCreatedAt: T0 - 60_000,
        cardCountry: 'US',
        billingCountry: 'US',
        shippingCountry: 'NG',
        amount: 900,
        lines: [{ sku: 'ph', category: 'Electronics > Smartphones', quantity: 1, unitPrice: 900 }],
      }),
    ]);
    const model = d.reasons.filter((r) => r.code.startsWith('model:'));
    expect(model.length).toBeGreaterThan(0);
    expect(model.every((r) => r.contribution > 0)).toBe(true);
    expect(d.score).toBeGreaterThan(0.5);
  });

  it('declines whatever the score when the card is on the deny list, and approves allow-listed devices', async () => {
    const store = new MemoryFeatureStore();
    await store.setList('acme', 'card', 'fp-stolen', 'deny');
    const [denied] = await scoreAll(store, [anOrder({ cardFingerprint: 'fp-stolen' })]);
    expect(denied.decision).toBe('decline');
    expect(denied.reasons[0].code).toBe('deny_list:card');

    await store.setList('acme', 'device', 'dev-qa', 'allow');
    const burst = Array.from({ length: 6 }, (_, i) =>
      anOrder({
        userId: '',
        email: `qa${i}@shop.test`,
        cardFingerprint: `fp-qa${i}`,
        deviceId: 'dev-qa',
        ip: '192.0.2.1',
        amount: 1,
        occurredAt: T0 + i * 1000,
      }),
    );
    const decisions = await scoreAll(store, burst);
    expect(decisions[5].decision).toBe('approve');
    expect(decisions[5].reasons[0].code).toBe('allow_list:device');
  });

  it('evaluates a shadow rule and records it without acting on it', async () => {
    const store = new MemoryFeatureStore();
    const [d] = await scoreAll(store, [
      anOrder({
        userId: 'gc',
        accountCreatedAt: T0 - HOUR,
        amount: 20,
        lines: [{ sku: 'gc', category: 'Gift cards', quantity: 1, unitPrice: 20 }],
      }),
    ]);
    expect(d.shadowRulesHit).toContain('gift-cards-on-new-account');
    expect(d.rulesHit).not.toContain('gift-cards-on-new-account');
    expect(d.reasons.map((r) => r.code)).not.toContain('rule:gift-cards-on-new-account');
  });

  it('applies the tenant’s thresholds', async () => {
    const strict = parseRuleSet(
      JSON.stringify({
        ...rules,
        thresholds: {
          default: rules.thresholds.default,
          tenants: { acme: { review: 0, decline: 1, alert: 1 } },
        },
      }),
    );
    const store = new MemoryFeatureStore();
    const o = anOrder();
    const d = scoreOrder(o, await store.observeOrder(o, 15), strict, model);
    expect(d.decision).toBe('review');
    expect(d.thresholds.review).toBe(0);
  });

  it('raises the score of a later order with a charged-back card', async () => {
    const store = new MemoryFeatureStore();
    const first = anOrder({ userId: 'u-a', email: 'a@example.com', deviceId: 'dev-a' });
    await scoreAll(store, [first]);
    const before = (
      await scoreAll(new MemoryFeatureStore(), [
        anOrder({ userId: 'u-b', email: 'b@example.com', deviceId: 'dev-b', occurredAt: T0 + HOUR }),
      ])
    )[0];
    await store.recordChargeback('acme', first.orderId);
    const [after] = await scoreAll(store, [
      anOrder({ userId: 'u-b', email: 'b@example.com', deviceId: 'dev-b', occurredAt: T0 + HOUR }),
    ]);
    expect(after.features.chargebacks).toBeGreaterThan(0);
    expect(after.score).toBeGreaterThan(before.score);
    expect(after.rulesHit).toContain('deny-after-chargeback');
  });
});

describe('fallbackDecision', () => {
  it('gives the configured decision with a score that agrees with it and says why', () => {
    const t = rules.thresholds.default;
    const review = fallbackDecision(anOrder(), 'review', rules, model);
    expect(review).toMatchObject({ decision: 'review', score: t.review, alert: false, contributions: [] });
    expect(review.reasons.map((r) => r.code)).toEqual(['redis_unavailable']);
    expect(fallbackDecision(anOrder(), 'decline', rules, model).score).toBe(t.decline);
    expect(fallbackDecision(anOrder(), 'approve', rules, model).score).toBe(0);
  });
});
