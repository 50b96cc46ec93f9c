import { describe, expect, it } from '@jest/globals';
import type { GatewayCall } from '../call/gateway-call.js';
import { fromStored, parseFlight, parseStored, type StoredResult } from './flight-outcome.js';

const stored: StoredResult = {
  output: { label: 'positive' },
  tier: 'provider',
  provider: 'primary',
  model: 'model-a',
  usage: { inputTokens: 120, outputTokens: 30 },
  costUsd: 0.002,
  attempts: [{ provider: 'primary', model: 'model-a', outcome: 'ok' }],
};
const call = { cacheKey: 'k1' } as GatewayCall<unknown, { label: string }>;

describe('flight outcomes', () => {
  it('reports usage, cost and attempts only to the caller that paid', () => {
    const paid = fromStored(call, stored, { source: { tier: 'provider' }, paid: true });
    expect(paid).toMatchObject({
      output: { label: 'positive' },
      source: { tier: 'provider', provider: 'primary', model: 'model-a', attempts: stored.attempts },
      usage: stored.usage,
      costUsd: 0.002,
      cacheKey: 'k1',
    });
    const follower = fromStored(call, stored, { source: { tier: 'provider', coalesced: true }, paid: false });
    expect(follower.source).toEqual({
      tier: 'provider',
      coalesced: true,
      provider: 'primary',
      model: 'model-a',
    });
    expect(follower.usage).toEqual({ inputTokens: 0, outputTokens: 0 });
    expect(follower.costUsd).toBe(0);
  });

  it('reads an unreadable or foreign stored entry as a miss', () => {
    expect(parseStored(JSON.stringify(stored))).toEqual(stored);
    expect(parseStored('{"answer":1}')).toBeUndefined();
    expect(parseStored('not json')).toBeUndefined();
    expect(parseStored('null')).toBeUndefined();
  });

  it('marks a published outcome as received by a follower, keeping whose flight it was', () => {
    const payload = JSON.stringify({
      kind: 'deferred',
      retryAfterMs: 500,
      reason: 'rate_limited',
      via: 'leader',
      leader: 'tok',
    });
    expect(parseFlight(payload)).toEqual({
      kind: 'deferred',
      retryAfterMs: 500,
      reason: 'rate_limited',
      via: 'follower',
      leader: 'tok',
    });
  });
});
