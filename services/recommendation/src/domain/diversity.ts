// Diversity in the first slots: at most `perBrand` products of one brand and `perCategory` of one
// (leaf) category among the first `window`. A product over a cap moves down behind the window
// rather than out, so a small catalogue still fills k. The window takes products one at a time in
// rank order, so a caller can stop reading candidates once the first k are settled.
import { leafCategory, type ProductFacts } from './product-facts.js';

export interface DiversityCaps {
  perBrand: number;
  perCategory: number;
  window: number;
}

/** Products offered best first; `first(k)` is the diversified order of those offered so far. */
export class DiversityWindow<T extends { product: ProductFacts }> {
  private readonly head: T[] = [];
  private readonly deferred: T[] = [];
  private readonly brands = new Map<string, number>();
  private readonly categories = new Map<string, number>();

  constructor(private readonly caps: DiversityCaps) {}

  offer(item: T): void {
    if (this.head.length >= this.caps.window) {
      this.deferred.push(item);
      return;
    }
    const brand = item.product.brand.toLowerCase();
    const category = leafCategory(item.product).toLowerCase();
    const brandCount = brand ? (this.brands.get(brand) ?? 0) : 0;
    const categoryCount = category ? (this.categories.get(category) ?? 0) : 0;
    if (brandCount >= this.caps.perBrand || categoryCount >= this.caps.perCategory) {
      this.deferred.push(item);
      return;
    }
    if (brand) this.brands.set(brand, brandCount + 1);
    if (category) this.categories.set(category, categoryCount + 1);
    this.head.push(item);
  }

  /** True when no later (lower-ranked) product can change the first `k`: the window is full and k
   * products are in hand. */
  settled(k: number): boolean {
    return this.head.length >= this.caps.window && this.head.length + this.deferred.length >= k;
  }

  first(k: number): T[] {
    return [...this.head, ...this.deferred].slice(0, k);
  }

  get size(): number {
    return this.head.length + this.deferred.length;
  }
}

/** Reorders `ranked` (best first) so the first `caps.window` respect the caps; stable otherwise. */
export function diversify<T extends { product: ProductFacts }>(
  ranked: readonly T[],
  caps: DiversityCaps,
): T[] {
  const window = new DiversityWindow<T>(caps);
  for (const item of ranked) window.offer(item);
  return window.first(ranked.length);
}
