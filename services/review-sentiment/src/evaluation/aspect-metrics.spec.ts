import { describe, expect, it } from '@jest/globals';
import { aspectScores, parseAspectTsv } from './aspect-metrics.js';

const KNOWN = new Set(['quality', 'size_fit', 'durability', 'ease_of_use']);

describe('aspect figures', () => {
  it('counts distinct (aspect, polarity) pairs over all items: P = ΣTP / Σ|predicted|, R = ΣTP / Σ|gold|', () => {
    const items = [
      // Item 1: both gold pairs found, the repeated prediction counts once, one wrong aspect.
      {
        gold: [
          { aspect: 'quality', polarity: 'positive' },
          { aspect: 'size_fit', polarity: 'negative' },
        ],
        predicted: [
          { aspect: 'quality', polarity: 'positive' },
          { aspect: 'quality', polarity: 'positive' },
          { aspect: 'size_fit', polarity: 'negative' },
          { aspect: 'ease_of_use', polarity: 'negative' },
        ],
      },
      // Item 2: the right aspect with the wrong polarity, and a neutral one that never matches.
      {
        gold: [{ aspect: 'durability', polarity: 'negative' }],
        predicted: [
          { aspect: 'durability', polarity: 'positive' },
          { aspect: 'quality', polarity: 'neutral' },
        ],
      },
      // Item 3: nothing predicted.
      { gold: [{ aspect: 'quality', polarity: 'negative' }], predicted: [] },
    ];
    // TP 2, |predicted| 3 + 2 + 0 = 5, |gold| 2 + 1 + 1 = 4: P 0.4, R 0.5, F1 2·0.2/0.9 = 0.4444.
    const { figures, perAspect } = aspectScores(items);
    expect(figures).toEqual({ task: 'aspects', n: 3, precision: 0.4, recall: 0.5, f1: 0.4444 });
    expect([...perAspect.keys()]).toEqual(['durability', 'ease_of_use', 'quality', 'size_fit']);
    // quality: gold 2 (positive, negative), predicted 2 (positive, neutral), TP 1.
    expect(perAspect.get('quality')).toEqual({
      tp: 1,
      predicted: 2,
      gold: 2,
      precision: 0.5,
      recall: 0.5,
      f1: 0.5,
    });
    expect(perAspect.get('durability')).toEqual({
      tp: 0,
      predicted: 1,
      gold: 1,
      precision: 0,
      recall: 0,
      f1: 0,
    });
    expect(perAspect.get('ease_of_use')).toEqual({
      tp: 0,
      predicted: 1,
      gold: 0,
      precision: 0,
      recall: 0,
      f1: 0,
    });
  });

  it('never matches a mixed prediction, even for a gold aspect', () => {
    const { figures } = aspectScores([
      {
        gold: [{ aspect: 'quality', polarity: 'positive' }],
        predicted: [{ aspect: 'quality', polarity: 'mixed' }],
      },
    ]);
    expect(figures).toEqual({ task: 'aspects', n: 1, precision: 0, recall: 0, f1: 0 });
  });

  it('groups the lines of one text into one item and names a line with an unknown aspect', () => {
    const tsv =
      'Nice but small.\tquality\tpositive\n\nNice but small.\tsize_fit\tnegative\nBroke.\tdurability\tnegative\n';
    expect(parseAspectTsv(tsv, KNOWN)).toEqual([
      {
        text: 'Nice but small.',
        gold: [
          { aspect: 'quality', polarity: 'positive' },
          { aspect: 'size_fit', polarity: 'negative' },
        ],
      },
      { text: 'Broke.', gold: [{ aspect: 'durability', polarity: 'negative' }] },
    ]);
    expect(() =>
      parseAspectTsv('Broke.\tdurability\tnegative\nBig.\tsize\tnegative\n', KNOWN, 'x.tsv'),
    ).toThrow(/x\.tsv:2/);
    expect(() => parseAspectTsv('Fine.\tquality\tneutral\n', KNOWN, 'x.tsv')).toThrow(/x\.tsv:1/);
  });
});
