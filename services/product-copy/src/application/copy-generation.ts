// Writes one piece of copy through the LLM gateway: provider first (its answer must pass the
// length limits and the faithfulness checker inside the task's schema, with one repair), the
// local writer otherwise. The result is checked once more here — a cached answer from an older
// checker must not slip through — and says which tier answered and why a lesser one did.
import { create, type MessageShape } from '@bufbuild/protobuf';
import { DeferError } from '@shopmind/bus';
import { ResultSourceSchema, SourceTier } from '@shopmind/contracts';
import { LlmDeferred, type LlmGateway, type Tier } from '@shopmind/llm-gateway';
import type { CopyProduct } from '../domain/copy-product.js';
import type { CopyText } from '../domain/copy-text.js';
import { checkFaithfulness } from '../domain/faithfulness-checker.js';
import { type CopyRequest, writeLocalCopy } from '../domain/local-copy-writer.js';
import {
  COPY_PROMPT_VERSION,
  copyTaskInput,
  copyWritingTask,
  faithfulLocalCopy,
} from '../tasks/copy-writing-task.js';

const TIERS: Record<Tier, SourceTier> = {
  cache: SourceTier.CACHE,
  provider: SourceTier.PROVIDER,
  local: SourceTier.LOCAL,
};

export interface GeneratedCopy {
  copy: CopyText;
  /** Locale the copy is written in. */
  locale: string;
  tier: Tier;
  source: MessageShape<typeof ResultSourceSchema>;
  faithfulness: { passed: boolean; unsupportedFacts: string[]; attempts: string[] };
}

export interface GenerationContext {
  tenant: string;
  /** Unique per piece of copy: the gateway keeps one stored answer per event id and task. */
  eventId: string;
  deliveriesLeft?: number;
  canDefer?: boolean;
}

export class CopyGeneration {
  constructor(private readonly gateway: LlmGateway) {}

  async generate(product: CopyProduct, request: CopyRequest, ctx: GenerationContext): Promise<GeneratedCopy> {
    let run;
    try {
      run = await this.gateway.run(copyWritingTask(product, request), copyTaskInput(product, request), {
        tenant: ctx.tenant,
        eventId: ctx.eventId,
        ...(ctx.deliveriesLeft !== undefined ? { deliveriesLeft: ctx.deliveriesLeft } : {}),
        ...(ctx.canDefer !== undefined ? { canDefer: ctx.canDefer } : {}),
      });
    } catch (err) {
      if (err instanceof LlmDeferred) throw new DeferError(err.message, err.retryAfterMs);
      throw err;
    }
    const attempts = (run.source.attempts ?? []).map((a) => `${a.provider}:${a.outcome}`);
    let copy = run.output;
    let tier: Tier = run.source.tier;
    const reasons: string[] = run.source.degraded ? [run.source.degraded] : [];
    const check = checkFaithfulness(product, copy);
    if (!check.passed) {
      copy = faithfulLocalCopy(product, request);
      tier = 'local';
      reasons.push(`unfaithful ${run.source.tier} answer: ${check.unsupportedFacts.join(', ')}`);
    }
    let locale = request.locale;
    if (tier === 'local') {
      attempts.push('local');
      const local = writeLocalCopy(product, request);
      if (local.degradedReason) {
        reasons.push(local.degradedReason);
        locale = local.language;
      }
    }
    const source = create(ResultSourceSchema, {
      tier: TIERS[tier],
      provider: (tier === 'local' ? 'local' : (run.source.provider ?? '')).slice(0, 64),
      model: tier === 'local' ? '' : (run.source.model ?? '').slice(0, 128),
      degradedReason: reasons.join('; ').slice(0, 256),
      promptVersion: `copy.write@${COPY_PROMPT_VERSION}`,
      inputTokens: run.usage.inputTokens,
      outputTokens: run.usage.outputTokens,
      costUsd: run.costUsd,
    });
    const final = checkFaithfulness(product, copy);
    return {
      copy,
      locale,
      tier,
      source,
      faithfulness: { passed: final.passed, unsupportedFacts: final.unsupportedFacts, attempts },
    };
  }
}
