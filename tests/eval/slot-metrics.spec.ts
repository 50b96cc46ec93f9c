// The slot eval's figures on three lines small enough to score by hand.
import { describe, expect, it } from '@jest/globals';
import { figures, presentSlots, scoreLine } from './slot-metrics.js';

describe('slot metrics', () => {
  const lines = [
    // 3 expected: age right, interests right as a set (plural and case ignored), budget wrong amount.
    scoreLine(
      {
        ageMonths: 48,
        interests: ['dinosaurs', 'Trains'],
        budgetMax: { currency: 'EUR', amountMinor: '3000' },
      },
      {
        ageMonths: 48,
        interests: ['train', 'dinosaur'],
        budgetMax: { currency: 'EUR', amountMinor: '2500' },
        occasion: 'birthday',
      },
    ),
    // 1 expected, right: Money compares the integer, whether written as a string or a number.
    scoreLine(
      { budgetMin: { currency: 'GBP', amountMinor: '1500' } },
      { budgetMin: { currency: 'GBP', amountMinor: 1500 } },
    ),
    // Nothing expected, one spurious slot; empty values are not slots.
    scoreLine({}, { recipient: 'son', interests: [], occasion: '' }),
  ];

  it('scores each line: correct expected slots, and predicted slots the line does not state', () => {
    expect(
      lines.map(({ expected, correct, predicted, spurious }) => [expected, correct, predicted, spurious]),
    ).toEqual([
      [3, 2, 4, 1],
      [1, 1, 1, 0],
      [0, 0, 1, 1],
    ]);
    expect(lines[0].mistakes).toEqual([
      'wrong budgetMax: expected {"currency":"EUR","amountMinor":"3000"}, got {"currency":"EUR","amountMinor":"2500"}',
      'spurious occasion: "birthday"',
    ]);
  });

  it('computes slot accuracy, exact match and spurious rate over the lines', () => {
    // 3 of 4 expected slots right; lines 2 and 3 have every expected slot right; 2 of 6 predicted are spurious.
    expect(figures(lines)).toEqual({
      task: 'slots',
      n: 3,
      slot_accuracy: 0.75,
      exact_match: 0.667,
      spurious_rate: 0.333,
    });
  });

  it('counts a spurious rate of 0 when nothing is predicted', () => {
    expect(figures([scoreLine({ ageMonths: 12 }, {})])).toEqual({
      task: 'slots',
      n: 1,
      slot_accuracy: 0,
      exact_match: 0,
      spurious_rate: 0,
    });
  });

  it('reads the slots of proto3 JSON as the keys whose values are not empty', () => {
    expect(presentSlots({ ageMonths: 0, interests: [], recipient: '', constraints: ['quiet'] })).toEqual([
      'ageMonths',
      'constraints',
    ]);
  });
});
