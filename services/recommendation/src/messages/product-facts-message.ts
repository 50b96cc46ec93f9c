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
