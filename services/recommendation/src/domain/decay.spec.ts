import { describe, expect, it } from '@jest/globals';
import { decayedAt, growthAt } from './decay.js';

const DAY = 86_400_000;
const WEEK = 7 * DAY;

describe('decay', () => {
  it('halves a signal one half-life older than the newest event', () => {
    const anchor = 1_700_000_000_000;
    const old = growthAt(anchor, anchor, WEEK);
    const recent = growthAt(anchor + WEEK, anchor, WEEK);
    expect(decayedAt(old, anchor + WEEK, anchor, WEEK)).toBeCloseTo(0.5);
    expect(decayedAt(recent, anchor + WEEK, anchor, WEEK)).toBeCloseTo(1);
  });

  it('gives the same decayed value whatever the anchor, so stored scores never need a rewrite', () => {
    const at = 1_700_000_000_000 + 3 * DAY;
    const now = at + 10 * DAY;
    for (const anchor of [at - 30 * DAY, at, at + 5 * DAY])
      expect(decayedAt(5 * growthAt(at, anchor, WEEK), now, anchor, WEEK)).toBeCloseTo(5 * 2 ** (-10 / 7));
  });

  it('ranks a recent weak signal against an old strong one by their decayed weights', () => {
    const anchor = 0;
    const purchaseTwoWeeksAgo = 10 * growthAt(0, anchor, WEEK);
    const clickNow = 2 * growthAt(2 * WEEK, anchor, WEEK);
    const viewNow = 1 * growthAt(2 * WEEK, anchor, WEEK);
    // 10 / 4 = 2.5 > 2 > 1
    expect(purchaseTwoWeeksAgo).toBeGreaterThan(clickNow);
    expect(clickNow).toBeGreaterThan(viewNow);
  });
});
