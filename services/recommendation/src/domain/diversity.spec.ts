import { describe, expect, it } from '@jest/globals';
import { diversify } from './diversity.js';
import type { ProductFacts } from './product-facts.js';

const item = (id: string, brand: string, category: string) => ({
  product: { id, title: id, brand, categoryPath: ['Root', category], url: '', imageUrl: '' } as ProductFacts,
});
const ids = (list: { product: ProductFacts }[]) => list.map((i) => i.product.id);

describe('diversity caps', () => {
  it('keeps at most the cap per brand in the window and moves the rest behind it, in order', () => {
    const ranked = [
      item('a1', 'Lego', 'c1'),
      item('a2', 'Lego', 'c2'),
      item('a3', 'Lego', 'c3'),
      item('b1', 'Brio', 'c4'),
      item('b2', 'Brio', 'c5'),
    ];
    expect(ids(diversify(ranked, { perBrand: 2, perCategory: 10, window: 10 }))).toEqual([
      'a1',
      'a2',
      'b1',
      'b2',
      'a3',
    ]);
  });

  it('caps products of one leaf category, ignoring case', () => {
    const ranked = [item('x', 'A', 'Trains'), item('y', 'B', 'trains'), item('z', 'C', 'Dolls')];
    expect(ids(diversify(ranked, { perBrand: 5, perCategory: 1, window: 10 }))).toEqual(['x', 'z', 'y']);
  });

  it('applies the caps only within the window', () => {
    const ranked = [item('a1', 'Lego', 'c'), item('a2', 'Lego', 'c'), item('a3', 'Lego', 'c')];
    expect(ids(diversify(ranked, { perBrand: 1, perCategory: 1, window: 1 }))).toEqual(['a1', 'a2', 'a3']);
  });

  it('does not count products without a brand as one brand', () => {
    const ranked = [item('n1', '', 'c1'), item('n2', '', 'c2'), item('n3', '', 'c3')];
    expect(ids(diversify(ranked, { perBrand: 1, perCategory: 5, window: 10 }))).toEqual(['n1', 'n2', 'n3']);
  });
});
