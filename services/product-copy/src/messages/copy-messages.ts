// Builds the copy contract's messages from generated copy.
import { create, fromJson, toJson, type JsonValue } from '@bufbuild/protobuf';
import { timestampNow } from '@bufbuild/protobuf/wkt';
import {
  CopyChannel,
  FaithfulnessCheckSchema,
  ProductCopyGeneratedSchema,
  ProductCopySchema,
  ResultSourceSchema,
  type ProductCopy,
  type ProductCopyGenerated,
} from '@shopmind/contracts';
import { createHash } from 'node:crypto';
import type { CopyChannelName } from '../domain/copy-text.js';
import type { GeneratedCopy } from '../application/copy-generation.js';

export const PRODUCER = 'product-copy';
export const RESULT_KIND = 'copy.generated';

export const CHANNEL_ENUM: Record<CopyChannelName, CopyChannel> = {
  web: CopyChannel.WEB,
  marketplace: CopyChannel.MARKETPLACE,
  mobile_app: CopyChannel.MOBILE_APP,
  social: CopyChannel.SOCIAL,
  email: CopyChannel.EMAIL,
};

export function channelName(channel: CopyChannel): CopyChannelName | undefined {
  return (Object.entries(CHANNEL_ENUM) as [CopyChannelName, CopyChannel][]).find(
    ([, v]) => v === channel,
  )?.[0];
}

/** What the store keeps per variant, so a redelivered event republishes exactly the same copy. */
export interface StoredGeneration {
  copy: JsonValue;
  source: JsonValue;
  faithfulness: JsonValue;
}

export function productCopyOf(
  g: GeneratedCopy,
  tone: string,
  channel: CopyChannelName,
  contentHash: string,
  copyVersion: number,
): ProductCopy {
  return create(ProductCopySchema, {
    locale: g.locale,
    tone,
    channel: CHANNEL_ENUM[channel],
    title: g.copy.title,
    shortDescription: g.copy.shortDescription,
    longDescription: g.copy.longDescription,
    bullets: g.copy.bullets,
    seoTitle: g.copy.seoTitle,
    metaDescription: g.copy.metaDescription,
    contentHash,
    copyVersion,
  });
}

export function toStored(copy: ProductCopy, g: GeneratedCopy): StoredGeneration {
  return {
    copy: toJson(ProductCopySchema, copy),
    source: toJson(ResultSourceSchema, g.source),
    faithfulness: toJson(FaithfulnessCheckSchema, create(FaithfulnessCheckSchema, g.faithfulness)),
  };
}

export function fromStored(stored: StoredGeneration, copyVersion: number) {
  const copy = fromJson(ProductCopySchema, stored.copy);
  copy.copyVersion = copyVersion;
  return {
    copy,
    source: fromJson(ResultSourceSchema, stored.source),
    faithfulness: fromJson(FaithfulnessCheckSchema, stored.faithfulness),
  };
}

/** Result ids derive from the cause and the variant, so a redelivery yields the same result id. */
export function resultEventId(causeEventId: string, discriminator: string): string {
  const h = createHash('sha256')
    .update(`${causeEventId}\u0000${RESULT_KIND}\u0000${discriminator}`)
    .digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function copyGeneratedOf(
  cause: { eventId: string; tenant: string; correlationId: string },
  productId: string,
  productVersion: bigint,
  discriminator: string,
  parts: ReturnType<typeof fromStored>,
): ProductCopyGenerated {
  return create(ProductCopyGeneratedSchema, {
    envelope: {
      eventId: resultEventId(cause.eventId, discriminator),
      occurredAt: timestampNow(),
      producer: PRODUCER,
      tenantId: cause.tenant,
      schemaVersion: 1,
      correlationId: cause.correlationId || cause.eventId,
      causationId: cause.eventId,
    },
    productId,
    productVersion,
    copy: parts.copy,
    source: parts.source,
    faithfulness: parts.faithfulness,
  });
}
