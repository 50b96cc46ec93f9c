import { describe, expect, it } from '@jest/globals';
import { BEHAVIOUR_WEIGHTS, countsAsCoOccurrence } from './behaviour-weights.js';

describe('behaviour weights', () => {
  it('orders view < click < wishlist < add-to-cart < purchase, and counts remove-from-cart against', () => {
    const w = BEHAVIOUR_WEIGHTS;
    expect(w.view).toBeLessThan(w.click);
    expect(w.click).toBeLessThan(w.wishlist);
    expect(w.wishlist).toBeLessThan(w.add_to_cart);
    expect(w.add_to_cart).toBeLessThan(w.purchase);
    expect(w.remove_from_cart).toBeLessThan(0);
  });

  it('pairs a product with its session only on a positive action', () => {
    expect(countsAsCoOccurrence('view')).toBe(true);
    expect(countsAsCoOccurrence('remove_from_cart')).toBe(false);
  });
});
