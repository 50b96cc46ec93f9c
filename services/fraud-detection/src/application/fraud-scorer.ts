// Scores one order or checkout attempt: records it in the feature store (one round trip), then
// applies the pure scoring with the current rules and model. No LLM anywhere on this path.
// A checkout never waits for Redis to come back: while it is down the configured decision answers.
import { DependencyUnavailableError, TransientError, type DependencyState } from '@shopmind/bus';
import {
  auditRecord,
  fallbackDecision,
  scoreOrder,
  type AuditRecord,
  type Decision,
  type OrderDecision,
} from '../domain/order-scorer.js';
import type { OrderFacts } from '../domain/order-facts.js';
import type { RiskModel } from '../domain/risk-model.js';
import type { RuleSet } from '../domain/rule-set.js';
import type { FeatureStore } from '../stores/feature-store.js';

export interface ScoredOrder {
  decision: OrderDecision;
  audit: AuditRecord;
}

/** A checkout's answer: scored from the features, or the fallback while Redis is down (no audit). */
export type CheckoutScore =
  | (ScoredOrder & { degradedReason?: undefined })
  | { decision: OrderDecision; audit?: undefined; degradedReason: 'redis_unavailable' };

export interface CheckoutFallback {
  dependencies: DependencyState;
  /** FRAUD_REDIS_DOWN_DECISION */
  decision: Decision;
}

export class FraudScorer {
  constructor(
    private readonly store: FeatureStore,
    private readonly rules: () => RuleSet,
    private readonly model: RiskModel,
    private readonly fallback?: CheckoutFallback,
  ) {}

  /**
   * The checkout query: like score(), but while Redis is down (or goes down meanwhile) it answers
   * at once with the configured decision instead of waiting for the reconnect and the deadline.
   */
  async scoreCheckout(o: OrderFacts): Promise<CheckoutScore> {
    if (!this.fallback) return this.score(o, 'checkout');
    try {
      return await this.fallback.dependencies.whileUp('redis', () => this.score(o, 'checkout'));
    } catch (err) {
      if (!(err instanceof DependencyUnavailableError)) throw err;
      return {
        decision: fallbackDecision(o, this.fallback.decision, this.rules(), this.model),
        degradedReason: 'redis_unavailable',
      };
    }
  }

  async score(o: OrderFacts, source: AuditRecord['source']): Promise<ScoredOrder> {
    const rules = this.rules();
    let counters;
    try {
      counters = await this.store.observeOrder(o, rules.cardTesting.smallAmount, source);
    } catch (err) {
      // Redis trouble is a dependency failure: events are retried, a checkout hears "unavailable".
      throw new TransientError(`fraud feature store unavailable: ${(err as Error).message}`);
    }
    const decision = scoreOrder(o, counters, rules, this.model);
    return { decision, audit: auditRecord(o, decision, source) };
  }
}
