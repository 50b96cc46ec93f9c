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
  ] as const)('%s → %s', (text, flag) => {
    expect(detectRiskFlags(text)[flag]).toBe(true);
  });

  it('raises nothing for an ordinary question', () => {
    expect(detectRiskFlags('is the puzzle suitable for a 3 year old?')).toEqual({
      legalThreat: false,
      safetyHazard: false,
      humanRequested: false,
    });
  });
});
