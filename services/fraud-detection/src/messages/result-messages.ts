// Builds the contract messages fraud detection publishes and replies with, from domain results.
import type { MessageInitShape } from '@bufbuild/protobuf';
import {
  Decision,
  ReviewFlagReason,
  Severity,
  type OrderAssessmentSchema,
  type ReasonSchema,
  type ReviewFlagSchema,
} from '@shopmind/contracts';
import type { OrderDecision } from '../domain/order-scorer.js';
import type { ReviewAssessment } from '../domain/review-signals.js';

export const PRODUCER = 'fraud-detection';

const DECISION: Record<OrderDecision['decision'], Decision> = {
  approve: Decision.APPROVE,
  review: Decision.REVIEW,
  decline: Decision.DECLINE,
};

export function reasonsOf(d: OrderDecision): MessageInitShape<typeof ReasonSchema>[] {
  return d.reasons.map((r) => ({
    code: r.code.slice(0, 64),
    message: r.description.slice(0, 1024),
    contribution: r.contribution,
    ruleId: r.code.startsWith('rule:') ? r.code.slice(5) : '',
  }));
}

export function assessmentOf(d: OrderDecision): MessageInitShape<typeof OrderAssessmentSchema> {
  return {
    score: d.score,
    decision: DECISION[d.decision],
    reasons: reasonsOf(d),
    contributions: d.contributions.map((c) => ({
      feature: c.feature,
      value: c.value,
      contribution: c.contribution,
    })),
    ruleSetVersion: d.ruleSetVersion.slice(0, 64),
    modelVersion: d.modelVersion.slice(0, 64),
    shadowRulesMatched: d.shadowRulesHit,
  };
}

export function severityOf(score: number, decision: OrderDecision['decision']): Severity {
  if (decision === 'decline' && score >= 0.95) return Severity.CRITICAL;
  if (decision === 'decline') return Severity.HIGH;
  return score >= 0.8 ? Severity.MEDIUM : Severity.LOW;
}

const FLAG: Record<string, ReviewFlagReason | undefined> = {
  burst: ReviewFlagReason.BURST_NEW_ACCOUNTS,
  near_duplicate: ReviewFlagReason.NEAR_DUPLICATE,
  rating_text_mismatch: ReviewFlagReason.RATING_TEXT_MISMATCH,
  unverified: ReviewFlagReason.UNVERIFIED_PURCHASE,
  reviewer_velocity: ReviewFlagReason.REVIEWER_VELOCITY,
};

/** Reasons without a contract enum (a young account alone) only add to the score. */
export function reviewFlagsOf(
  a: ReviewAssessment,
  duplicateOf: string,
): MessageInitShape<typeof ReviewFlagSchema>[] {
  return a.reasons
    .filter((r) => FLAG[r.code] !== undefined)
    .map((r) => ({
      reason: FLAG[r.code] as ReviewFlagReason,
      detail: r.description.slice(0, 1024),
      weight: r.weight,
      relatedReviewIds: r.code === 'near_duplicate' && duplicateOf ? [duplicateOf] : [],
    }));
}
