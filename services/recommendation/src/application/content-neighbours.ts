// Keeps a product's content neighbours current: after its upsert or a graph update, its text and
// graph facts are embedded through the gateway (a provider's embeddings when one is configured,
// the gateway's local hashing embedding otherwise) and compared with the most popular products of
// its top-level category (at most `candidates` of them); the `kept` most similar are stored both ways.
import type { LlmGateway } from '@shopmind/llm-gateway';
import { contentText, mostSimilar } from '../domain/content-similarity.js';
import { graphFactsOf } from '../domain/graph-facts.js';
import type { ContentNeighbourStore } from '../stores/content-neighbour-store.js';

export interface ContentSettings {
  /** Products of the same top-level category compared with (the most popular ones). */
  candidates: number;
  /** Content neighbours kept per product. */
  kept: number;
}

export class ContentNeighbours {
  constructor(
    private readonly store: ContentNeighbourStore,
    private readonly gateway: Pick<LlmGateway, 'embed'>,
    private readonly settings: ContentSettings,
  ) {}

  /** Recomputes the product's neighbours; nothing for a deleted or unknown product. */
  async refresh(tenant: string, productId: string, signal?: AbortSignal): Promise<void> {
    const input = await this.store.contentInput(tenant, productId);
    if (!input) return;
    const text = contentText(input.source, graphFactsOf(input.factKeys));
    const vector = (await this.gateway.embed([text], { tenant, signal })).vectors[0]!;
    await this.store.saveVector(tenant, productId, vector);
    const candidates = await this.store.candidates(
      tenant,
      input.categoryKeys[0],
      this.settings.candidates + 1,
    );
    const vectors = await this.store.vectors(
      tenant,
      candidates.filter((id) => id !== productId),
    );
    const neighbours = mostSimilar(vector, vectors, this.settings.kept);
    await this.store.saveNeighbours(tenant, productId, neighbours, this.settings.kept);
  }
}
