// Order placed → order scored (+ fraud alert above the alert threshold); chargeback reported →
// every entity of the order becomes riskier. Thin: decode is done by the bus, logic is in FraudScorer.
import { Controller, Inject } from '@nestjs/common';
import { create } from '@bufbuild/protobuf';
import { timestampMs } from '@bufbuild/protobuf/wkt';
import { BusPublisher, OnEvent, PermanentError, type EventContext } from '@shopmind/bus';
import {
  AlertSubject,
  Events,
  FraudAlertSchema,
  OrderScoredSchema,
  type ChargebackReported,
  type OrderPlaced,
} from '@shopmind/contracts';
import { runOptionsForEvent } from '@shopmind/service-kit';
import { createLogger } from '@shopmind/telemetry';
import { AlertNarrator } from '../application/alert-narrator.js';
import { FraudScorer } from '../application/fraud-scorer.js';
import { fraudMetrics } from '../fraud-metrics.js';
import { orderEventTime, orderFactsFromContract } from '../messages/order-facts-from-contract.js';
import { AuditTrail } from '../stores/audit-trail.js';
import { FEATURE_STORE } from '../fraud-tokens.js';
import type { FeatureStore } from '../stores/feature-store.js';
import { ResultSubjects } from '../stores/result-subjects.js';
import { resultEnvelope } from '@shopmind/service-kit';
import { assessmentOf, PRODUCER, reasonsOf, severityOf } from '../messages/result-messages.js';

const log = createLogger('fraud-detection.orders');

@Controller()
export class OrderEventsHandler {
  constructor(
    @Inject(FraudScorer) private readonly scorer: FraudScorer,
    @Inject(AuditTrail) private readonly audit: AuditTrail,
    @Inject(FEATURE_STORE) private readonly store: FeatureStore,
    @Inject(BusPublisher) private readonly publisher: BusPublisher,
    @Inject(AlertNarrator) private readonly narrator: AlertNarrator,
    @Inject(ResultSubjects) private readonly subjects: ResultSubjects,
  ) {}

  @OnEvent(Events.orderPlaced)
  async orderPlaced(msg: OrderPlaced, ctx: EventContext): Promise<void> {
    const order = msg.order;
    if (!order) throw new PermanentError('order placed without an order');
    const envMs = msg.envelope?.occurredAt ? timestampMs(msg.envelope.occurredAt) : undefined;
    const facts = orderFactsFromContract(ctx.tenant, order, orderEventTime(order, envMs, Date.now()));
    const started = performance.now();
    const { decision, audit } = await this.scorer.score(facts, 'order');
    fraudMetrics().scoreDuration.record((performance.now() - started) / 1000, { source: 'order' });
    fraudMetrics().scored.add(1, { decision: decision.decision, source: 'order' });
    await this.audit.record(audit);
    if (decision.shadowRulesHit.length)
      log.info({ order_id: order.orderId, shadow_rules: decision.shadowRulesHit }, 'shadow rules matched');

    // Both results name the customer's account: listed under their keyed hashes for erasure.
    const subjects = this.subjects.ofOrder(order.userId, order.email);
    const envelope = resultEnvelope(ctx, { producer: PRODUCER, kind: 'fraud.order_scored' });
    await this.publisher.publish(
      Events.orderScored,
      ctx.tenant,
      create(OrderScoredSchema, {
        envelope,
        orderId: order.orderId,
        userId: order.userId,
        assessment: assessmentOf(decision),
      }),
      { causeEventId: ctx.eventId, kind: 'fraud.order_scored', subjects },
    );
    if (decision.alert) {
      // After the score is out: the narrative (LLM or local template) never delays the decision,
      // and never defers the order event either: when no provider answers now, the template writes it.
      const narrative = await this.narrator.narrate(facts, decision, {
        ...runOptionsForEvent(ctx),
        canDefer: false,
      });
      fraudMetrics().alerts.add(1, { subject: 'order' });
      await this.publisher.publish(
        Events.fraudAlert,
        ctx.tenant,
        create(FraudAlertSchema, {
          envelope: resultEnvelope(ctx, { producer: PRODUCER, kind: 'fraud.alert' }),
          alertId: `${ctx.eventId}:order`,
          subject: AlertSubject.ORDER,
          severity: severityOf(decision.score, decision.decision),
          orderId: order.orderId,
          userId: order.userId,
          score: decision.score,
          reasons: reasonsOf(decision),
          narrative: narrative.text,
          narrativeSource: narrative.source,
        }),
        { causeEventId: ctx.eventId, kind: 'fraud.alert', subjects },
      );
    }
  }

  @OnEvent(Events.chargebackReported)
  async chargebackReported(msg: ChargebackReported, ctx: EventContext): Promise<void> {
    const at = msg.envelope?.occurredAt ? timestampMs(msg.envelope.occurredAt) : Date.now();
    const marked = await this.store.recordChargeback(ctx.tenant, msg.orderId, at, {
      cardFingerprint: msg.cardFingerprint,
      userId: msg.userId,
    });
    fraudMetrics().chargebacks.add(1, { fraudulent: String(msg.fraudulent) });
    log.info({ order_id: msg.orderId, entities_marked: marked }, 'chargeback fed back into the features');
  }
}
