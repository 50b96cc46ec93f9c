// What product copy may talk about: the product's own data, nothing else.

import type { Product } from '@shopmind/contracts';
import { detectLanguage, primaryLanguage } from '@shopmind/vocabulary';

export interface CopyProduct {
  id: string;
  title: string;
  brand: string;
  categoryPath: string[];
  description: string;
  attributes: Record<string, string>;
  price?: { currency: string; amountMinor: bigint };
  ageMinMonths?: number;
  ageMaxMonths?: number;
  /** Language of title and description, e.g. "en". */
  language: string;
}

export function copyProductOf(product: Product): CopyProduct {
  return {
    id: product.id,
    title: product.title,
    brand: product.brand,
    categoryPath: [...product.categoryPath],
    description: product.description,
    attributes: { ...product.attributes },
    price: product.price
      ? { currency: product.price.currency, amountMinor: product.price.amountMinor }
      : undefined,
    ageMinMonths: product.ageRange?.minMonths,
    ageMaxMonths: product.ageRange?.maxMonths,
    language: languageOf(product),
  };
}

/**
 * The declared language, except that Chinese text is Chinese whatever was declared (a feed that
 * leaves `language` empty or at its default): the local writer picks its frames by it. Other
 * declarations are kept as they are.
 */
function languageOf(product: Product): string {
  const declared = primaryLanguage(product.language) || 'en';
  if (declared === 'zh') return declared;
  return detectLanguage(`${product.title} ${product.description}`).language === 'zh' ? 'zh' : declared;
}
