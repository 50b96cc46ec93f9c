import { describe, expect, it } from '@jest/globals';
import { logicalSubject, prefixStream, prefixSubject } from './subject-namespace.js';

describe('subject namespace prefix', () => {
  it('is added to and removed from subjects, and names streams apart', () => {
    expect(prefixSubject('t1', 'shop.acme.review.submitted')).toBe('t1.shop.acme.review.submitted');
    expect(logicalSubject('t1', 't1.shop.acme.review.submitted')).toBe('shop.acme.review.submitted');
    expect(prefixStream('t-1x', 'SHOP_EVENTS')).toBe('T-1X_SHOP_EVENTS');
    expect(prefixStream('a.b', 'AI_RESULTS')).toBe('A_B_AI_RESULTS');
  });

  it('changes nothing when empty', () => {
    expect(prefixSubject('', 'ai.acme.review.analysed')).toBe('ai.acme.review.analysed');
    expect(logicalSubject('', 'ai.acme.review.analysed')).toBe('ai.acme.review.analysed');
    expect(prefixStream('', 'AI_RESULTS')).toBe('AI_RESULTS');
  });
});
