// A top-k question → the lists it needs from the model → every candidate ranked → the facts of the
// best candidates, read in growing batches until the list cannot change (three Redis calls for most
// requests, whatever the catalogue's size). The strategy follows the seed:
//   user    co-occurrence from the user's recent products (weighted by recency and affinity), then
//           their content neighbours + popularity in the user's favourite categories + popularity
//           (cold start: popularity alone, in the requested category if any); never what the user
//           purchased;
//   product co-occurrence neighbours, then content neighbours, then popularity in its category;
//   cart    neighbours of the cart's products (co-occurrence, then content), then popularity in
//           their categories.
import type { DiversityCaps } from '../domain/diversity.js';
import { graphFactsOf, type GraphFacts } from '../domain/graph-facts.js';
import { categoryKey } from '../domain/product-facts.js';
import {
  rankCandidates,
  TopKSelection,
  type Candidate,
  type CandidateSignals,
  type CategoryPopularity,
  type RecommendationList,
} from '../domain/recommender.js';
import type { TopKQuestion } from '../messages/top-k-message.js';
import type { ProductRecord, ReadLimits, RequestLists, ModelReader } from '../stores/model-reader.js';

export interface TopKSettings {
  caps: DiversityCaps;
  /** Recent products of a user used as seeds. */
  userSeeds: number;
  /** Favourite categories of a user whose popular products are candidates. */
  userCategories: number;
  /** Candidates read per source (at least 5 × k). */
  candidatesPerSource: number;
}

/** The request's seeds and how much each counts. */
interface Seeds {
  ids: string[];
  weights: number[];
  categories: CategoryPopularity[];
  excluded: Set<string>;
}

export class TopKRecommender {
  constructor(
    private readonly reader: ModelReader,
    private readonly settings: TopKSettings,
  ) {}

  async topK(tenant: string, q: TopKQuestion): Promise<RecommendationList> {
    const limits: ReadLimits = {
      perList: Math.max(this.settings.candidatesPerSource, 5 * q.k),
      category: q.category ? categoryKey(q.category) : undefined,
      recent: this.settings.userSeeds,
      favourites: this.settings.userCategories,
    };
    const read =
      q.seed.kind === 'user'
        ? await this.reader.forUser(tenant, q.seed.userId, limits)
        : await this.reader.forProducts(
            tenant,
            q.seed.kind === 'product' ? [q.seed.productId] : q.seed.productIds,
            limits,
          );
    const { signals, excluded } = candidateSignalsOf(read, q.seed.kind, limits.category);
    const ranked = rankCandidates(signals);
    const selection = new TopKSelection(
      {
        excluded: new Set([...excluded, ...q.exclude]),
        category: q.category,
        minPrice: q.minPrice,
        maxPrice: q.maxPrice,
      },
      this.settings.caps,
      q.k,
    );
    const records = await this.select(tenant, ranked, selection, read);
    const facts = new Map<string, GraphFacts>();
    return selection.list({
      title: (id) => records.get(id)?.facts?.title,
      facts: (id) => {
        const keys = records.get(id)?.factKeys;
        if (!keys) return undefined;
        if (!facts.has(id)) facts.set(id, graphFactsOf(keys));
        return facts.get(id);
      },
    });
  }

  /** Reads candidates' facts best first, in growing batches, until the list is settled; the first
   * batch also reads the seeds not read yet (their titles and graph facts make the reasons). */
  private async select(
    tenant: string,
    ranked: Candidate[],
    selection: TopKSelection,
    read: RequestLists,
  ): Promise<Map<string, ProductRecord>> {
    const records = new Map(read.records);
    const pending = ranked.filter((c) => !selection.excludes(c.productId));
    let unread = read.seeds.filter((id) => !records.has(id));
    let batch = Math.max(2 * this.settings.caps.window, 20);
    for (let next = 0; next < pending.length && !selection.settled; next += batch, batch *= 2) {
      const slice = pending.slice(next, next + batch);
      const found = await this.reader.products(tenant, [...unread, ...slice.map((c) => c.productId)]);
      for (const [id, record] of found) records.set(id, record);
      unread = [];
      for (const candidate of slice) {
        if (selection.settled) break;
        selection.offer(candidate, records.get(candidate.productId)?.facts);
      }
    }
    if (unread.length > 0)
      for (const [id, record] of await this.reader.products(tenant, unread)) records.set(id, record);
    return records;
  }
}

/** The ranking's signals from what a request read (the seeds' lists, the popularity lists), and
 * what it must never recommend (the seeds of a product or cart request, a user's purchases). Shared
 * by top-k and the shopping guide, which adds its interest matches to the categories. */
export function candidateSignalsOf(
  read: RequestLists,
  seedKind: CandidateSignals['seedKind'],
  popularityCategory?: string,
): { signals: CandidateSignals; excluded: Set<string> } {
  const seeds = seedsOf(read);
  return {
    signals: {
      seedKind,
      neighbours: seeds.ids.map((seedId, i) => {
        const s = read.lists.get(seedId)!;
        return {
          seedId,
          weight: seeds.weights[i]!,
          neighbours: s.neighbours.map((n) => ({ ...n, bought: s.bought.has(n.productId) })),
        };
      }),
      content: seeds.ids.map((seedId, i) => ({
        seedId,
        weight: seeds.weights[i]!,
        neighbours: read.lists.get(seedId)!.similar,
      })),
      categories: seeds.categories,
      popularity: {
        category: popularityCategory ? read.names.get(popularityCategory) : undefined,
        items: read.popular[0]!,
      },
    },
    excluded: seeds.excluded,
  };
}

/** A user's seeds: the most recent product counts most, and a product the user turned away from
 * (removed from the cart) counts less; their favourite categories by affinity. A product or cart
 * request's seeds count alike, and its categories are the products' leaf categories, by share. */
function seedsOf(read: RequestLists): Seeds {
  const named = (key: string): string => read.names.get(key) ?? key;
  if (read.user) {
    const user = read.user;
    const strongest = Math.max(0, user.strongest) || 1;
    const topCategory = user.categories[0]?.score || 1;
    return {
      ids: read.seeds,
      weights: read.seeds.map((_, i) => {
        const affinity = Math.min(1, Math.max(0, (user.seedAffinities[i] ?? 0) / strongest));
        return (0.5 + 0.5 * affinity) / (1 + 0.5 * i);
      }),
      categories: user.categories.map((c, i) => ({
        category: named(c.productId),
        affinity: c.score / topCategory,
        items: read.popular[i + 1]!,
      })),
      excluded: user.purchased,
    };
  }
  const leaves = read.seeds.map((id) => {
    const leaf = read.records.get(id)?.facts?.categoryPath.at(-1);
    return leaf === undefined ? undefined : categoryKey(leaf);
  });
  return {
    ids: read.seeds,
    weights: read.seeds.map(() => 1),
    categories: read.categories.map((key, i) => ({
      category: named(key),
      affinity: leaves.filter((l) => l === key).length / read.seeds.length,
      items: read.popular[i + 1]!,
    })),
    excluded: new Set(read.seeds),
  };
}
