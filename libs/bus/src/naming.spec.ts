import { describe, expect, it } from '@jest/globals';
import { logicalSubject, prefixStream, prefixSubject, subjectTemplate } from './naming.js';

describe('namespace prefix', () => {
  it('is added to and removed from subjects, and names streams apart', () => {
    expect(prefixSubject('t1', 'shop.acme.review.submitted')).toBe('t1.shop.acme.review.submitted');
    expect(logicalSubject('t1', 't1.shop.acme.review.submitted')).toBe('shop.acme.review.submitted');
    expect(prefixStream('t-1x', 'SHOP_EVENTS')).toBe('T-1X_SHOP_EVENTS');
  });

  it('changes nothing when empty', () => {
    expect(prefixSubject('', 'ai.acme.review.analysed')).toBe('ai.acme.review.analysed');
    expect(logicalSubject('', 'ai.acme.review.analysed')).toBe('ai.acme.review.analysed');
    expect(prefixStream('', 'AI_RESULTS')).toBe('AI_RESULTS');
  });
});

describe('subjectTemplate', () => {
  it('hides the tenant, also inside a dead-letter subject', () => {
    expect(subjectTemplate('ai.acme.review.analysed')).toBe('ai.*.review.analysed');
    expect(subjectTemplate('dlq.review-sentiment.shop.acme.review.submitted')).toBe(
      'dlq.review-sentiment.shop.*.review.submitted',
    );
  });
});
