import { describe, expect, it } from '@jest/globals';
import { filterHandsOver, sweptStreams } from './stray-sweeper.js';

describe('filterHandsOver', () => {
  it('hands a literal * token to a filter * but a literal > token only to a filter >', () => {
    expect(filterHandsOver('shop.*.review.submitted', 'shop.acme.review.submitted')).toBe(true);
    expect(filterHandsOver('shop.*.review.submitted', 'shop.*.review.submitted')).toBe(true);
    expect(filterHandsOver('shop.*.review.submitted', 'shop.>.review.submitted')).toBe(false);
    expect(filterHandsOver('shop.>', 'shop.>.review.submitted')).toBe(true);
    expect(filterHandsOver('>', 'shop.>.review.submitted')).toBe(true);
    expect(filterHandsOver('shop.*.review.submitted', 'shop.acme.review')).toBe(false);
    expect(filterHandsOver('shop.*.review.submitted', 'shop.acme.review.submitted.v2')).toBe(false);
    expect(filterHandsOver('shop.*.review.submitted', 'shop.acme.order.placed')).toBe(false);
  });
});

describe('sweptStreams', () => {
  it('covers the whole SHOP_EVENTS of a namespace and knows its consumers’ filters', () => {
    const [shop] = sweptStreams('t1');
    expect(shop.stream).toBe('T1_SHOP_EVENTS');
    expect(shop.filterSubject).toBe('t1.>');
    expect(shop.consumerFilters).toContain('t1.shop.*.review.submitted');
    expect(sweptStreams('')[0].filterSubject).toBe('>');
  });
});
