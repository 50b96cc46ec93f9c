import { describe, expect, it } from '@jest/globals';
import { DEFAULT_ESCALATION_THRESHOLDS } from './escalation-rules.js';
import { scoreSupportSentiment } from './support-sentiment.js';

const strongly = DEFAULT_ESCALATION_THRESHOLDS.negativeSentiment;

describe('support sentiment', () => {
  it.each([
    "This is the worst shopping experience I've ever had. Nobody answers my emails.",
    'THIS IS UNACCEPTABLE!!! I WANT MY MONEY BACK',
    'you are useless',
    'this is a scam',
  ])('reads "%s" as strongly negative', (text) => {
    expect(scoreSupportSentiment(text)).toBeLessThanOrEqual(strongly);
  });

  it.each(['where is my order #W2611340?', 'can I still return the puzzle?', 'the box arrived broken'])(
    'reads the plain question or report "%s" as not strongly negative',
    (text) => {
      expect(scoreSupportSentiment(text)).toBeGreaterThan(strongly);
    },
  );

  it('reads thanks as positive and a negated complaint word as mild', () => {
    expect(scoreSupportSentiment('great, thanks for your help!')).toBeGreaterThan(0.5);
    expect(scoreSupportSentiment('I am not unhappy, just asking')).toBeGreaterThan(strongly);
  });

  it('stays within −1 … 1', () => {
    const s = scoreSupportSentiment('WORST WORST WORST scam scam!!!!!!! furious livid disgusted');
    expect(s).toBe(-1);
  });
});
