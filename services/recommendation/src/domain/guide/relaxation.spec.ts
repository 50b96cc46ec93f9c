import { describe, expect, it } from '@jest/globals';
import { NO_FACTS, type GraphFacts } from '../graph-facts.js';
import type { GuideCandidate } from './guide-candidate.js';
import { EMPTY_PROFILE, type GuideProfile } from './guide-profile.js';
import { misfits } from './profile-fit.js';
import { relaxation, type Rejection } from './relaxation.js';

const eur = (amountMinor: bigint) => ({ currency: 'EUR', amountMinor });
const candidate = (id: string, priceMinor: bigint, graph: Partial<GraphFacts> = {}): GuideCandidate => ({
  product: {
    id,
    title: `Toy ${id}`,
    brand: '',
    categoryPath: ['Toys'],
    price: eur(priceMinor),
    url: '',
    imageUrl: '',
  },
  catalogue: { attributes: {}, description: '', ageMinMonths: 36 },
  graph: { ...NO_FACTS, ...graph },
});
const judge = (p: GuideProfile, cs: GuideCandidate[]): Rejection[] =>
  cs.map((candidate) => ({ candidate, misfits: misfits(candidate, p) }));

describe('relaxation', () => {
  it('offers the nearest price when it is at most a quarter over the budget, rounded up to a whole unit', () => {
    const p: GuideProfile = { ...EMPTY_PROFILE, budgetMax: eur(3000n), constraints: ['wooden'] };
    const cs = [candidate('a', 3499n, { materials: ['wood'] }), candidate('b', 2000n), candidate('c', 2500n)];
    const r = relaxation(p, judge(p, cs), cs.length);
    expect(r.relax).toBe('budget');
    expect(r.budgetMax).toEqual(eur(3500n));
    expect(r.admits.map((c) => c.product.id)).toEqual(['a']);
    expect(r.sentence).toBe(
      "I couldn't find anything up to €30 that fits. The nearest ideas cost up to €35 — shall I show you those?",
    );
  });

  it('otherwise relaxes the wish that admits the most safe products', () => {
    const p: GuideProfile = { ...EMPTY_PROFILE, budgetMax: eur(3000n), constraints: ['wooden'] };
    const cs = [candidate('a', 9000n, { materials: ['wood'] }), candidate('b', 2000n), candidate('c', 2500n)];
    const r = relaxation(p, judge(p, cs), cs.length);
    expect(r.relax).toBe('wooden');
    expect(r.admits.map((c) => c.product.id)).toEqual(['b', 'c']);
    expect(r.sentence).toBe(
      "I couldn't find anything that fits and is made of wood. Shall I show you ideas that are not?",
    );
  });

  it('never relaxes safety: with nothing safe it says so and offers nothing', () => {
    const r = relaxation({ ...EMPTY_PROFILE, ageMonths: 24 }, [], 0);
    expect(r.relax).toBeUndefined();
    expect(r.sentence).toContain('safe for a 2-year-old');
  });

  it('offers nothing single when every product misses two wishes', () => {
    const p: GuideProfile = { ...EMPTY_PROFILE, budgetMax: eur(1000n), constraints: ['wooden'] };
    const cs = [candidate('a', 9000n)];
    const r = relaxation(p, judge(p, cs), 1);
    expect(r.relax).toBeUndefined();
    expect(r.admits).toEqual([]);
  });
});
