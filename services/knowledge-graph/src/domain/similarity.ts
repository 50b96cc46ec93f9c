// SIMILAR_TO is derived, never extracted: products are similar when they share many facts
// (Jaccard over brand, category, materials, colours, features, audiences, occasions).

import { NUMERIC_RELATIONS } from './ontology.js';
import type { Triple } from './triple.js';

function factSet(facts: Triple[]): Set<string> {
  return new Set(
    facts.filter((f) => !NUMERIC_RELATIONS.has(f.relation)).map((f) => `${f.relation}|${String(f.object)}`),
  );
}

export function jaccard(a: Triple[], b: Triple[]): number {
  const x = factSet(a);
  const y = factSet(b);
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const k of x) if (y.has(k)) shared += 1;
  return shared / (x.size + y.size - shared);
}

/** The `k` most similar candidates at or above `threshold`, weights rounded to 3 places. */
export function mostSimilar(
  facts: Triple[],
  candidates: { productId: string; facts: Triple[] }[],
  k = 5,
  threshold = 0.25,
): { productId: string; weight: number }[] {
  return candidates
    .map((c) => ({ productId: c.productId, weight: Math.round(jaccard(facts, c.facts) * 1000) / 1000 }))
    .filter((c) => c.weight >= threshold)
    .sort((a, b) => b.weight - a.weight || a.productId.localeCompare(b.productId))
    .slice(0, k);
}
