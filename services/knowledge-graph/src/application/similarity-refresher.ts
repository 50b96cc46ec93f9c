// Keeps SIMILAR_TO current for a product whose facts changed: candidates are the products sharing
// its category or brand (bounded), scored by the shared facts.
import type { Relation } from '../domain/ontology.js';
import { rankSimilar, similarityKeys } from '../domain/similarity.js';
import type { Triple } from '../domain/triple.js';
import type { GraphStore } from '../stores/graph-store.js';

const ANCHORS: Relation[] = ['IN_CATEGORY', 'BRAND'];
const MAX_CANDIDATES = 200;

export class SimilarityRefresher {
  constructor(
    private readonly store: GraphStore,
    private readonly topK: number,
    private readonly threshold: number,
  ) {}

  async refresh(
    tenant: string,
    productId: string,
    facts: Triple[],
  ): Promise<{ productId: string; weight: number }[]> {
    if (this.topK === 0) return [];
    const candidates = await this.store.similarityCandidates(
      tenant,
      productId,
      facts.filter((t) => ANCHORS.includes(t.relation)),
      MAX_CANDIDATES,
    );
    const similar = rankSimilar(similarityKeys(facts), candidates, this.topK, this.threshold);
    await this.store.setSimilar(tenant, productId, similar);
    return similar;
  }
}
