// The language a product is read in: what its own text shows, the catalogue event's `language`
// deciding only when the text is too short to tell, English when neither says anything (a product
// with no words has nothing to read either way).

import { languageOfText } from '@shopmind/vocabulary';
import type { ProductRecord } from '../../domain/product-record.js';

export function productLanguage(product: ProductRecord): string {
  const text = [product.title, product.description, ...Object.values(product.attributes)].join('\n');
  return languageOfText(text, product.language, 'en');
}
