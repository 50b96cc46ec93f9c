// Catalogue product (contract) → the facts the recommender keeps.
import type { Product } from '@shopmind/contracts';
import type { ContentSource } from '../domain/content-similarity.js';
import type { ProductFacts } from '../domain/product-facts.js';

export function productFactsOf(product: Product): ProductFacts {
  return {
    id: product.id,
    title: product.title,
    brand: product.brand,
    categoryPath: [...product.categoryPath],
    price: product.price
      ? { currency: product.price.currency, amountMinor: product.price.amountMinor }
      : undefined,
    stock: product.stock === undefined ? undefined : Number(product.stock),
    url: product.url,
    imageUrl: product.imageUrls[0] ?? '',
  };
}

/** The catalogue's age range in months, as far as it gives one. */
export function ageRangeOf(product: Product): { minMonths?: number; maxMonths?: number } {
  return {
    ...(product.ageRange?.minMonths !== undefined ? { minMonths: product.ageRange.minMonths } : {}),
    ...(product.ageRange?.maxMonths !== undefined ? { maxMonths: product.ageRange.maxMonths } : {}),
  };
}

/** What the product's content vector is made from. */
export function contentSourceOf(product: Product): ContentSource {
  return {
    title: product.title,
    brand: product.brand,
    categoryPath: [...product.categoryPath],
    attributes: { ...product.attributes },
    description: product.description,
  };
}
