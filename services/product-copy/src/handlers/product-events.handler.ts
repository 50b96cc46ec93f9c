// Product upserted → for each locale and channel the tenant configured: copy written (LLM or
// local, checked for faithfulness) when the product's facts really changed → copy generated, one
// event per locale and channel. Product deleted → its copy is forgotten.
import { Controller, Inject } from '@nestjs/common';
import { toJsonString } from '@bufbuild/protobuf';
import { timestampMs } from '@bufbuild/protobuf/wkt';
import { BusPublisher, OnEvent, type EventContext } from '@shopmind/bus';
import { Events, ProductSchema, type ProductDeleted, type ProductUpserted } from '@shopmind/contracts';
import { runOptionsForEvent } from '@shopmind/service-kit';
import { CopyWriterService } from '../application/copy-writer-service.js';
import type { ProductCopyConfig } from '../config.js';
import { copyProductOf } from '../domain/copy-product.js';
import { settingsFor } from '../domain/tenant-copy-settings.js';
import { copyGeneratedOf, RESULT_KIND } from '../messages/copy-messages.js';
import { PRODUCT_COPY_CONFIG } from '../product-copy-tokens.js';
import { productCopyMetrics } from '../product-copy-metrics.js';
import { CopyStore } from '../stores/copy-store.js';

function occurredAtMs(msg: ProductUpserted | ProductDeleted): number {
  return msg.envelope?.occurredAt ? timestampMs(msg.envelope.occurredAt) : 0;
}

@Controller()
export class ProductEventsHandler {
  constructor(
    @Inject(CopyWriterService) private readonly writer: CopyWriterService,
    @Inject(CopyStore) private readonly store: CopyStore,
    @Inject(BusPublisher) private readonly publisher: BusPublisher,
    @Inject(PRODUCT_COPY_CONFIG) private readonly config: ProductCopyConfig,
  ) {}

  @OnEvent(Events.productUpserted)
  async productUpserted(msg: ProductUpserted, ctx: EventContext): Promise<void> {
    // `product` is required by the contract's rules, so a decoded message always has one.
    const raw = msg.product!;
    const write = await this.store.saveProduct(
      ctx.tenant,
      raw.id,
      { version: Number(msg.version), occurredAtMs: occurredAtMs(msg), eventId: ctx.eventId },
      toJsonString(ProductSchema, raw),
    );
    const metrics = productCopyMetrics();
    if (write === 'stale') {
      metrics.skipped.add(1, { reason: 'stale' });
      return;
    }
    const product = copyProductOf(raw);
    const settings = settingsFor(ctx.tenant, this.config.tenants, this.config.defaults);
    for (const locale of settings.locales) {
      for (const channel of settings.channels) {
        ctx.working();
        const result = await this.writer.writeVariant(
          product,
          { locale, channel, tone: settings.tone },
          { ...runOptionsForEvent(ctx), eventId: ctx.eventId },
          { fromProductEvent: true },
        );
        if (!result.changed) {
          metrics.skipped.add(1, { reason: 'unchanged' });
          continue;
        }
        metrics.generated.add(1, {
          tier: String(result.parts.source.tier),
          degraded: result.parts.source.degradedReason ? 'yes' : 'no',
          channel,
        });
        await this.publisher.publish(
          Events.copyGenerated,
          ctx.tenant,
          copyGeneratedOf(
            { eventId: ctx.eventId, tenant: ctx.tenant, correlationId: ctx.correlationId },
            raw.id,
            msg.version,
            result.discriminator,
            result.parts,
          ),
          { causeEventId: ctx.eventId, kind: RESULT_KIND, discriminator: result.discriminator },
        );
      }
    }
  }

  @OnEvent(Events.productDeleted)
  async productDeleted(msg: ProductDeleted, ctx: EventContext): Promise<void> {
    await this.store.deleteProduct(ctx.tenant, msg.productId, {
      version: Number(msg.version),
      occurredAtMs: occurredAtMs(msg),
      eventId: ctx.eventId,
    });
  }
}
