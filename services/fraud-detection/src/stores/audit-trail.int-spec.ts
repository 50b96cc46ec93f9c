// The audit trail on a real Redis: one batch holds several shops' decisions, each stored in its own
// shop's stream in the order decided (on a Redis Cluster the shops' streams are in different slots).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RedisConnection } from '@shopmind/redis';
import { connectTestRedis, startInfra, uniqueTenant, type Infra } from '@shopmind/testing';
import type { AuditRecord } from '../domain/order-scorer.js';
import { AuditTrail } from './audit-trail.js';

let infra: Infra;
let redis: RedisConnection;

beforeAll(async () => {
  infra = await startInfra();
  redis = connectTestRedis(infra.redis);
});

afterAll(async () => {
  redis.disconnect();
  await infra.stop();
});

const decision = (tenant: string, orderId: string): AuditRecord =>
  ({
    tenant,
    orderId,
    occurredAt: 1_700_000_000_000,
    source: 'order',
    score: 0.1,
    decision: 'approve',
    modelScore: 0.1,
    rulesHit: [],
    shadowRulesHit: [],
    reasons: [],
    ruleSetVersion: 'r1',
    modelVersion: 'm1',
    features: {},
  }) as unknown as AuditRecord;

describe('AuditTrail on Redis', () => {
  it('stores a batch of several shops’ decisions, each in its shop’s stream and in order', async () => {
    const shops = [uniqueTenant('audit'), uniqueTenant('audit'), uniqueTenant('audit')];
    const trail = new AuditTrail(redis, 1000, 60_000);
    const written: Promise<void>[] = [];
    for (let i = 0; i < 12; i++) written.push(trail.record(decision(shops[i % 3]!, `o-${i}`)));
    await trail.flush();
    await Promise.all(written);
    for (const [s, shop] of shops.entries()) {
      const recent = await trail.recent(shop, 10);
      expect(recent.map((r) => r.orderId)).toEqual([9, 6, 3, 0].map((i) => `o-${i + s}`));
      expect(recent.every((r) => r.tenant === shop)).toBe(true);
    }
  });
});
