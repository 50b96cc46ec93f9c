// Writes one piece of copy through the LLM gateway: provider first (its answer must pass the
// length limits and the faithfulness checker inside the task's schema, with one repair), the
// local writer otherwise. The result is checked once more here — a cached answer from an older
// checker must not slip through — and says which tier answered and why a lesser one did. When every
// provider is rate-limited, the gateway's LlmDeferred (a DeferError) propagates and the bus
// redelivers the event later.
import { SourceTier } from '@shopmind/contracts';
import type { LlmGateway, RunOptions, Tier } from '@shopmind/llm-gateway';
import { resultSourceOf, type ResultSourceMessage } from '@shopmind/service-kit';
import { UNSUPPORTED_LANGUAGE } from '@shopmind/vocabulary';
import type { CopyProduct } from '../domain/copy-product.js';
import type { CopyRequest, CopyText } from '../domain/copy-text.js';
import { checkFaithfulness } from '../domain/faithfulness-checker.js';
import { copyTaskInput, copyWritingTask, faithfulLocalCopy } from '../tasks/copy-writing-task.js';
import { localLanguage } from '../tasks/local-copy-writer.js';

export interface GeneratedCopy {
  copy: CopyText;
  /** Locale the copy is written in. */
  locale: string;
  tier: Tier;
  source: ResultSourceMessage;
  faithfulness: { passed: boolean; unsupportedFacts: string[]; attempts: string[] };
}

export class CopyGeneration {
  constructor(private readonly gateway: LlmGateway) {}

  /** `run.eventId` must be unique per piece of copy: the gateway keeps one stored answer per event id and task. */
  async generate(product: CopyProduct, request: CopyRequest, run: RunOptions): Promise<GeneratedCopy> {
    const task = copyWritingTask(product, request);
    const result = await this.gateway.run(task, copyTaskInput(product, request), run);
    const attempts = (result.source.attempts ?? []).map((a) => `${a.provider}:${a.outcome}`);
    let copy = result.output;
    let tier: Tier = result.source.tier;
    const reasons: string[] = result.source.degraded ? [result.source.degraded] : [];
    const check = checkFaithfulness(product, copy);
    if (!check.passed) {
      copy = faithfulLocalCopy(product, request);
      tier = 'local';
      reasons.push(`unfaithful ${result.source.tier} answer: ${check.unsupportedFacts.join(', ')}`);
    }
    let locale = request.locale;
    if (tier === 'local') {
      attempts.push('local');
      const local = localLanguage(product, request);
      if (local.degradedReason) {
        // An unsupported language leads, so the reason starts with `unsupported_language` as in
        // every other service's local tier.
        if (local.degradedReason.startsWith(UNSUPPORTED_LANGUAGE)) reasons.unshift(local.degradedReason);
        else reasons.push(local.degradedReason);
        locale = local.language;
      }
    }
    const source = resultSourceOf(result, task);
    // Local copy names no model, also when it replaced an unfaithful provider or cached answer.
    if (tier === 'local') Object.assign(source, { tier: SourceTier.LOCAL, provider: 'local', model: '' });
    source.degradedReason = reasons.join('; ').slice(0, 256);
    // The copy checked above is final unless the local writer replaced it.
    const final = check.passed ? check : checkFaithfulness(product, copy);
    return {
      copy,
      locale,
      tier,
      source,
      faithfulness: { passed: final.passed, unsupportedFacts: final.unsupportedFacts, attempts },
    };
  }
}
