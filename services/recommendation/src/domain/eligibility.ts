// The business rules every recommended product passes, whatever strategy found it.
import { categoryKey, type Price, type ProductFacts } from './product-facts.js';

export interface EligibilityRules {
  /** Seeds, the request's exclusions and (for a user) everything the user purchased. */
  excluded: ReadonlySet<string>;
  /** Only products with this category at any level of their path. */
  category?: string;
  minPrice?: Price;
  maxPrice?: Price;
}

/** Whether `product` (undefined: unknown to the catalogue or deleted) may be recommended. */
export function isEligible(
  product: ProductFacts | undefined,
  rules: EligibilityRules,
): product is ProductFacts {
  if (!product || rules.excluded.has(product.id)) return false;
  if (product.stock !== undefined && product.stock <= 0) return false;
  if (rules.category && !product.categoryPath.some((c) => categoryKey(c) === categoryKey(rules.category!)))
    return false;
  return withinPrice(product.price, rules.minPrice, rules.maxPrice);
}

function withinPrice(price: Price | undefined, min?: Price, max?: Price): boolean {
  if (!min && !max) return true;
  if (!price) return false;
  if (min && (min.currency !== price.currency || price.amountMinor < min.amountMinor)) return false;
  if (max && (max.currency !== price.currency || price.amountMinor > max.amountMinor)) return false;
  return true;
}
