// Diversity in the first slots: at most `perBrand` products of one brand and `perCategory` of one
// (leaf) category among the first `window`. A product over a cap moves down behind the window
// rather than out, so a small catalogue still fills k.
import { leafCategory, type ProductFacts } from './product-facts.js';

export interface DiversityCaps {
  perBrand: number;
  perCategory: number;
  window: number;
}

/** Reorders `ranked` (best first) so the first `caps.window` respect the caps; stable otherwise. */
export function diversify<T extends { product: ProductFacts }>(
  ranked: readonly T[],
  caps: DiversityCaps,
): T[] {
  const head: T[] = [];
  const deferred: T[] = [];
  const brands = new Map<string, number>();
  const categories = new Map<string, number>();
  for (const item of ranked) {
    if (head.length >= caps.window) {
      deferred.push(item);
      continue;
    }
    const brand = item.product.brand.toLowerCase();
    const category = leafCategory(item.product).toLowerCase();
    const brandCount = brand ? (brands.get(brand) ?? 0) : 0;
    const categoryCount = category ? (categories.get(category) ?? 0) : 0;
    if (brandCount >= caps.perBrand || categoryCount >= caps.perCategory) {
      deferred.push(item);
      continue;
    }
    if (brand) brands.set(brand, brandCount + 1);
    if (category) categories.set(category, categoryCount + 1);
    head.push(item);
  }
  return [...head, ...deferred];
}
