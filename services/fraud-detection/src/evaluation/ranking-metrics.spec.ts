import { describe, expect, it } from '@jest/globals';
import { precisionRecall, prAuc, rocAuc } from './ranking-metrics.js';

describe('ranking metrics', () => {
  it('gives ROC-AUC 1 for a perfect ranking, 0.5 for all ties, 0 for an inverted one', () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(rocAuc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBe(0.5);
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
  });

  it('computes average precision over the ranking', () => {
    // ranked: 1 (p=1), 0, 1 (p=2/3) → AP = (1 + 2/3) / 2
    expect(prAuc([0.9, 0.8, 0.7], [1, 0, 1])).toBeCloseTo(5 / 6);
  });

  it('computes precision and recall of yes/no decisions', () => {
    expect(precisionRecall([true, true, false, false], [1, 0, 1, 0])).toEqual({
      precision: 0.5,
      recall: 0.5,
    });
  });
});
