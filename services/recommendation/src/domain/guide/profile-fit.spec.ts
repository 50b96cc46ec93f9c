import { describe, expect, it } from '@jest/globals';
import { NO_FACTS, type GraphFacts } from '../graph-facts.js';
import type { ProductFacts } from '../product-facts.js';
import type { CatalogueFacts, GuideCandidate } from './guide-candidate.js';
import { EMPTY_PROFILE, type Constraint, type GuideProfile } from './guide-profile.js';
import { constraintHolds, matchedInterests, misfits } from './profile-fit.js';

const candidate = (
  product: Partial<ProductFacts> = {},
  catalogue: Partial<CatalogueFacts> = {},
  graph: Partial<GraphFacts> = {},
): GuideCandidate => ({
  product: { id: 'p', title: 'Toy', brand: '', categoryPath: ['Toys'], url: '', imageUrl: '', ...product },
  catalogue: { attributes: {}, description: '', ...catalogue },
  graph: { ...NO_FACTS, ...graph },
});
const eur = (amountMinor: bigint) => ({ currency: 'EUR', amountMinor });
const profile = (p: Partial<GuideProfile>): GuideProfile => ({ ...EMPTY_PROFILE, ...p });

describe('profile fit', () => {
  it('keeps the budget inclusive, in the same currency, and leaves out a product without a price', () => {
    const p = profile({ budgetMin: eur(1000n), budgetMax: eur(3000n) });
    expect(misfits(candidate({ price: eur(3000n) }), p)).toEqual([]);
    expect(misfits(candidate({ price: eur(3001n) }), p)).toEqual(['over budget']);
    expect(misfits(candidate({ price: eur(999n) }), p)).toEqual(['under budget']);
    expect(misfits(candidate({ price: { currency: 'GBP', amountMinor: 2000n } }), p)).toEqual(['no price']);
    expect(misfits(candidate(), p)).toEqual(['no price']);
  });

  it.each<[Constraint, GuideCandidate, GuideCandidate]>([
    [
      'no batteries',
      candidate({}, { description: 'No batteries needed.' }),
      candidate({}, { description: '2 AA batteries not included.' }),
    ],
    ['no batteries', candidate(), candidate({}, {}, { features: ['rechargeable'] })],
    ['no small parts', candidate(), candidate({}, { attributes: { small_parts: 'yes' } })],
    [
      'no screens',
      candidate({}, { description: 'Screen-free coding robot.' }),
      candidate({ title: 'Kids tablet with 7" screen' }),
    ],
    [
      'eco-friendly',
      candidate({}, {}, { materials: ['bamboo'] }),
      candidate({}, {}, { materials: ['plastic'] }),
    ],
    ['eco-friendly', candidate({}, { description: 'Made from recycled bottles.' }), candidate()],
    ['wooden', candidate({}, {}, { materials: ['wood'] }), candidate({}, {}, { materials: ['plastic'] })],
    [
      'not plastic',
      candidate({}, { description: 'Plastic-free packaging, solid beech.' }),
      candidate({}, { attributes: { material: 'ABS' } }),
    ],
    [
      'quiet',
      candidate({ title: 'Wooden stacking rings' }),
      candidate({}, { description: 'Plays 12 melodies with lights and sounds.' }),
    ],
    ['washable', candidate({}, {}, { features: ['machine washable'] }), candidate({ title: 'Plush bunny' })],
  ])('judges %s from catalogue and graph facts', (constraint, holds, fails) => {
    expect(constraintHolds(holds, constraint)).toBe(true);
    expect(constraintHolds(fails, constraint)).toBe(false);
  });

  it('matches an interest when every word of it (singular or plural) is among the product words', () => {
    const game = candidate({ title: 'Dinosaur Board Games Night', categoryPath: ['Games'] });
    expect(matchedInterests(game, ['dinosaur', 'board game', 'space'])).toEqual(['dinosaur', 'board game']);
    expect(misfits(game, profile({ interests: ['space'] }))).toEqual(['interests']);
    expect(matchedInterests(candidate({}, {}, { features: ['small parts'] }), ['small part'])).toEqual([
      'small part',
    ]);
  });
});
