// The hash of everything copy is written from. Price and stock are left out on purpose: copy never
// states them, so a price change must not cost a regeneration.

import { createHash } from 'node:crypto';
import type { CopyProduct } from './copy-product.js';

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function copyContentHash(
  product: CopyProduct,
  variant: { locale: string; tone: string; channel: string; generatorVersion: string },
): string {
  const facts = {
    title: product.title.trim(),
    brand: product.brand.trim(),
    categoryPath: product.categoryPath.map((c) => c.trim()),
    description: product.description.trim().replace(/\s+/g, ' '),
    attributes: Object.fromEntries(
      Object.entries(product.attributes).map(([k, v]) => [k.trim().toLowerCase(), v.trim()]),
    ),
    ageMinMonths: product.ageMinMonths,
    ageMaxMonths: product.ageMaxMonths,
    language: product.language,
  };
  return createHash('sha256').update(canonical({ facts, variant })).digest('hex');
}
