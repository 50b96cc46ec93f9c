// A top-k question → the signals it needs from the model (three pipelined reads at most) → the
// recommender's ranked list. The strategy follows the seed:
//   user    co-occurrence from the user's recent products (weighted by recency and affinity), then
//           their content neighbours + popularity in the user's favourite categories + popularity
//           (cold start: popularity alone, in the requested category if any); never what the user
//           purchased;
//   product co-occurrence neighbours, then content neighbours, then popularity in its category;
//   cart    neighbours of the cart's products (co-occurrence, then content), then popularity in
//           their categories.
import type { DiversityCaps } from '../domain/diversity.js';
import type { EligibilityRules } from '../domain/eligibility.js';
import { graphFactsOf } from '../domain/graph-facts.js';
import { categoryKey } from '../domain/product-facts.js';
import {
  recommend,
  type CategoryPopularity,
  type RecommendationList,
  type RecommendationSignals,
  type SeedContent,
  type SeedNeighbours,
} from '../domain/recommender.js';
import type { TopKQuestion } from '../messages/top-k-message.js';
import type { ContentNeighbourStore } from '../stores/content-neighbour-store.js';
import type { RecommendationModelStore } from '../stores/recommendation-model-store.js';

export interface TopKSettings {
  caps: DiversityCaps;
  /** Recent products of a user used as seeds. */
  userSeeds: number;
  /** Favourite categories of a user whose popular products are candidates. */
  userCategories: number;
  /** Candidates read per source (at least 5 × k). */
  candidatesPerSource: number;
}

interface Seeds {
  ids: string[];
  weights: number[];
  categories: { key: string; affinity: number }[];
  excluded: Set<string>;
}

export class TopKRecommender {
  constructor(
    private readonly store: RecommendationModelStore,
    private readonly content: ContentNeighbourStore,
    private readonly settings: TopKSettings,
  ) {}

  async topK(tenant: string, q: TopKQuestion): Promise<RecommendationList> {
    const limit = Math.max(this.settings.candidatesPerSource, 5 * q.k);
    const seeds = await this.seeds(tenant, q);
    const popularKey = q.category ? categoryKey(q.category) : undefined;
    const [neighbourhoods, similar, lists, names] = await Promise.all([
      this.store.neighbourhoods(tenant, seeds.ids, limit),
      this.content.neighbourhoods(tenant, seeds.ids, limit),
      this.store.popular(tenant, [popularKey, ...seeds.categories.map((c) => c.key)], limit),
      this.store.categoryNames(tenant, [
        ...(popularKey ? [popularKey] : []),
        ...seeds.categories.map((c) => c.key),
      ]),
    ]);
    const neighbours: SeedNeighbours[] = seeds.ids.map((seedId, i) => {
      const n = neighbourhoods.get(seedId)!;
      return {
        seedId,
        weight: seeds.weights[i]!,
        neighbours: n.neighbours.map((x) => ({ ...x, bought: n.bought.has(x.productId) })),
      };
    });
    const categories: CategoryPopularity[] = seeds.categories.map((c, i) => ({
      category: names.get(c.key) ?? c.key,
      affinity: c.affinity,
      items: lists[i + 1]!,
    }));
    const content: SeedContent[] = seeds.ids.map((seedId, i) => ({
      seedId,
      weight: seeds.weights[i]!,
      neighbours: similar.get(seedId)!,
    }));
    const ids = new Set<string>(seeds.ids);
    for (const s of neighbours) for (const n of s.neighbours) ids.add(n.productId);
    const withFacts = new Set<string>(seeds.ids);
    for (const s of content) for (const n of s.neighbours) withFacts.add(n.productId);
    for (const id of withFacts) ids.add(id);
    for (const list of lists) for (const i of list) ids.add(i.productId);
    const [products, factKeys] = await Promise.all([
      this.store.products(tenant, [...ids]),
      this.content.factKeys(tenant, [...withFacts]),
    ]);
    const signals: RecommendationSignals = {
      seedKind: q.seed.kind,
      neighbours,
      content,
      facts: new Map([...factKeys].map(([id, keys]) => [id, graphFactsOf(keys)])),
      categories,
      popularity: { category: popularKey ? names.get(popularKey) : undefined, items: lists[0]! },
      products,
    };
    const rules: EligibilityRules = {
      excluded: new Set([...seeds.excluded, ...q.exclude]),
      category: q.category,
      minPrice: q.minPrice,
      maxPrice: q.maxPrice,
    };
    return recommend(signals, rules, this.settings.caps, q.k);
  }

  private async seeds(tenant: string, q: TopKQuestion): Promise<Seeds> {
    if (q.seed.kind === 'user') {
      const history = await this.store.userHistory(tenant, q.seed.userId, this.settings.userSeeds);
      const strongest = Math.max(0, ...history.affinities.values()) || 1;
      const topCategory = history.categories[0]?.score || 1;
      return {
        ids: history.recent,
        // The most recent product counts most; a product the user turned away from (removed from
        // the cart) counts less.
        weights: history.recent.map((id, i) => {
          const affinity = Math.min(1, Math.max(0, (history.affinities.get(id) ?? 0) / strongest));
          return (0.5 + 0.5 * affinity) / (1 + 0.5 * i);
        }),
        categories: history.categories
          .filter((c) => c.score > 0)
          .slice(0, this.settings.userCategories)
          .map((c) => ({ key: c.productId, affinity: c.score / topCategory })),
        excluded: history.purchased,
      };
    }
    const ids = q.seed.kind === 'product' ? [q.seed.productId] : q.seed.productIds;
    const keys = await this.store.categoryKeys(tenant, ids);
    const leaves = new Map<string, number>();
    for (const id of ids) {
      const leaf = keys.get(id)?.at(-1);
      if (leaf) leaves.set(leaf, (leaves.get(leaf) ?? 0) + 1);
    }
    return {
      ids,
      weights: ids.map(() => 1),
      categories: [...leaves].map(([key, n]) => ({ key, affinity: n / ids.length })),
      excluded: new Set(ids),
    };
  }
}
