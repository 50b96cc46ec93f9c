// Catalogue product (contract) → the facts the shopping guide's safety rules and constraints read
// besides what the recommender keeps: the age range, attributes and description.
import type { Product } from '@shopmind/contracts';
import type { CatalogueFacts } from '../domain/guide/guide-candidate.js';

export function catalogueFactsOf(product: Product): CatalogueFacts {
  return {
    ...(product.ageRange?.minMonths !== undefined ? { ageMinMonths: product.ageRange.minMonths } : {}),
    ...(product.ageRange?.maxMonths !== undefined ? { ageMaxMonths: product.ageRange.maxMonths } : {}),
    attributes: { ...product.attributes },
    description: product.description,
  };
}
