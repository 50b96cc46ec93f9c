// Runs the review-sentiment task through the LLM gateway: a configured provider first, the embedded
// ReviewAnalyser otherwise or as the fallback. The answer says which tier answered and why a lesser
// one did. When every provider is rate-limited, the gateway's LlmDeferred (a DeferError) propagates
// and the bus redelivers the event later. The text is analysed (and cached) without its stars; the
// stars then weigh in where the text is balanced (a mixed review), whichever tier answered.
import type { EventContext } from '@shopmind/bus';
import type { ReviewSubmitted } from '@shopmind/contracts';
import type { LlmGateway, Tier } from '@shopmind/llm-gateway';
import { resultSourceOf, runOptionsForEvent, type ResultSourceMessage } from '@shopmind/service-kit';
import { withRatingEvidence } from '../tasks/review-analyser/index.js';
import { reviewSentimentTask, type ReviewSentimentOutput } from '../tasks/review-sentiment-task.js';

export interface SentimentResult {
  output: ReviewSentimentOutput;
  tier: Tier;
  source: ResultSourceMessage;
}

export class SentimentAnalysis {
  constructor(private readonly gateway: LlmGateway) {}

  async analyse(review: ReviewSubmitted, ctx: EventContext): Promise<SentimentResult> {
    const run = await this.gateway.run(
      reviewSentimentTask,
      {
        title: review.title,
        body: review.body,
        rating: review.rating,
        ...(review.language ? { language: review.language } : {}),
      },
      // The cached analysis quotes the review: listed under its author for erasure.
      { ...runOptionsForEvent(ctx), subject: review.userId },
    );
    return {
      output: withRatingEvidence(run.output, review.rating),
      tier: run.source.tier,
      source: resultSourceOf(run, reviewSentimentTask),
    };
  }
}
