// One variant (locale, channel, tone) of a product's copy: regenerated only when the content hash
// changed; a redelivered event gets back exactly the copy it produced the first time.
import type { RunOptions } from '@shopmind/llm-gateway';
import { copyContentHash } from '../domain/content-hash.js';
import type { CopyProduct } from '../domain/copy-product.js';
import type { CopyRequest } from '../domain/copy-text.js';
import { fromStored, productCopyOf, toStored, type StoredGeneration } from '../messages/copy-messages.js';
import { CopyStore } from '../stores/copy-store.js';
import { COPY_PROMPT_VERSION } from '../tasks/copy-writing-task.js';
import { CopyGeneration } from './copy-generation.js';

export interface VariantResult {
  parts: ReturnType<typeof fromStored>;
  /**
   * False when the stored copy was already written from these facts by an earlier event, or when a
   * newer version of the product won while this copy was being written (nothing to publish).
   */
  changed: boolean;
  discriminator: string;
}

/** How the gateway runs for the event or request the copy is written for; its id is stored with the copy. */
export type CopyRunOptions = RunOptions & { eventId: string };

export interface WriteOptions {
  /** True for a product upsert: its copy is stored only while it is the product's latest write. */
  fromProductEvent?: boolean;
}

export class CopyWriterService {
  constructor(
    private readonly generation: CopyGeneration,
    private readonly store: CopyStore,
  ) {}

  async writeVariant(
    product: CopyProduct,
    request: CopyRequest,
    run: CopyRunOptions,
    { fromProductEvent = false }: WriteOptions = {},
  ): Promise<VariantResult> {
    const discriminator = `${request.locale}:${request.channel}:${request.tone}`;
    const hash = copyContentHash(product, { ...request, generatorVersion: COPY_PROMPT_VERSION });
    const variant = CopyStore.variant(request.locale, request.channel, request.tone);
    const stored = await this.store.get<StoredGeneration>(run.tenant, product.id, variant);
    if (stored && stored.contentHash === hash) {
      return {
        parts: fromStored(stored.copy, stored.copyVersion),
        changed: stored.eventId === run.eventId,
        discriminator,
      };
    }
    // One stored gateway answer per piece of copy, not per event.
    const generated = await this.generation.generate(product, request, {
      ...run,
      eventId: `${run.eventId}:${discriminator}`,
    });
    const saved = await this.store.save(
      run.tenant,
      product.id,
      variant,
      hash,
      run.eventId,
      toStored(productCopyOf(generated, request.tone, request.channel, hash, 0), generated),
      fromProductEvent,
    );
    if (!saved) {
      const copy = productCopyOf(generated, request.tone, request.channel, hash, 0);
      return { parts: fromStored(toStored(copy, generated), 0), changed: false, discriminator };
    }
    return {
      parts: fromStored(saved.copy, saved.copyVersion),
      changed: saved.eventId === run.eventId,
      discriminator,
    };
  }
}
