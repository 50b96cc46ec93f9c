import { describe, expect, it } from '@jest/globals';
import { contentText, cosine, mostSimilar } from './content-similarity.js';
import { graphFactsOf, NO_FACTS, sharedFact } from './graph-facts.js';
import { reasonFor } from './reasons.js';

describe('content similarity', () => {
  it('scores identical directions 1, orthogonal 0, and an empty vector 0', () => {
    expect(cosine([1, 2, 3], [2, 4, 6])).toBeCloseTo(1);
    expect(cosine([1, 0], [0, 1])).toBe(0);
    expect(cosine([0, 0], [1, 1])).toBe(0);
  });

  it('keeps the m most similar candidates with a positive similarity, strongest first, ties by id', () => {
    const candidates = new Map<string, number[]>([
      ['b', [1, 0]],
      ['a', [1, 0]],
      ['c', [1, 1]],
      ['opposite', [-1, 0]],
    ]);
    expect(mostSimilar([1, 0], candidates, 2).map((s) => s.productId)).toEqual(['a', 'b']);
    expect(mostSimilar([1, 0], candidates, 10).map((s) => s.productId)).toEqual(['a', 'b', 'c']);
  });

  it('puts title, brand, categories, attributes, graph facts and description into the text', () => {
    const text = contentText(
      {
        title: 'Stacking Rainbow',
        brand: 'Grimm',
        categoryPath: ['Toys', 'Baby'],
        attributes: { pieces: '6', colour: 'multi' },
        description: 'Six arches.',
      },
      graphFactsOf(['material:wood', 'age_min:1']),
    );
    expect(text).toBe(
      'Stacking Rainbow. Grimm. Toys Baby. colour multi. pieces 6. made of wood. ages 1+. Six arches.',
    );
  });
});

describe('fact-based reasons', () => {
  const seed = 'Wooden Train';
  const reason = (a: string[], b: string[]) =>
    reasonFor({ kind: 'content', seedTitle: seed, shared: sharedFact(graphFactsOf(a), graphFactsOf(b)) });

  it('names a shared material first', () => {
    expect(reason(['material:wood', 'age_min:3'], ['age_min:3', 'material:wood'])).toBe(
      'made of wood like Wooden Train',
    );
  });

  it('names a shared minimum age when no material is shared', () => {
    expect(reason(['material:wood', 'age_min:3'], ['material:plastic', 'age_min:3'])).toBe(
      'for ages 3+ like Wooden Train',
    );
    expect(reason(['age_min:3', 'age_max:6'], ['age_min:3', 'age_max:6'])).toBe(
      'for ages 3 to 6 like Wooden Train',
    );
  });

  it('names a shared audience, then a shared feature', () => {
    expect(reason(['audience:toddler'], ['audience:toddler'])).toBe('for toddler like Wooden Train');
    expect(reason(['feature:magnetic'], ['feature:magnetic'])).toBe('with magnetic like Wooden Train');
  });

  it('says "similar to" when no single fact explains it', () => {
    expect(reason(['material:wood'], ['material:metal'])).toBe('similar to Wooden Train');
    expect(sharedFact(NO_FACTS, NO_FACTS)).toBeUndefined();
  });
});
