import { describe, expect, it } from '@jest/globals';
import { detectRiskFlags } from './risk-flags.js';

describe('risk flags', () => {
  it.each([
    ['The charger got hot and started smoking', 'safetyHazard'],
    ['my daughter nearly swallowed a small part', 'safetyHazard'],
    ['If this is not sorted I will contact my lawyer', 'legalThreat'],
    ['I am taking you to small claims court', 'legalThreat'],
    ['can I talk to a human please', 'humanRequested'],
    ['you are not helping, get me a person', 'humanRequested'],
    ['充电器冒烟了，差点起火', 'safetyHazard'],
    ['孩子差点把小零件吞下去', 'safetyHazard'],
    ['再不处理我就去12315投诉', 'legalThreat'],
    ['我要找律师起诉你们', 'legalThreat'],
    ['转人工', 'humanRequested'],
  ] as const)('%s → %s', (text, flag) => {
    expect(detectRiskFlags(text)[flag]).toBe(true);
  });

  it('raises nothing for an ordinary question', () => {
    expect(detectRiskFlags('is the puzzle suitable for a 3 year old?')).toEqual({
      legalThreat: false,
      safetyHazard: false,
      humanRequested: false,
    });
    expect(detectRiskFlags('这个积木适合三岁的孩子吗？')).toEqual({
      legalThreat: false,
      safetyHazard: false,
      humanRequested: false,
    });
  });
});
