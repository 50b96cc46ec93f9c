// Product upserted → facts (LLM constrained to the ontology, or the local extractor) → the
// product's facts replaced in the graph, last writer wins → SIMILAR_TO refreshed → graph updated.
// Product deleted → the product leaves the graph (its tombstone refuses late upserts).
import { Controller, Inject } from '@nestjs/common';
import { timestampMs } from '@bufbuild/protobuf/wkt';
import { BusPublisher, OnEvent, type EventContext } from '@shopmind/bus';
import { Events, type ProductDeleted, type ProductUpserted } from '@shopmind/contracts';
import { createLogger } from '@shopmind/telemetry';
import { productRecordOf } from '../domain/product-record.js';
import { knowledgeGraphMetrics } from '../knowledge-graph-metrics.js';
import { GraphStore } from '../stores/graph-store.js';
import { GraphExtraction } from '../application/graph-extraction.js';
import { GraphOperation, graphUpdatedOf, RESULT_KIND, storeSource } from '../messages/graph-messages.js';
import { SimilarityRefresher } from '../application/similarity-refresher.js';

const log = createLogger('knowledge-graph');

function occurredAtMs(msg: ProductUpserted | ProductDeleted): number {
  return msg.envelope?.occurredAt ? timestampMs(msg.envelope.occurredAt) : 0;
}

@Controller()
export class ProductEventsHandler {
  constructor(
    @Inject(GraphExtraction) private readonly extraction: GraphExtraction,
    @Inject(GraphStore) private readonly store: GraphStore,
    @Inject(SimilarityRefresher) private readonly similarity: SimilarityRefresher,
    @Inject(BusPublisher) private readonly publisher: BusPublisher,
  ) {}

  @OnEvent(Events.productUpserted)
  async productUpserted(msg: ProductUpserted, ctx: EventContext): Promise<void> {
    // `product` is required by the contract's rules, so a decoded message always has one.
    const product = productRecordOf(msg.product!);
    const stamp = { version: Number(msg.version), occurredAtMs: occurredAtMs(msg), eventId: ctx.eventId };
    const metrics = knowledgeGraphMetrics();
    // Skip the extraction (and any LLM cost) when a newer write or a deletion already won.
    if (await this.store.isStale(ctx.tenant, product.id, stamp)) {
      metrics.products.add(1, { outcome: 'stale' });
      log.info({ product_id: product.id, event_id: ctx.eventId }, 'older product upsert ignored');
      return;
    }
    const extraction = await this.extraction.extract(product, ctx);
    const outcome = await this.store.replaceProductFacts(
      ctx.tenant,
      product.id,
      product.title,
      stamp,
      extraction.triples,
    );
    metrics.products.add(1, {
      outcome: outcome.status,
      tier: extraction.tier,
      degraded: extraction.source.degradedReason || 'none',
    });
    if (outcome.status === 'stale') return;
    if (outcome.status === 'applied')
      await this.similarity.refresh(ctx.tenant, product.id, extraction.triples);
    await this.publisher.publish(
      Events.graphUpdated,
      ctx.tenant,
      graphUpdatedOf(ctx, {
        productId: product.id,
        productVersion: msg.version,
        operation: GraphOperation.REPLACE,
        added: outcome.added,
        removed: outcome.removed,
        source: extraction.source,
      }),
      { causeEventId: ctx.eventId, kind: RESULT_KIND },
    );
  }

  @OnEvent(Events.productDeleted)
  async productDeleted(msg: ProductDeleted, ctx: EventContext): Promise<void> {
    const outcome = await this.store.deleteProduct(ctx.tenant, msg.productId, {
      version: Number(msg.version),
      occurredAtMs: occurredAtMs(msg),
      eventId: ctx.eventId,
    });
    knowledgeGraphMetrics().deletions.add(1, { outcome: outcome.status });
    if (outcome.status !== 'applied' && outcome.status !== 'duplicate') return;
    await this.publisher.publish(
      Events.graphUpdated,
      ctx.tenant,
      graphUpdatedOf(ctx, {
        productId: msg.productId,
        productVersion: msg.version,
        operation: GraphOperation.REMOVE,
        added: [],
        removed: outcome.removed,
        source: storeSource(),
      }),
      { causeEventId: ctx.eventId, kind: RESULT_KIND },
    );
  }
}
