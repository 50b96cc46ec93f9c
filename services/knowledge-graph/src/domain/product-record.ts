// What the knowledge graph needs to know about a product, independent of the wire format.

import type { Product } from '@shopmind/contracts';

export interface ProductRecord {
  id: string;
  title: string;
  brand: string;
  /** Broadest first: ["Toys", "Puzzles", "Jigsaw Puzzles"]. */
  categoryPath: string[];
  description: string;
  attributes: Record<string, string>;
  ageMinMonths?: number;
  ageMaxMonths?: number;
  /** The catalogue's BCP 47 tag ("zh-CN"), '' or absent when not given; the text decides first. */
  language?: string;
}

/** The graph's view of a product from the catalogue contract. */
export function productRecordOf(product: Product): ProductRecord {
  return {
    id: product.id,
    title: product.title,
    brand: product.brand,
    categoryPath: [...product.categoryPath],
    description: product.description,
    attributes: { ...product.attributes },
    ageMinMonths: product.ageRange?.minMonths,
    ageMaxMonths: product.ageRange?.maxMonths,
    language: product.language,
  };
}
