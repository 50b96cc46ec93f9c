import { describe, expect, it } from '@jest/globals';
import { NO_FACTS, type GraphFacts } from '../graph-facts.js';
import type { CatalogueFacts, GuideCandidate } from './guide-candidate.js';
import { isSafeFor, minimumAgeMonths, safetyProblems } from './safety.js';

const candidate = (
  catalogue: Partial<CatalogueFacts> = {},
  graph: Partial<GraphFacts> = {},
): GuideCandidate => ({
  product: { id: 'p', title: 'Dino puzzle', brand: '', categoryPath: ['Toys'], url: '', imageUrl: '' },
  catalogue: { attributes: {}, description: '', ...catalogue },
  graph: { ...NO_FACTS, ...graph },
});

describe('guide safety rules', () => {
  it('takes the higher of the catalogue minimum age and the graph AGE_MIN (years × 12)', () => {
    const c = candidate({ ageMinMonths: 36 }, { ageMin: 4 });
    expect(minimumAgeMonths(c)).toBe(48);
    expect(isSafeFor(c, { ageMonths: 42 })).toBe(false);
    expect(isSafeFor(c, { ageMonths: 48 })).toBe(true);
    expect(minimumAgeMonths(candidate({}, { ageMin: 1.5 }))).toBe(18);
  });

  it('never shows a product with no known minimum age to a child under 3, and does from 3 on', () => {
    expect(safetyProblems(candidate(), 35)).toEqual(['no known minimum age']);
    expect(safetyProblems(candidate(), 36)).toEqual([]);
  });

  it.each([
    ['the attribute small_parts', candidate({ ageMinMonths: 0, attributes: { small_parts: 'yes' } })],
    [
      'the attribute "Small Parts: true"',
      candidate({ ageMinMonths: 0, attributes: { 'Small Parts': 'true' } }),
    ],
    ['the graph feature', candidate({ ageMinMonths: 0 }, { features: ['small parts'] })],
    [
      'a warning in the description',
      candidate({ ageMinMonths: 0, description: 'Contains small parts – choking hazard.' }),
    ],
    ['"choking hazard" alone', candidate({ ageMinMonths: 0, description: 'WARNING: CHOKING HAZARD.' })],
  ])('keeps small parts from under-3s: %s', (_, c) => {
    expect(safetyProblems(c, 24)).toEqual(['small parts']);
    expect(safetyProblems(c, 36)).toEqual([]);
  });

  it('does not read a denial or a "no" attribute as small parts', () => {
    expect(
      safetyProblems(candidate({ ageMinMonths: 0, description: 'Chunky, no small parts.' }), 12),
    ).toEqual([]);
    expect(safetyProblems(candidate({ ageMinMonths: 0, attributes: { small_parts: 'no' } }), 12)).toEqual([]);
  });

  it('judges an unknown age as a newborn’s, except for a colleague or the shopper themself', () => {
    const lego = candidate({ ageMinMonths: 72 });
    expect(isSafeFor(lego, {})).toBe(false);
    expect(isSafeFor(lego, { recipient: 'niece' })).toBe(false);
    expect(isSafeFor(lego, { recipient: 'colleague' })).toBe(true);
    expect(isSafeFor(candidate(), { recipient: 'myself' })).toBe(true);
  });
});
