import { describe, expect, it } from '@jest/globals';
import { ReviewAnalyser } from '../../services/review-sentiment/src/tools.js';
import { binaryLabelOf } from './sentiment.eval.js';

describe('npm run eval -- sentiment', () => {
  it('maps a mixed review (and a neutral one) by the sign of its score', () => {
    expect(binaryLabelOf({ polarity: 'mixed', score: 0.12 })).toBe(1);
    expect(binaryLabelOf({ polarity: 'mixed', score: -0.34 })).toBe(0);
    expect(binaryLabelOf({ polarity: 'mixed', score: 0 })).toBe(0);
    expect(binaryLabelOf({ polarity: 'neutral', score: 0.03 })).toBe(1);
    expect(binaryLabelOf({ polarity: 'positive', score: 0.6 })).toBe(1);
    expect(binaryLabelOf({ polarity: 'negative', score: -0.6 })).toBe(0);
  });

  it('scores the issue’s mixed review by its text alone (no stars in the evaluation)', () => {
    const analysis = new ReviewAnalyser().analyse({
      body: 'Lovely quality, but smaller than I expected from the photos.',
    });
    expect(analysis.polarity).toBe('mixed');
    expect(binaryLabelOf(analysis)).toBe(analysis.score > 0 ? 1 : 0);
  });
});
