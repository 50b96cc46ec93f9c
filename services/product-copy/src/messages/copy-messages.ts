// Builds the copy contract's messages from generated copy.
import { resultEnvelope } from '@shopmind/service-kit';
import { create, fromJson, toJson, type JsonValue } from '@bufbuild/protobuf';
import {
  CopyChannel,
  FaithfulnessCheckSchema,
  ProductCopyGeneratedSchema,
  ProductCopySchema,
  ResultSourceSchema,
  type ProductCopy,
  type ProductCopyGenerated,
} from '@shopmind/contracts';
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

export function copyGeneratedOf(
  cause: { eventId: string; tenant: string; correlationId: string },
  productId: string,
  productVersion: bigint,
  discriminator: string,
  parts: ReturnType<typeof fromStored>,
): ProductCopyGenerated {
  return create(ProductCopyGeneratedSchema, {
    envelope: resultEnvelope(cause, { producer: PRODUCER, kind: RESULT_KIND, discriminator }),
    productId,
    productVersion,
    copy: parts.copy,
    source: parts.source,
    faithfulness: parts.faithfulness,
  });
}
