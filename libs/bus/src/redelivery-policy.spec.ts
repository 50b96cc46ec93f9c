import { describe, expect, it } from '@jest/globals';
import { ContractError } from '@shopmind/contracts';
import { DeferError, PermanentError, TransientError } from '@shopmind/errors';
import { DelayedRedeliveryBudget, dispose, pastDeliveryLimit, retryDelay } from './redelivery-policy.js';

const settings = { maxDeliver: 5, retryDelayMs: 100, maxRetryDelayMs: 1000 };

describe('retryDelay', () => {
  it('doubles with each delivery and stops at the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => retryDelay(n, settings))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('uses the retry-after hint when given, still capped', () => {
    expect(retryDelay(1, settings, 250)).toBe(250);
    expect(retryDelay(1, settings, 60_000)).toBe(1000);
  });
});

describe('dispose', () => {
  it('dead-letters contract violations and permanent errors on the first delivery', () => {
    expect(dispose(new ContractError('invalid', 'rating: must be <= 5'), 1, settings)).toMatchObject({
      action: 'dead-letter',
      kind: 'contract',
      reason: expect.stringContaining('rating'),
    });
    expect(dispose(new PermanentError('no such product'), 1, settings)).toMatchObject({
      action: 'dead-letter',
      kind: 'permanent',
    });
  });

  it('retries transient and unknown errors until the last delivery, then dead-letters', () => {
    expect(dispose(new TransientError('redis down'), 2, settings)).toEqual({
      action: 'retry',
      delayMs: 200,
      deferred: false,
      reason: 'TransientError: redis down',
    });
    expect(dispose(new Error('bug'), 1, settings)).toMatchObject({ action: 'retry' });
    expect(dispose(new TransientError('redis down'), 5, settings)).toMatchObject({
      action: 'dead-letter',
      kind: 'max_deliveries',
    });
  });

  it('dead-letters a delivery past the limit without a handler error, and nothing up to the limit', () => {
    expect(pastDeliveryLimit(5, settings)).toBeUndefined();
    expect(pastDeliveryLimit(6, settings)).toMatchObject({
      action: 'dead-letter',
      kind: 'max_deliveries',
      reason: expect.stringContaining('exceeded at delivery 6'),
    });
  });

  it('marks deferrals and honours their retry-after', () => {
    expect(dispose(new DeferError('rate limited', 300), 1, settings)).toMatchObject({
      action: 'retry',
      delayMs: 300,
      deferred: true,
    });
  });
});

describe('DelayedRedeliveryBudget', () => {
  it('has no room once it holds its capacity and frees a slot after the delay', async () => {
    const budget = new DelayedRedeliveryBudget(2);
    budget.hold(10);
    expect(budget.hasRoom()).toBe(true);
    budget.hold(10_000);
    expect(budget.hasRoom()).toBe(false);
    await new Promise((r) => setTimeout(r, 30));
    expect(budget.hasRoom()).toBe(true);
    budget.clear();
    expect(budget.size).toBe(0);
  });
});
