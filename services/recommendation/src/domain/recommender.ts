// Turns the signals read for one request into the ranked, filtered, diversified top k with reasons.
// Four kinds of evidence add up: co-occurrence with the seeds (the user's recent products, the
// product, the cart), content similarity to the seeds (after co-occurrence; it is what a new
// product has at once), popularity in the categories that matter to the request (the user's
// favourite categories, the product's or the cart's), and overall popularity as the fallback.
// Each is scaled to [0, 1] (by its strongest candidate; content by cosine similarity) and
// weighted, so a replica reading the same Redis state returns the same list; ties go to the
// smaller product id.
import { diversify, type DiversityCaps } from './diversity.js';
import { isEligible, type EligibilityRules } from './eligibility.js';
import { NO_FACTS, sharedFact, type GraphFacts } from './graph-facts.js';
import type { ProductFacts } from './product-facts.js';
import { reasonFor, type Evidence } from './reasons.js';

export interface ScoredId {
  productId: string;
  score: number;
}

/** Co-occurrence neighbours of one seed product (decayed scores). */
export interface SeedNeighbours {
  seedId: string;
  /** How much this seed counts (1 for the product, recency-weighted for a user's history). */
  weight: number;
  neighbours: (ScoredId & { bought: boolean })[];
}

/** Popular products of one category, and how much that category matters to the request. */
export interface CategoryPopularity {
  category: string;
  affinity: number;
  items: ScoredId[];
}

/** Content neighbours of one seed product (cosine similarity). */
export interface SeedContent {
  seedId: string;
  weight: number;
  neighbours: ScoredId[];
}

export interface RecommendationSignals {
  seedKind: 'user' | 'product' | 'cart';
  neighbours: SeedNeighbours[];
  /** Content neighbours of the seeds; count after co-occurrence. */
  content?: SeedContent[];
  /** Graph facts of the seeds and their content neighbours (for the reasons). */
  facts?: ReadonlyMap<string, GraphFacts>;
  categories: CategoryPopularity[];
  /** Overall popularity (or the requested category's, named in `category`). */
  popularity: { category?: string; items: ScoredId[] };
  /** Facts of every product named above that the catalogue still has. */
  products: ReadonlyMap<string, ProductFacts>;
}

export type Strategy = 'co-occurrence' | 'content' | 'category-popularity' | 'popular';

export interface Recommendation {
  product: ProductFacts;
  score: number;
  reasons: string[];
}

export interface RecommendationList {
  items: Recommendation[];
  strategy: Strategy;
}

/** How much each kind of evidence weighs once scaled to [0, 1]. */
export const EVIDENCE_WEIGHTS: Readonly<Record<Strategy, number>> = {
  'co-occurrence': 1,
  content: 0.5,
  'category-popularity': 0.3,
  popular: 0.1,
};

/** Content weight for a user's recent products: a user's history already says more than
 * look-alikes of it (measured on the development replay, docs/decisions/recommendation-eval.md). */
export const USER_CONTENT_WEIGHT = 0.05;

const REASONS_KEPT = 2;

interface Contribution {
  strategy: Strategy;
  value: number;
  evidence: Evidence;
}

export function recommend(
  signals: RecommendationSignals,
  rules: EligibilityRules,
  caps: DiversityCaps,
  k: number,
): RecommendationList {
  const found = new Map<string, Contribution[]>();
  const add = (productId: string, c: Contribution): void => {
    if (c.value <= 0) return;
    const list = found.get(productId);
    if (list) list.push(c);
    else found.set(productId, [c]);
  };
  const title = (id: string): string => signals.products.get(id)?.title ?? id;

  const coMax = max(signals.neighbours.flatMap((s) => s.neighbours.map((n) => n.score * s.weight)));
  for (const seed of signals.neighbours)
    for (const n of seed.neighbours)
      add(n.productId, {
        strategy: 'co-occurrence',
        value: (EVIDENCE_WEIGHTS['co-occurrence'] * n.score * seed.weight) / coMax,
        evidence: {
          kind: 'co-occurrence',
          seedTitle: title(seed.seedId),
          bought: n.bought,
          fromUserHistory: signals.seedKind === 'user',
        },
      });
  const content = signals.content ?? [];
  const factsOf = (id: string): GraphFacts => signals.facts?.get(id) ?? NO_FACTS;
  const contentWeight = signals.seedKind === 'user' ? USER_CONTENT_WEIGHT : EVIDENCE_WEIGHTS.content;
  for (const seed of content)
    for (const n of seed.neighbours)
      add(n.productId, {
        strategy: 'content',
        value: contentWeight * n.score * seed.weight,
        evidence: {
          kind: 'content',
          seedTitle: title(seed.seedId),
          shared: sharedFact(factsOf(seed.seedId), factsOf(n.productId)),
        },
      });
  for (const c of signals.categories) {
    const top = max(c.items.map((i) => i.score));
    for (const i of c.items)
      add(i.productId, {
        strategy: 'category-popularity',
        value: (EVIDENCE_WEIGHTS['category-popularity'] * c.affinity * i.score) / top,
        evidence: { kind: 'category', category: c.category },
      });
  }
  const popTop = max(signals.popularity.items.map((i) => i.score));
  for (const i of signals.popularity.items)
    // A product nobody interacted with yet still qualifies (new products are recommendable at once).
    add(i.productId, {
      strategy: 'popular',
      value: Math.max((EVIDENCE_WEIGHTS.popular * i.score) / popTop, Number.MIN_VALUE),
      evidence: { kind: 'popular', category: signals.popularity.category },
    });

  const ranked: (Recommendation & { contributions: Contribution[] })[] = [];
  for (const [id, contributions] of found) {
    const product = signals.products.get(id);
    if (!isEligible(product, rules)) continue;
    contributions.sort((a, b) => b.value - a.value);
    ranked.push({
      product,
      score: contributions.reduce((s, c) => s + c.value, 0),
      reasons: distinct(contributions.map((c) => reasonFor(c.evidence))).slice(0, REASONS_KEPT),
      contributions,
    });
  }
  ranked.sort((a, b) => b.score - a.score || compareIds(a.product.id, b.product.id));
  const chosen = diversify(ranked, caps).slice(0, k);
  return {
    items: chosen.map(({ product, score, reasons }) => ({ product, score, reasons })),
    strategy: leadingStrategy(chosen.map((r) => r.contributions)),
  };
}

/** The kind of evidence that contributed most to the list. */
function leadingStrategy(lists: Contribution[][]): Strategy {
  const totals = new Map<Strategy, number>();
  for (const list of lists)
    for (const c of list) totals.set(c.strategy, (totals.get(c.strategy) ?? 0) + c.value);
  let best: Strategy = 'popular';
  for (const [strategy, total] of totals) if (total > (totals.get(best) ?? 0)) best = strategy;
  return best;
}

const max = (values: number[]): number => values.reduce((m, v) => (v > m ? v : m), 0) || 1;
const distinct = (values: string[]): string[] => [...new Set(values)];
const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
