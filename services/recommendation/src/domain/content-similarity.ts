// Content similarity: one text per product (title, brand, categories, attributes, description and
// its graph facts) embedded into a vector; neighbours are the most cosine-similar products among a
// bounded set of candidates. Pure: the vectors come from the gateway (or its local hashing).
import { describeFacts, type GraphFacts } from './graph-facts.js';
import type { ScoredId } from './recommender.js';

export interface ContentSource {
  title: string;
  brand: string;
  categoryPath: string[];
  attributes: Record<string, string>;
  description: string;
}

/** Longest description part kept in the text (the opening says what the product is). */
const DESCRIPTION_CHARS = 1500;

export function contentText(source: ContentSource, facts: GraphFacts): string {
  const attributes = Object.keys(source.attributes)
    .sort()
    .map((k) => `${k} ${source.attributes[k]}`);
  return [
    source.title,
    source.brand,
    source.categoryPath.join(' '),
    attributes.join('. '),
    describeFacts(facts),
    source.description.slice(0, DESCRIPTION_CHARS),
  ]
    .filter((part) => part.trim() !== '')
    .join('. ');
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < n; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/** The `m` candidates most similar to `vector` (similarity > 0), strongest first, ties by id. */
export function mostSimilar(
  vector: ArrayLike<number>,
  candidates: ReadonlyMap<string, ArrayLike<number>>,
  m: number,
): ScoredId[] {
  const scored: ScoredId[] = [];
  for (const [productId, v] of candidates) {
    const score = cosine(vector, v);
    if (score > 0) scored.push({ productId, score });
  }
  scored.sort((a, b) => b.score - a.score || (a.productId < b.productId ? -1 : 1));
  return scored.slice(0, m);
}
