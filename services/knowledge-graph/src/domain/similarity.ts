// SIMILAR_TO is derived, never extracted: products are similar when they share many facts
// (Jaccard over brand, category, materials, colours, features, audiences, occasions).

import { NUMERIC_RELATIONS } from './ontology.js';
import type { Triple } from './triple.js';

/** What similarity compares of a fact: its relation and object. */
type Fact = Pick<Triple, 'relation' | 'object'>;

/** A fact as similarity compares it, "RELATION|object" (the tail of its triple key). */
function similarityKey(f: Fact): string {
  return `${f.relation}|${String(f.object)}`;
}

function isNumeric(key: string): boolean {
  return NUMERIC_RELATIONS.has(key.slice(0, key.indexOf('|')) as Triple['relation']);
}

/** The similarity keys of a product's facts, numbers (ages) left out. */
export function similarityKeys(facts: Fact[]): Set<string> {
  return new Set(facts.filter((f) => !NUMERIC_RELATIONS.has(f.relation)).map(similarityKey));
}

function jaccardOfSets(x: ReadonlySet<string>, y: ReadonlySet<string>): number {
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const k of x) if (y.has(k)) shared += 1;
  return shared / (x.size + y.size - shared);
}

export function jaccard(a: Fact[], b: Fact[]): number {
  return jaccardOfSets(similarityKeys(a), similarityKeys(b));
}

/**
 * The `k` candidates most similar to a product with the similarity keys `own`, at or above
 * `threshold`, weights rounded to 3 places. A candidate's `keys` hold each of its facts once (as a
 * product's stored facts do); numeric ones are left out here.
 */
export function rankSimilar(
  own: ReadonlySet<string>,
  candidates: { productId: string; keys: readonly string[] }[],
  k = 5,
  threshold = 0.25,
): { productId: string; weight: number }[] {
  return candidates
    .map((c) => {
      let size = 0;
      let shared = 0;
      for (const key of c.keys) {
        if (isNumeric(key)) continue;
        size += 1;
        if (own.has(key)) shared += 1;
      }
      const jaccard = own.size === 0 || size === 0 ? 0 : shared / (own.size + size - shared);
      return { productId: c.productId, weight: Math.round(jaccard * 1000) / 1000 };
    })
    .filter((c) => c.weight >= threshold)
    .sort((a, b) => b.weight - a.weight || a.productId.localeCompare(b.productId))
    .slice(0, k);
}

/** The `k` most similar candidates at or above `threshold`, weights rounded to 3 places. */
export function mostSimilar(
  facts: Fact[],
  candidates: { productId: string; facts: Fact[] }[],
  k = 5,
  threshold = 0.25,
): { productId: string; weight: number }[] {
  return rankSimilar(
    similarityKeys(facts),
    candidates.map((c) => ({ productId: c.productId, keys: [...similarityKeys(c.facts)] })),
    k,
    threshold,
  );
}
