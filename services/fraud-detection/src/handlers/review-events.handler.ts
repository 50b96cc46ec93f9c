// Review submitted / review analysed → review flagged with reasons (bursts from new accounts,
// near-duplicates across accounts, rating/text disagreement, unverified, reviewer velocity).
import { Controller, Inject } from '@nestjs/common';
import { create } from '@bufbuild/protobuf';
import { timestampMs } from '@bufbuild/protobuf/wkt';
import { BusPublisher, OnEvent, type EventContext } from '@shopmind/bus';
import {
  Events,
  Polarity,
  ReviewFlaggedSchema,
  type ReviewAnalysed,
  type ReviewSubmitted,
} from '@shopmind/contracts';
import {
  assessReview,
  isNewAccount,
  ratingDisagrees,
  textLean,
  type ReviewAssessment,
  type ReviewContext,
  type ReviewFacts,
} from '../domain/review-signals.js';
import { RuleSetLoader } from '../application/rule-set-loader.js';
import { fraudMetrics } from '../fraud-metrics.js';
import { ResultSubjects } from '../stores/result-subjects.js';
import { ReviewStore } from '../stores/review-store.js';
import { resultEnvelope } from '@shopmind/service-kit';
import { PRODUCER, reviewFlagsOf } from '../messages/result-messages.js';

@Controller()
export class ReviewEventsHandler {
  constructor(
    @Inject(ReviewStore) private readonly reviews: ReviewStore,
    @Inject(RuleSetLoader) private readonly rules: RuleSetLoader,
    @Inject(BusPublisher) private readonly publisher: BusPublisher,
    @Inject(ResultSubjects) private readonly subjects: ResultSubjects,
  ) {}

  @OnEvent(Events.reviewSubmitted)
  async reviewSubmitted(msg: ReviewSubmitted, ctx: EventContext): Promise<void> {
    const at = msg.envelope?.occurredAt ? timestampMs(msg.envelope.occurredAt) : Date.now();
    const facts: ReviewFacts = {
      tenant: ctx.tenant,
      reviewId: msg.reviewId,
      productId: msg.productId,
      userId: msg.userId,
      rating: msg.rating,
      text: `${msg.title}\n${msg.body}`,
      verifiedPurchase: msg.verifiedPurchase,
      accountCreatedAt: msg.accountCreatedAt ? timestampMs(msg.accountCreatedAt) : 0,
      occurredAt: at,
    };
    const rules = this.rules.rules;
    const context = await this.reviews.observe(facts, isNewAccount(facts, rules));
    const assessment = assessReview(facts, context, rules);
    if (assessment.flagged) await this.publish(facts, assessment, context, ctx, undefined);
  }

  /** A rating/text disagreement can only be judged once the sentiment is known. */
  @OnEvent(Events.reviewAnalysed)
  async reviewAnalysed(msg: ReviewAnalysed, ctx: EventContext): Promise<void> {
    const lean = textLean({ mixed: msg.polarity === Polarity.MIXED, score: msg.score });
    const stored = await this.reviews.recordPolarity(ctx.tenant, msg.reviewId, lean);
    // Not yet seen as submitted: the submitted handler reads the stored polarity when it comes.
    if (!stored || !ratingDisagrees(stored.rating, lean)) return;
    const at = msg.envelope?.occurredAt ? timestampMs(msg.envelope.occurredAt) : Date.now();
    const facts: ReviewFacts = {
      tenant: ctx.tenant,
      reviewId: msg.reviewId,
      productId: msg.productId,
      userId: msg.userId,
      rating: stored.rating,
      text: '',
      verifiedPurchase: stored.verifiedPurchase,
      // The young-account signal was judged at submission; reproduce it, not the account's age.
      accountCreatedAt: stored.newAccount ? at - 1 : 0,
      occurredAt: at,
    };
    const assessment = assessReview(facts, stored.context, this.rules.rules);
    if (assessment.flagged) await this.publish(facts, assessment, stored.context, ctx, 'analysed');
  }

  private async publish(
    r: ReviewFacts,
    a: ReviewAssessment,
    c: ReviewContext,
    ctx: EventContext,
    discriminator: string | undefined,
  ): Promise<void> {
    const flags = reviewFlagsOf(a, c.duplicateOfReviewId);
    if (flags.length === 0) return;
    fraudMetrics().reviewsFlagged.add(1);
    await this.publisher.publish(
      Events.reviewFlagged,
      ctx.tenant,
      create(ReviewFlaggedSchema, {
        envelope: resultEnvelope(ctx, { producer: PRODUCER, kind: 'fraud.review_flagged' }),
        reviewId: r.reviewId,
        productId: r.productId,
        userId: r.userId,
        score: a.score,
        flags,
      }),
      {
        causeEventId: ctx.eventId,
        kind: 'fraud.review_flagged',
        ...(discriminator ? { discriminator } : {}),
        subjects: this.subjects.ofReviewer(r.userId),
      },
    );
  }
}
