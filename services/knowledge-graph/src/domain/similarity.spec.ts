import { describe, expect, it } from '@jest/globals';
import type { Triple } from './triple.js';
import { jaccard, mostSimilar, rankSimilar, similarityKeys } from './similarity.js';

const facts = (id: string, pairs: [Triple['relation'], string | number][]): Triple[] =>
  pairs.map(([relation, object]) => ({
    subject: id,
    relation,
    object,
    provenance: { sourceEventId: 'e', extractor: 'attributes', confidence: 1 },
  }));

describe('similarity', () => {
  const a = facts('a', [
    ['BRAND', 'brio'],
    ['IN_CATEGORY', 'train set'],
    ['MADE_OF', 'wood'],
    ['AGE_MIN', 3],
  ]);
  const b = facts('b', [
    ['BRAND', 'brio'],
    ['IN_CATEGORY', 'train set'],
    ['MADE_OF', 'plastic'],
    ['AGE_MIN', 3],
  ]);
  const c = facts('c', [
    ['BRAND', 'hape'],
    ['IN_CATEGORY', 'puzzle'],
  ]);

  it('scores shared facts (Jaccard), ignoring numeric ones', () => {
    expect(jaccard(a, b)).toBe(0.5);
    expect(jaccard(a, c)).toBe(0);
  });

  it('keeps the most similar candidates above the threshold, best first', () => {
    expect(
      mostSimilar(
        a,
        [
          { productId: 'c', facts: c },
          { productId: 'b', facts: b },
        ],
        5,
        0.3,
      ),
    ).toEqual([{ productId: 'b', weight: 0.5 }]);
    expect(mostSimilar(a, [{ productId: 'b', facts: b }], 5, 0.6)).toEqual([]);
  });

  it('ranks candidates given as fact keys as it ranks them given as facts', () => {
    const keys = (f: Triple[]) => f.map((t) => `${t.relation}|${String(t.object)}`);
    expect(
      rankSimilar(
        similarityKeys(a),
        [
          { productId: 'c', keys: keys(c) },
          { productId: 'b', keys: keys(b) },
        ],
        5,
        0,
      ),
    ).toEqual(
      mostSimilar(
        a,
        [
          { productId: 'c', facts: c },
          { productId: 'b', facts: b },
        ],
        5,
        0,
      ),
    );
    expect(rankSimilar(similarityKeys(a), [{ productId: 'b', keys: keys(b) }], 5, 0.3)).toEqual([
      { productId: 'b', weight: 0.5 },
    ]);
  });
});
