// Runs the review-sentiment task through the LLM gateway: a configured provider first, the embedded
// ReviewAnalyzer otherwise or as the fallback. The answer says which tier answered and why a lesser
// one did. When every provider is rate-limited, the event is redelivered later instead (DeferError).
import { create, type MessageShape } from '@bufbuild/protobuf';
import { DeferError, type EventContext } from '@shopmind/bus';
import { ResultSourceSchema, SourceTier, type ReviewSubmitted } from '@shopmind/contracts';
import { LlmDeferred, type LlmGateway, type RunResult, type Tier } from '@shopmind/llm-gateway';
import { reviewSentimentTask, type ReviewSentimentOutput } from '../tasks/review-sentiment-task.js';

export interface SentimentResult {
  output: ReviewSentimentOutput;
  tier: Tier;
  source: MessageShape<typeof ResultSourceSchema>;
}

const TIERS: Record<Tier, SourceTier> = {
  cache: SourceTier.CACHE,
  provider: SourceTier.PROVIDER,
  local: SourceTier.LOCAL,
};

export function resultSourceOf(
  run: RunResult<ReviewSentimentOutput>,
): MessageShape<typeof ResultSourceSchema> {
  const s = run.source;
  return create(ResultSourceSchema, {
    tier: TIERS[s.tier],
    provider: (s.tier === 'local' ? 'local' : (s.provider ?? '')).slice(0, 64),
    model: (s.model ?? '').slice(0, 128),
    degradedReason: (s.degraded ?? '').slice(0, 256),
    promptVersion: `${reviewSentimentTask.name}@${reviewSentimentTask.version}`,
    inputTokens: run.usage.inputTokens,
    outputTokens: run.usage.outputTokens,
    costUsd: run.costUsd,
  });
}

export class SentimentAnalysis {
  constructor(private readonly gateway: LlmGateway) {}

  async analyse(review: ReviewSubmitted, ctx: EventContext): Promise<SentimentResult> {
    try {
      const run = await this.gateway.run(
        reviewSentimentTask,
        {
          title: review.title,
          body: review.body,
          rating: review.rating,
          ...(review.language ? { language: review.language } : {}),
        },
        {
          tenant: ctx.tenant,
          eventId: ctx.eventId,
          deliveriesLeft: ctx.maxDeliver - ctx.deliveryCount,
          canDefer: ctx.canDefer,
        },
      );
      return { output: run.output, tier: run.source.tier, source: resultSourceOf(run) };
    } catch (err) {
      if (err instanceof LlmDeferred) throw new DeferError(err.message, err.retryAfterMs);
      throw err;
    }
  }
}
