// SIMILAR_TO is derived, never extracted: products are similar when they share many facts
// (Jaccard over brand, category, materials, colours, features, audiences, occasions).

import { NUMERIC_RELATIONS } from './ontology.js';
import type { Triple } from './triple.js';

/** What similarity compares of a fact: its relation and object. */
type Fact = Pick<Triple, 'relation' | 'object'>;

function factSet(facts: Fact[]): Set<string> {
  return new Set(
    facts.filter((f) => !NUMERIC_RELATIONS.has(f.relation)).map((f) => `${f.relation}|${String(f.object)}`),
  );
}

function jaccardOfSets(x: ReadonlySet<string>, y: ReadonlySet<string>): number {
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const k of x) if (y.has(k)) shared += 1;
  return shared / (x.size + y.size - shared);
}

export function jaccard(a: Fact[], b: Fact[]): number {
  return jaccardOfSets(factSet(a), factSet(b));
}

/** The `k` most similar candidates at or above `threshold`, weights rounded to 3 places. */
export function mostSimilar(
  facts: Fact[],
  candidates: { productId: string; facts: Fact[] }[],
  k = 5,
  threshold = 0.25,
): { productId: string; weight: number }[] {
  const own = factSet(facts);
  return candidates
    .map((c) => ({
      productId: c.productId,
      weight: Math.round(jaccardOfSets(own, factSet(c.facts)) * 1000) / 1000,
    }))
    .filter((c) => c.weight >= threshold)
    .sort((a, b) => b.weight - a.weight || a.productId.localeCompare(b.productId))
    .slice(0, k);
}
