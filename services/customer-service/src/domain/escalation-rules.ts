// Whether a turn goes to a person, why and how urgently. The reasons are the contract's
// (ESCALATION_REASON_*); the first rule that applies wins, in this order: safety or legal (POLICY,
// URGENT) → the customer asked (CUSTOMER_ASKED) → an action only staff may take: cancel, address
// change (POLICY) → strongly negative (NEGATIVE_SENTIMENT) → two unanswered turns in a row
// (REPEATED_CONTACT) → no LLM and the local tier cannot answer (AI_UNAVAILABLE) → low confidence
// (LOW_CONFIDENCE).
import type { RiskFlags } from './risk-flags.js';
import type { SupportIntent } from './support-intents.js';

export type EscalationReason =
  | 'CUSTOMER_ASKED'
  | 'LOW_CONFIDENCE'
  | 'NEGATIVE_SENTIMENT'
  | 'POLICY'
  | 'REPEATED_CONTACT'
  | 'AI_UNAVAILABLE';

export type EscalationPriority = 'LOW' | 'NORMAL' | 'HIGH' | 'URGENT';

export interface TurnAssessment {
  readonly intent: SupportIntent;
  /** The intent's confidence, 0 … 1. */
  readonly confidence: number;
  /** −1 … 1 (support-sentiment.ts). */
  readonly sentiment: number;
  readonly flags: RiskFlags;
  /** Whether this turn got an answer from the order view or the knowledge base (not "I don't know"). */
  readonly answered: boolean;
  /** Unanswered turns right before this one. */
  readonly previousUnanswered: number;
  /** False when no provider could be used for this turn (down, over budget, not configured). */
  readonly llmAvailable: boolean;
}

export interface EscalationThresholds {
  /** Below this confidence the intent is not trusted. */
  readonly minConfidence: number;
  /** At or below this sentiment a person takes over. */
  readonly negativeSentiment: number;
}

export const DEFAULT_ESCALATION_THRESHOLDS: EscalationThresholds = {
  minConfidence: 0.45,
  negativeSentiment: -0.6,
};

export type EscalationDecision =
  | { readonly escalate: false }
  | {
      readonly escalate: true;
      readonly reason: EscalationReason;
      readonly priority: EscalationPriority;
      readonly why: string;
    };

/** Intents whose request only staff can carry out (no command contract exists for them). */
const STAFF_ACTIONS: ReadonlySet<SupportIntent> = new Set(['cancel_order', 'change_address']);

export function decideEscalation(
  turn: TurnAssessment,
  thresholds: EscalationThresholds = DEFAULT_ESCALATION_THRESHOLDS,
): EscalationDecision {
  const negative = turn.sentiment <= thresholds.negativeSentiment;
  const escalate = (
    reason: EscalationReason,
    priority: EscalationPriority,
    why: string,
  ): EscalationDecision => ({
    escalate: true,
    reason,
    priority,
    why,
  });
  if (turn.flags.safetyHazard) return escalate('POLICY', 'URGENT', 'a possible safety hazard');
  if (turn.flags.legalThreat) return escalate('POLICY', 'URGENT', 'a legal threat');
  if (turn.intent === 'human_agent' || turn.flags.humanRequested) {
    return escalate('CUSTOMER_ASKED', negative ? 'HIGH' : 'NORMAL', 'the customer asked for a person');
  }
  if (STAFF_ACTIONS.has(turn.intent)) {
    return escalate('POLICY', negative ? 'HIGH' : 'NORMAL', `${turn.intent} is carried out by staff`);
  }
  if (negative) return escalate('NEGATIVE_SENTIMENT', 'HIGH', 'the customer is very unhappy');
  if (!turn.answered && turn.previousUnanswered >= 1) {
    return escalate('REPEATED_CONTACT', 'HIGH', 'two turns in a row without an answer');
  }
  if (!turn.answered && !turn.llmAvailable) {
    return escalate('AI_UNAVAILABLE', 'NORMAL', 'no LLM for a question the local tier cannot answer');
  }
  if (turn.confidence < thresholds.minConfidence && turn.intent !== 'greeting') {
    return escalate(
      'LOW_CONFIDENCE',
      'NORMAL',
      `intent ${turn.intent} at confidence ${turn.confidence.toFixed(2)}`,
    );
  }
  return { escalate: false };
}
