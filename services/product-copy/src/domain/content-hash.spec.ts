import { describe, expect, it } from '@jest/globals';
import type { CopyProduct } from './copy-product.js';
import { copyContentHash } from './content-hash.js';

const product: CopyProduct = {
  id: 'p1',
  title: 'Kettle',
  brand: 'Smeg',
  categoryPath: ['Kitchen'],
  description: 'Retro kettle.',
  attributes: { colour: 'cream', material: 'steel' },
  price: { currency: 'EUR', amountMinor: 9900n },
  language: 'en',
};
const variant = { locale: 'en', tone: 'warm', channel: 'web', generatorVersion: '1' };

describe('copyContentHash', () => {
  it('ignores price changes, attribute order and whitespace', () => {
    const same = {
      ...product,
      price: { currency: 'EUR', amountMinor: 7900n },
      attributes: { material: 'steel', colour: 'cream ' },
      description: 'Retro  kettle.',
    };
    expect(copyContentHash(same, variant)).toBe(copyContentHash(product, variant));
  });

  it('changes when an attribute, the description or the variant really changes', () => {
    const base = copyContentHash(product, variant);
    expect(
      copyContentHash({ ...product, attributes: { ...product.attributes, colour: 'black' } }, variant),
    ).not.toBe(base);
    expect(copyContentHash({ ...product, description: 'Modern kettle.' }, variant)).not.toBe(base);
    expect(copyContentHash(product, { ...variant, tone: 'playful' })).not.toBe(base);
  });
});
