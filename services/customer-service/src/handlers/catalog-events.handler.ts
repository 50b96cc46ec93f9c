// Catalogue upserts and deletes → the product titles a customer's message is matched against, last
// writer wins by (version, occurred-at); a deleted product is no longer recognised.
import { Controller, Inject } from '@nestjs/common';
import { OnEvent, type EventContext } from '@shopmind/bus';
import { Events, type ProductDeleted, type ProductUpserted } from '@shopmind/contracts';
import { occurredAtMs } from '../messages/order-facts-message.js';
import { ProductTitleStore } from '../stores/product-title-store.js';

@Controller()
export class CatalogEventsHandler {
  constructor(@Inject(ProductTitleStore) private readonly products: ProductTitleStore) {}

  @OnEvent(Events.productUpserted)
  async productUpserted(msg: ProductUpserted, ctx: EventContext): Promise<void> {
    const p = msg.product!;
    await this.products.upsert(ctx.tenant, ctx.eventId, p, {
      version: Number(msg.version),
      atMs: occurredAtMs(msg.envelope),
    });
  }

  @OnEvent(Events.productDeleted)
  async productDeleted(msg: ProductDeleted, ctx: EventContext): Promise<void> {
    await this.products.delete(ctx.tenant, ctx.eventId, msg.productId, {
      version: Number(msg.version),
      atMs: occurredAtMs(msg.envelope),
    });
  }
}
