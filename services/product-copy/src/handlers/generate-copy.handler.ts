// Answers q.<tenant>.copy.generate: copy for one locale, tone and channel, from the product in the
// request or the latest upsert the service has seen; published too when the request asks for it.
import { create, fromJsonString } from '@bufbuild/protobuf';
import { Controller, Inject } from '@nestjs/common';
import {
  BusPublisher,
  DependencyState,
  NotFoundError,
  OnQuery,
  PermanentError,
  type QueryContext,
} from '@shopmind/bus';
import {
  Events,
  GenerateCopyReplySchema,
  ProductSchema,
  Queries,
  type GenerateCopyReply,
  type GenerateCopyRequest,
} from '@shopmind/contracts';
import { runOptionsForQuery } from '@shopmind/service-kit';
import { CopyWriterService } from '../application/copy-writer-service.js';
import type { ProductCopyConfig } from '../config.js';
import { copyProductOf } from '../domain/copy-product.js';
import { settingsFor } from '../domain/tenant-copy-settings.js';
import { channelName, copyGeneratedOf, RESULT_KIND } from '../messages/copy-messages.js';
import { PRODUCT_COPY_CONFIG } from '../product-copy-tokens.js';
import { CopyStore } from '../stores/copy-store.js';

@Controller()
export class GenerateCopyHandler {
  constructor(
    @Inject(CopyWriterService) private readonly writer: CopyWriterService,
    @Inject(CopyStore) private readonly store: CopyStore,
    @Inject(BusPublisher) private readonly publisher: BusPublisher,
    @Inject(PRODUCT_COPY_CONFIG) private readonly config: ProductCopyConfig,
    @Inject(DependencyState) private readonly dependencies: DependencyState,
  ) {}

  @OnQuery(Queries.generateCopy)
  async generateCopy(req: GenerateCopyRequest, ctx: QueryContext): Promise<GenerateCopyReply> {
    let raw = req.product;
    if (!raw) {
      const json = await this.dependencies.whileUp('redis', () =>
        this.store.latestProduct(ctx.tenant, req.productId),
      );
      if (!json) throw new NotFoundError(`no product ${req.productId} known; send it in the request`);
      raw = fromJsonString(ProductSchema, json);
    }
    if (req.productId && raw.id !== req.productId)
      throw new PermanentError(`product_id ${req.productId} does not match product.id ${raw.id}`);
    const channel = channelName(req.channel);
    if (!channel) throw new PermanentError(`unknown channel ${req.channel}`);
    const settings = settingsFor(ctx.tenant, this.config.tenants, this.config.defaults);
    const request = { locale: req.locale || settings.locales[0], tone: req.tone || settings.tone, channel };
    // Stored generations live in Redis: while it is down, `unavailable` at once, not at the deadline.
    const result = await this.dependencies.whileUp('redis', () =>
      this.writer.writeVariant(copyProductOf(raw), request, {
        ...runOptionsForQuery(ctx),
        eventId: ctx.requestId,
      }),
    );
    if (req.publish) {
      await this.publisher.publish(
        Events.copyGenerated,
        ctx.tenant,
        copyGeneratedOf(
          { eventId: ctx.requestId, tenant: ctx.tenant, correlationId: ctx.correlationId },
          raw.id,
          0n,
          result.discriminator,
          result.parts,
        ),
        { causeEventId: ctx.requestId, kind: RESULT_KIND, discriminator: result.discriminator },
      );
    }
    return create(GenerateCopyReplySchema, {
      meta: {
        requestId: ctx.requestId,
        correlationId: ctx.correlationId || ctx.requestId,
        source: result.parts.source,
      },
      productId: raw.id,
      copy: result.parts.copy,
      faithfulness: result.parts.faithfulness,
    });
  }
}
