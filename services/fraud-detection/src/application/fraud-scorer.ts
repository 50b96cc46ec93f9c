// Scores one order or checkout attempt: records it in the feature store (one round trip), then
// applies the pure scoring with the current rules and model. No LLM anywhere on this path.
import { TransientError } from '@shopmind/bus';
import { auditRecord, scoreOrder, type AuditRecord, type OrderDecision } from '../domain/order-scorer.js';
import type { OrderFacts } from '../domain/order-facts.js';
import type { RiskModel } from '../domain/risk-model.js';
import type { RuleSet } from '../domain/rule-set.js';
import type { FeatureStore } from '../stores/feature-store.js';

export interface ScoredOrder {
  decision: OrderDecision;
  audit: AuditRecord;
}

export class FraudScorer {
  constructor(
    private readonly store: FeatureStore,
    private readonly rules: () => RuleSet,
    private readonly model: RiskModel,
  ) {}

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
