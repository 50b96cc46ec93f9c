import { describe, expect, it } from '@jest/globals';
import { NO_FACTS } from '../graph-facts.js';
import type { GuideCandidate } from './guide-candidate.js';
import { EMPTY_PROFILE, type GuideProfile } from './guide-profile.js';
import { ageNoun, pickReasons, questionFor, recommendationText } from './guide-replies.js';

const eur = (amountMinor: bigint) => ({ currency: 'EUR', amountMinor });
const niece: GuideProfile = {
  ...EMPTY_PROFILE,
  recipient: 'niece',
  ageMonths: 48,
  interests: ['dinosaur'],
  budgetMax: eur(3000n),
  constraints: ['no batteries'],
};
const dig: GuideCandidate = {
  product: {
    id: 'p1',
    title: 'Dinosaur Dig Kit',
    brand: '',
    categoryPath: ['Toys'],
    price: eur(2499n),
    url: '',
    imageUrl: '',
  },
  catalogue: { ageMinMonths: 36, attributes: {}, description: 'Excavate three dinosaur skeletons.' },
  graph: { ...NO_FACTS, ageMin: 3 },
};

describe('guide replies', () => {
  it('asks about each slot in words that fit the recipient', () => {
    expect(questionFor('age', { ...EMPTY_PROFILE, recipient: 'niece' })).toBe('How old is your niece?');
    expect(questionFor('age', EMPTY_PROFILE)).toBe('How old is the child?');
    expect(questionFor('interests', { ...EMPTY_PROFILE, recipient: 'grandson' })).toBe(
      'What is he into — dinosaurs, drawing, football, books…?',
    );
    expect(questionFor('budget', EMPTY_PROFILE)).toBe('Roughly how much would you like to spend?');
  });

  it('gives each pick its reasons: age fit, interest, budget, constraints', () => {
    expect(pickReasons(dig, niece)).toEqual([
      'ages 3+, right for a 4-year-old',
      'for a dinosaur fan',
      '€24.99, within your €30',
      'no batteries needed',
    ]);
  });

  it('writes the recommendation as one line per pick', () => {
    expect(recommendationText([dig], niece)).toBe(
      'Here is an idea for your niece:\n- Dinosaur Dig Kit (€24.99) — ages 3+, right for a 4-year-old; for a dinosaur fan; €24.99, within your €30; no batteries needed',
    );
  });

  it('names ages the way they are said', () => {
    expect([ageNoun(18), ageNoun(30), ageNoun(96), ageNoun(132)]).toEqual([
      'an 18-month-old',
      'a 2-year-old',
      'an 8-year-old',
      'an 11-year-old',
    ]);
  });
});
