import { describe, expect, it } from '@jest/globals';
import { retryAfterMsOf } from './retry-after.js';

describe('retryAfterMsOf', () => {
  it('prefers retry-after-ms, then Retry-After seconds, then an HTTP date', () => {
    expect(retryAfterMsOf(new Headers({ 'retry-after-ms': '1500.5', 'retry-after': '9' }))).toBe(1501);
    expect(retryAfterMsOf(new Headers({ 'retry-after': '2' }))).toBe(2000);
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    const fromDate = retryAfterMsOf(new Headers({ 'retry-after': inTenSeconds }))!;
    expect(fromDate).toBeGreaterThan(8_000);
    expect(fromDate).toBeLessThanOrEqual(10_000);
  });

  it('returns undefined when the provider said nothing usable', () => {
    expect(retryAfterMsOf(new Headers())).toBeUndefined();
    expect(retryAfterMsOf(new Headers({ 'retry-after': 'soon-ish' }))).toBeUndefined();
    expect(retryAfterMsOf(undefined)).toBeUndefined();
  });
});
