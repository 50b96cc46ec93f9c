// Catalogue upserts and deletes → the product facts the recommender filters and renders with,
// last writer wins by (version, occurred-at); a deleted product is never recommended again, and a
// new one is listed at once (popularity 0) so it is recommendable within a second, and gets its
// content neighbours at once (recomputed on every delivery: the same text gives the same ones).
import { Controller, Inject } from '@nestjs/common';
import { OnEvent, type EventContext } from '@shopmind/bus';
import { Events, type ProductDeleted, type ProductUpserted } from '@shopmind/contracts';
import { occurredAtMs } from '../messages/behaviour-message.js';
import { ContentNeighbours } from '../application/content-neighbours.js';
import { ageRangeOf, contentSourceOf, productFactsOf } from '../messages/product-facts-message.js';
import { RecommendationModelStore } from '../stores/recommendation-model-store.js';

@Controller()
export class CatalogEventsHandler {
  constructor(
    @Inject(RecommendationModelStore) private readonly model: RecommendationModelStore,
    @Inject(ContentNeighbours) private readonly content: ContentNeighbours,
  ) {}

  @OnEvent(Events.productUpserted)
  async productUpserted(msg: ProductUpserted, ctx: EventContext): Promise<void> {
    const product = msg.product!;
    await this.model.upsertProduct(ctx.tenant, ctx.eventId, {
      facts: productFactsOf(product),
      content: contentSourceOf(product),
      ages: ageRangeOf(product),
      stamp: { version: Number(msg.version), atMs: occurredAtMs(msg.envelope) },
    });
    await this.content.refresh(ctx.tenant, product.id);
  }

  @OnEvent(Events.productDeleted)
  async productDeleted(msg: ProductDeleted, ctx: EventContext): Promise<void> {
    await this.model.deleteProduct(ctx.tenant, ctx.eventId, msg.productId, {
      version: Number(msg.version),
      atMs: occurredAtMs(msg.envelope),
    });
  }
}
