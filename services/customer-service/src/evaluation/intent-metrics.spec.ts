import { describe, expect, it } from '@jest/globals';
import { intentFigures, parseIntentTsv, perIntentF1 } from './intent-metrics.js';

describe('intent figures', () => {
  it('averages F1 over every intent in the gold labels or the predictions, counting 0 where precision + recall is 0', () => {
    // order_status: P 1, R 1/2 → F1 2/3; return_refund: P 1/2, R 1 → 2/3;
    // complaint (never predicted) → 0; other (never gold) → 0. Macro F1 = (2/3 + 2/3) / 4.
    const gold = ['order_status', 'order_status', 'return_refund', 'complaint'];
    const predicted = ['order_status', 'return_refund', 'return_refund', 'other'];
    const f1 = perIntentF1(gold, predicted);
    expect([...f1.keys()]).toEqual(['complaint', 'order_status', 'other', 'return_refund']);
    expect(f1.get('complaint')).toBe(0);
    expect(f1.get('other')).toBe(0);
    expect(f1.get('order_status')).toBeCloseTo(2 / 3, 10);
    expect(intentFigures(gold, predicted)).toEqual({ task: 'intent', n: 4, accuracy: 0.5, macro_f1: 0.3333 });
  });

  it('gives 1 for a perfect prediction', () => {
    expect(intentFigures(['greeting', 'other'], ['greeting', 'other'])).toEqual({
      task: 'intent',
      n: 2,
      accuracy: 1,
      macro_f1: 1,
    });
  });

  it('reads text<TAB>intent lines and names the line of an unknown intent', () => {
    expect(parseIntentTsv('where is my order\torder_status\n\nhi\tgreeting\n')).toEqual([
      { text: 'where is my order', intent: 'order_status' },
      { text: 'hi', intent: 'greeting' },
    ]);
    expect(() => parseIntentTsv('hi\tgreeting\nrefund me\trefund\n', 'x.tsv')).toThrow(/x\.tsv:2/);
  });
});
