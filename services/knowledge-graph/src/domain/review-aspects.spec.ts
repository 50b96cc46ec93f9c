import { describe, expect, it } from '@jest/globals';
import { reviewFacts } from './review-aspects.js';

describe('review facts', () => {
  it('gives a mixed review both kinds of edge, one per aspect, and none for neutral or mixed mentions (issue 13, item 7)', () => {
    // "Lovely quality, but smaller than I expected from the photos."
    expect(
      reviewFacts([
        { aspect: 'quality', polarity: 'positive' },
        { aspect: 'size_fit', polarity: 'negative' },
        { aspect: 'price_value', polarity: 'neutral' },
        { aspect: 'design', polarity: 'mixed' },
      ]),
    ).toEqual([
      { relation: 'PRAISED_FOR', aspect: 'quality' },
      { relation: 'CRITICIZED_FOR', aspect: 'size_fit' },
    ]);
  });
});
