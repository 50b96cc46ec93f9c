import { describe, expect, it } from '@jest/globals';
import { seededRandom } from './seeded-random.js';

describe('seededRandom', () => {
  it('gives the same sequence for the same seed, another for another seed, within [0, 1)', () => {
    const a = seededRandom(101);
    const b = seededRandom(101);
    const c = seededRandom(102);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 1000 }, () => c())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    // Pinned: a generated replay committed to the repository must regenerate identically.
    expect(seededRandom(1)()).toBeCloseTo(0.6270739405881613, 15);
  });
});
