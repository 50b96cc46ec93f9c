// Turns the signals read for one request into the ranked, filtered, diversified top k with reasons,
// in two steps so that a request reads the facts of only the products it may show:
// `rankCandidates` scores every candidate from the signals alone (no product facts), then a
// `TopKSelection` takes them best first with their facts, applying the business rules and the
// diversity caps, until the first k cannot change.
// Four kinds of evidence add up: co-occurrence with the seeds (the user's recent products, the
// product, the cart), content similarity to the seeds (after co-occurrence; it is what a new
// product has at once), popularity in the categories that matter to the request (the user's
// favourite categories, the product's or the cart's), and overall popularity as the fallback.
// Each is scaled to [0, 1] (by its strongest candidate; content by cosine similarity) and
// weighted, so a replica reading the same Redis state returns the same list; ties go to the
// smaller product id.
import { DiversityWindow, type DiversityCaps } from './diversity.js';
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

/** What ranks the candidates: every list read for the request, no product facts. */
export interface CandidateSignals {
  seedKind: 'user' | 'product' | 'cart';
  neighbours: SeedNeighbours[];
  /** Content neighbours of the seeds; count after co-occurrence. */
  content?: SeedContent[];
  categories: CategoryPopularity[];
  /** Overall popularity (or the requested category's, named in `category`). */
  popularity: { category?: string; items: ScoredId[] };
}

export interface RecommendationSignals extends CandidateSignals {
  /** Graph facts of the seeds and their content neighbours (for the reasons). */
  facts?: ReadonlyMap<string, GraphFacts>;
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

/** Evidence before the products' titles and graph facts are known. */
type Clue =
  | { kind: 'co-occurrence'; seedId: string; bought: boolean; fromUserHistory: boolean }
  | { kind: 'content'; seedId: string }
  | { kind: 'category'; category: string }
  | { kind: 'popular'; category?: string };

interface Contribution {
  strategy: Strategy;
  value: number;
  clue: Clue;
}

/** A product some signal proposes, with its score and what makes it up (strongest first). */
export interface Candidate {
  productId: string;
  score: number;
  contributions: Contribution[];
}

/** What the reasons need: the titles of the seeds and the graph facts of seeds and picks. */
export interface ReasonLookup {
  title(productId: string): string | undefined;
  facts(productId: string): GraphFacts | undefined;
}

/** Every candidate the signals name, best first (ties: smaller product id). */
export function rankCandidates(signals: CandidateSignals): Candidate[] {
  const found = new Map<string, Contribution[]>();
  const add = (productId: string, c: Contribution): void => {
    if (c.value <= 0) return;
    const list = found.get(productId);
    if (list) list.push(c);
    else found.set(productId, [c]);
  };

  // One clue object per seed (and bought flag) or list, shared by its candidates.
  const fromUserHistory = signals.seedKind === 'user';
  const coMax = max(signals.neighbours.flatMap((s) => s.neighbours.map((n) => n.score * s.weight)));
  for (const seed of signals.neighbours) {
    const clues = [false, true].map((bought): Clue => ({
      kind: 'co-occurrence',
      seedId: seed.seedId,
      bought,
      fromUserHistory,
    }));
    for (const n of seed.neighbours)
      add(n.productId, {
        strategy: 'co-occurrence',
        value: (EVIDENCE_WEIGHTS['co-occurrence'] * n.score * seed.weight) / coMax,
        clue: clues[n.bought ? 1 : 0]!,
      });
  }
  const contentWeight = fromUserHistory ? USER_CONTENT_WEIGHT : EVIDENCE_WEIGHTS.content;
  for (const seed of signals.content ?? []) {
    const clue: Clue = { kind: 'content', seedId: seed.seedId };
    for (const n of seed.neighbours)
      add(n.productId, { strategy: 'content', value: contentWeight * n.score * seed.weight, clue });
  }
  for (const c of signals.categories) {
    const top = max(c.items.map((i) => i.score));
    const clue: Clue = { kind: 'category', category: c.category };
    for (const i of c.items)
      add(i.productId, {
        strategy: 'category-popularity',
        value: (EVIDENCE_WEIGHTS['category-popularity'] * c.affinity * i.score) / top,
        clue,
      });
  }
  const popTop = max(signals.popularity.items.map((i) => i.score));
  const popularClue: Clue = { kind: 'popular', category: signals.popularity.category };
  for (const i of signals.popularity.items)
    // A product nobody interacted with yet still qualifies (new products are recommendable at once).
    add(i.productId, {
      strategy: 'popular',
      value: Math.max((EVIDENCE_WEIGHTS.popular * i.score) / popTop, Number.MIN_VALUE),
      clue: popularClue,
    });

  const ranked: Candidate[] = [];
  for (const [productId, contributions] of found) {
    contributions.sort((a, b) => b.value - a.value);
    ranked.push({ productId, score: contributions.reduce((s, c) => s + c.value, 0), contributions });
  }
  return ranked.sort((a, b) => b.score - a.score || compareIds(a.productId, b.productId));
}

interface Pick {
  product: ProductFacts;
  candidate: Candidate;
}

/** Takes ranked candidates in order with their facts; the business rules and the diversity caps
 * decide which make the list. */
export class TopKSelection {
  private readonly window: DiversityWindow<Pick>;

  constructor(
    private readonly rules: EligibilityRules,
    caps: DiversityCaps,
    private readonly k: number,
  ) {
    this.window = new DiversityWindow(caps);
  }

  /** Whether a candidate is out before its facts are read (a seed, purchased, excluded). */
  excludes(productId: string): boolean {
    return this.rules.excluded.has(productId);
  }

  /** The next candidate in rank order and its facts (undefined: unknown to the catalogue or deleted). */
  offer(candidate: Candidate, product: ProductFacts | undefined): void {
    if (isEligible(product, this.rules)) this.window.offer({ product, candidate });
  }

  /** True when no lower-ranked candidate can change the list. */
  get settled(): boolean {
    return this.window.settled(this.k);
  }

  /** The products in the list, so their graph facts can be read for the reasons. */
  get picked(): ProductFacts[] {
    return this.window.first(this.k).map((p) => p.product);
  }

  list(lookup: ReasonLookup): RecommendationList {
    const chosen = this.window.first(this.k);
    return {
      items: chosen.map(({ product, candidate }) => ({
        product,
        score: candidate.score,
        reasons: distinct(
          candidate.contributions.map((c) => reasonFor(evidenceOf(c.clue, product.id, lookup))),
        ).slice(0, REASONS_KEPT),
      })),
      strategy: leadingStrategy(chosen.map((p) => p.candidate.contributions)),
    };
  }
}

/** Ranks and selects in one go, with every product's facts in hand. */
export function recommend(
  signals: RecommendationSignals,
  rules: EligibilityRules,
  caps: DiversityCaps,
  k: number,
): RecommendationList {
  const selection = new TopKSelection(rules, caps, k);
  for (const candidate of rankCandidates(signals)) {
    if (selection.settled) break;
    selection.offer(candidate, signals.products.get(candidate.productId));
  }
  return selection.list({
    title: (id) => signals.products.get(id)?.title,
    facts: (id) => signals.facts?.get(id),
  });
}

function evidenceOf(clue: Clue, productId: string, lookup: ReasonLookup): Evidence {
  switch (clue.kind) {
    case 'co-occurrence':
      return {
        kind: 'co-occurrence',
        seedTitle: lookup.title(clue.seedId) ?? clue.seedId,
        bought: clue.bought,
        fromUserHistory: clue.fromUserHistory,
      };
    case 'content':
      return {
        kind: 'content',
        seedTitle: lookup.title(clue.seedId) ?? clue.seedId,
        shared: sharedFact(lookup.facts(clue.seedId) ?? NO_FACTS, lookup.facts(productId) ?? NO_FACTS),
      };
    default:
      return clue;
  }
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
