// Erases a customer from everything review-sentiment keeps: their reviews leave every product's
// aggregates (counts, evidence, quotes, cached summary), the analyses published for them leave the
// bus's result store, and the gateway forgets the cached analyses of their text.
import type { BusPublisher } from '@shopmind/bus';
import type { LlmGateway } from '@shopmind/llm-gateway';
import type { ReviewAggregateStore } from '../stores/review-aggregate-store.js';
import type { SummaryRefresher } from './summary-refresher.js';

export interface ErasedCustomer {
  /** Products whose aggregates held reviews of the customer. */
  products: number;
  /** Stored results (analysed reviews) deleted. */
  results: number;
  /** Gateway keys (cached analyses, stored event results) deleted. */
  cached: number;
}

export class CustomerErasure {
  constructor(
    private readonly aggregates: ReviewAggregateStore,
    private readonly summaries: SummaryRefresher,
    private readonly results: Pick<BusPublisher, 'eraseResultsOf'>,
    private readonly gateway: Pick<LlmGateway, 'eraseSubject'>,
  ) {}

  /** Idempotent: a repeat finds nothing left to erase. */
  async erase(tenant: string, erasureEventId: string, userId: string): Promise<ErasedCustomer> {
    const products = await this.aggregates.eraseReviewer(tenant, erasureEventId, userId);
    // Their summaries were dropped with the counts; warm them again without the customer.
    for (const productId of products) this.summaries.schedule(tenant, productId);
    const results = await this.results.eraseResultsOf(tenant, userId);
    const cached = await this.gateway.eraseSubject(tenant, userId);
    return { products: products.length, results, cached };
  }
}
