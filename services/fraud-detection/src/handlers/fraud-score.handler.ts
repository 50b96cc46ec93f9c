// The synchronous checkout query: records the attempt (so a declined card-testing burst still
// counts) and answers with the decision. Never waits for an LLM; the audit write is not awaited;
// while Redis is down the configured fallback decision answers, marked `redis_unavailable`.
import { Controller, Inject } from '@nestjs/common';
import { create } from '@bufbuild/protobuf';
import { OnQuery, PermanentError, type QueryContext } from '@shopmind/bus';
import {
  FraudScoreReplySchema,
  Queries,
  SourceTier,
  type FraudScoreReply,
  type FraudScoreRequest,
} from '@shopmind/contracts';
import { FraudScorer } from '../application/fraud-scorer.js';
import { fraudMetrics } from '../fraud-metrics.js';
import { orderEventTime, orderFactsFromContract } from '../messages/order-facts-from-contract.js';
import { AuditTrail } from '../stores/audit-trail.js';
import { assessmentOf } from '../messages/result-messages.js';

@Controller()
export class FraudScoreHandler {
  constructor(
    @Inject(FraudScorer) private readonly scorer: FraudScorer,
    @Inject(AuditTrail) private readonly audit: AuditTrail,
  ) {}

  @OnQuery(Queries.fraudScore)
  async score(req: FraudScoreRequest, ctx: QueryContext): Promise<FraudScoreReply> {
    const order = req.order;
    if (!order) throw new PermanentError('fraud score request without an order');
    const started = performance.now();
    const facts = orderFactsFromContract(ctx.tenant, order, orderEventTime(order, undefined, Date.now()));
    const { decision, audit, degradedReason } = await this.scorer.scoreCheckout(facts);
    fraudMetrics().scoreDuration.record((performance.now() - started) / 1000, { source: 'checkout' });
    fraudMetrics().scored.add(1, {
      decision: decision.decision,
      source: 'checkout',
      ...(degradedReason ? { degraded_reason: degradedReason } : {}),
    });
    // A fallback has no features to audit; the order placed event is audited once Redis is back.
    if (audit) this.audit.enqueue(audit);
    return create(FraudScoreReplySchema, {
      meta: {
        requestId: ctx.requestId,
        correlationId: ctx.correlationId || ctx.requestId,
        source: {
          tier: SourceTier.LOCAL,
          provider: 'local',
          model: decision.modelVersion.slice(0, 128),
          promptVersion: decision.ruleSetVersion.slice(0, 64),
          degradedReason: degradedReason ?? '',
        },
      },
      orderId: order.orderId,
      assessment: assessmentOf(decision),
    });
  }
}
