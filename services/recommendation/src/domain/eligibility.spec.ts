import { describe, expect, it } from '@jest/globals';
import { isEligible, type EligibilityRules } from './eligibility.js';
import type { ProductFacts } from './product-facts.js';

const product = (over: Partial<ProductFacts> = {}): ProductFacts => ({
  id: 'p-1',
  title: 'Wooden Train',
  brand: 'Grimm',
  categoryPath: ['Toys', 'Building Sets'],
  price: { currency: 'EUR', amountMinor: 2999n },
  url: '',
  imageUrl: '',
  ...over,
});
const none: EligibilityRules = { excluded: new Set() };
const eur = (amountMinor: bigint) => ({ currency: 'EUR', amountMinor });

describe('eligibility', () => {
  it('leaves out a product the catalogue no longer has (deleted or never listed)', () => {
    expect(isEligible(undefined, none)).toBe(false);
  });

  it('leaves out a product with no stock, and counts one without stock information as in stock', () => {
    expect(isEligible(product({ stock: 0 }), none)).toBe(false);
    expect(isEligible(product({ stock: 3 }), none)).toBe(true);
    expect(isEligible(product({ stock: undefined }), none)).toBe(true);
  });

  it('leaves out excluded products (seeds, the request exclusions, what the user purchased)', () => {
    expect(isEligible(product(), { excluded: new Set(['p-1']) })).toBe(false);
  });

  it('matches the requested category at any level of the path, ignoring case', () => {
    expect(isEligible(product(), { ...none, category: 'toys' })).toBe(true);
    expect(isEligible(product(), { ...none, category: 'Building Sets' })).toBe(true);
    expect(isEligible(product(), { ...none, category: 'Books' })).toBe(false);
  });

  it('keeps a price range inclusive and leaves out products in another currency or without a price', () => {
    expect(isEligible(product(), { ...none, minPrice: eur(2999n), maxPrice: eur(2999n) })).toBe(true);
    expect(isEligible(product(), { ...none, maxPrice: eur(2000n) })).toBe(false);
    expect(isEligible(product(), { ...none, minPrice: eur(3000n) })).toBe(false);
    expect(isEligible(product(), { ...none, maxPrice: { currency: 'USD', amountMinor: 9999n } })).toBe(false);
    expect(isEligible(product({ price: undefined }), { ...none, maxPrice: eur(9999n) })).toBe(false);
    expect(isEligible(product({ price: undefined }), none)).toBe(true);
  });
});
