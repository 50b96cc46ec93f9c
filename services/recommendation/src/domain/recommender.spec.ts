import { describe, expect, it } from '@jest/globals';
import { seededRandom } from '@shopmind/testing';
import type { ProductFacts } from './product-facts.js';
import { rankCandidates, recommend, TopKSelection, type RecommendationSignals } from './recommender.js';

const caps = { perBrand: 3, perCategory: 4, window: 10 };
const none = { excluded: new Set<string>() };

function catalogue(...list: [id: string, title: string, category?: string, brand?: string][]) {
  return new Map<string, ProductFacts>(
    list.map(([id, title, category = 'Building Sets', brand = '']) => [
      id,
      { id, title, brand, categoryPath: ['Toys', category], url: `https://shop/${id}`, imageUrl: '' },
    ]),
  );
}

const signals = (over: Partial<RecommendationSignals>): RecommendationSignals => ({
  seedKind: 'product',
  neighbours: [],
  categories: [],
  popularity: { items: [] },
  products: new Map(),
  ...over,
});

describe('recommend', () => {
  it('puts products bought together with the seed before merely popular ones, and says why', () => {
    const products = catalogue(['seed', 'Wooden Train Set'], ['track', 'Train Track'], ['doll', 'Rag Doll']);
    const list = recommend(
      signals({
        neighbours: [
          { seedId: 'seed', weight: 1, neighbours: [{ productId: 'track', score: 2, bought: true }] },
        ],
        popularity: {
          items: [
            { productId: 'doll', score: 50 },
            { productId: 'track', score: 1 },
          ],
        },
        products,
      }),
      { excluded: new Set(['seed']) },
      caps,
      5,
    );
    expect(list.items.map((i) => i.product.id)).toEqual(['track', 'doll']);
    expect(list.items[0]!.reasons).toEqual(['bought together with Wooden Train Set', 'popular this week']);
    expect(list.items[1]!.reasons).toEqual(['popular this week']);
    expect(list.strategy).toBe('co-occurrence');
  });

  it("explains a user's recommendation by what they viewed when the pair was never bought together", () => {
    const products = catalogue(['seen', 'Stacking Rainbow'], ['x', 'Wooden Blocks']);
    const list = recommend(
      signals({
        seedKind: 'user',
        neighbours: [
          { seedId: 'seen', weight: 1, neighbours: [{ productId: 'x', score: 1, bought: false }] },
        ],
        products,
      }),
      none,
      caps,
      5,
    );
    expect(list.items[0]!.reasons).toEqual(['because you viewed Stacking Rainbow']);
  });

  it('names the category of category popularity and of a requested category', () => {
    const products = catalogue(['a', 'Castle'], ['b', 'Pirate Ship']);
    const list = recommend(
      signals({
        categories: [{ category: 'Building Sets', affinity: 1, items: [{ productId: 'a', score: 3 }] }],
        popularity: { category: 'Toys', items: [{ productId: 'b', score: 9 }] },
        products,
      }),
      none,
      caps,
      5,
    );
    expect(list.items.map((i) => [i.product.id, i.reasons])).toEqual([
      ['a', ['popular in Building Sets this week']],
      ['b', ['popular in Toys this week']],
    ]);
    expect(list.strategy).toBe('category-popularity');
  });

  it('answers a cold start from popularity, a brand-new product (no interactions yet) included', () => {
    const products = catalogue(['hit', 'Best Seller'], ['new', 'Just Listed']);
    const list = recommend(
      signals({
        seedKind: 'user',
        popularity: {
          items: [
            { productId: 'hit', score: 4 },
            { productId: 'new', score: 0 },
          ],
        },
        products,
      }),
      none,
      caps,
      10,
    );
    expect(list.items.map((i) => i.product.id)).toEqual(['hit', 'new']);
    expect(list.strategy).toBe('popular');
  });

  it('breaks ties by product id so every replica returns the same order', () => {
    const products = catalogue(['b', 'B'], ['a', 'A'], ['c', 'C']);
    const items = ['c', 'a', 'b'].map((productId) => ({ productId, score: 1 }));
    const list = recommend(signals({ popularity: { items }, products }), none, caps, 3);
    expect(list.items.map((i) => i.product.id)).toEqual(['a', 'b', 'c']);
  });

  it('never returns excluded or unknown (deleted) products, and at most k', () => {
    const products = catalogue(['a', 'A'], ['b', 'B'], ['c', 'C']);
    const items = ['a', 'b', 'c', 'gone'].map((productId, i) => ({ productId, score: 10 - i }));
    const list = recommend(
      signals({ popularity: { items }, products }),
      { excluded: new Set(['a']) },
      caps,
      1,
    );
    expect(list.items.map((i) => i.product.id)).toEqual(['b']);
  });

  it('ignores negative evidence (a product taken out of carts) rather than recommending it for it', () => {
    const products = catalogue(['seed', 'S'], ['meh', 'Meh']);
    const list = recommend(
      signals({
        neighbours: [
          { seedId: 'seed', weight: 1, neighbours: [{ productId: 'meh', score: -2, bought: false }] },
        ],
        products,
      }),
      none,
      caps,
      5,
    );
    expect(list.items).toEqual([]);
  });

  it('spreads the first slots over brands', () => {
    const products = catalogue(
      ['l1', 'L1', 'c1', 'Lego'],
      ['l2', 'L2', 'c2', 'Lego'],
      ['b1', 'B1', 'c3', 'Brio'],
    );
    const items = ['l1', 'l2', 'b1'].map((productId, i) => ({ productId, score: 10 - i }));
    const list = recommend(signals({ popularity: { items }, products }), none, { ...caps, perBrand: 1 }, 3);
    expect(list.items.map((i) => i.product.id)).toEqual(['l1', 'b1', 'l2']);
  });

  it('stops taking candidates once the first k cannot change, with the list it gets from taking them all', () => {
    const random = seededRandom(7);
    const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)]!;
    for (let round = 0; round < 200; round++) {
      const products = new Map<string, ProductFacts>();
      const ids = Array.from({ length: 40 }, (_, i) => `p${i}`);
      for (const id of ids)
        if (random() > 0.1)
          products.set(id, {
            id,
            title: id,
            brand: pick(['Lego', 'Brio', 'Haba', '']),
            categoryPath: ['Toys', pick(['c1', 'c2', 'c3', 'c4'])],
            stock: random() > 0.85 ? 0 : undefined,
            url: '',
            imageUrl: '',
          });
      const scored = () =>
        ids.filter(() => random() > 0.6).map((productId) => ({ productId, score: random() }));
      const given = signals({
        seedKind: 'user',
        neighbours: [
          { seedId: 's', weight: 1, neighbours: scored().map((n) => ({ ...n, bought: random() > 0.5 })) },
        ],
        categories: [{ category: 'c1', affinity: random(), items: scored() }],
        popularity: { items: scored() },
        products,
      });
      const rules = { excluded: new Set(ids.filter(() => random() > 0.9)) };
      const roundCaps = {
        perBrand: 1 + Math.floor(random() * 3),
        perCategory: 1 + Math.floor(random() * 4),
        window: 10,
      };
      const k = 1 + Math.floor(random() * 15);
      const all = new TopKSelection(rules, roundCaps, k);
      for (const c of rankCandidates(given)) all.offer(c, products.get(c.productId));
      const lookup = { title: (id: string) => products.get(id)?.title, facts: () => undefined };
      expect(recommend(given, rules, roundCaps, k)).toEqual(all.list(lookup));
    }
  });
});
