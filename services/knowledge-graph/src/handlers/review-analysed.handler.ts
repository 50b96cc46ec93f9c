// Review analysed → its positive aspects counted as PRAISED_FOR, its negative ones as
// CRITICIZED_FOR (once per review event) → graph updated (a merge, with the new counts). A mixed
// review gives both; only its aspects are read, never its overall polarity.
import { Controller, Inject } from '@nestjs/common';
import { BusPublisher, OnEvent, type EventContext } from '@shopmind/bus';
import { Events, Polarity, type ReviewAnalysed } from '@shopmind/contracts';
import { reviewFacts, type AspectMention } from '../domain/review-aspects.js';
import type { Triple } from '../domain/triple.js';
import { knowledgeGraphMetrics } from '../knowledge-graph-metrics.js';
import { GraphStore } from '../stores/graph-store.js';
import { GraphOperation, graphUpdatedOf, RESULT_KIND } from '../messages/graph-messages.js';

const POLARITY: Partial<Record<Polarity, AspectMention['polarity']>> = {
  [Polarity.POSITIVE]: 'positive',
  [Polarity.NEGATIVE]: 'negative',
  [Polarity.NEUTRAL]: 'neutral',
  [Polarity.MIXED]: 'mixed',
};

@Controller()
export class ReviewAnalysedHandler {
  constructor(
    @Inject(GraphStore) private readonly store: GraphStore,
    @Inject(BusPublisher) private readonly publisher: BusPublisher,
  ) {}

  @OnEvent(Events.reviewAnalysed)
  async reviewAnalysed(msg: ReviewAnalysed, ctx: EventContext): Promise<void> {
    const mentions = msg.aspects.flatMap((a) => {
      const polarity = POLARITY[a.polarity];
      return polarity ? [{ aspect: a.aspect, polarity }] : [];
    });
    const facts = reviewFacts(mentions);
    if (facts.length === 0) return;
    const result = await this.store.addReviewAspects(ctx.tenant, msg.productId, ctx.eventId, facts);
    knowledgeGraphMetrics().reviewFacts.add(1, { outcome: result.status });
    if (result.status !== 'applied') return;
    const added: Triple[] = result.counts.map((c) => ({
      subject: msg.productId,
      relation: c.relation,
      object: c.aspect,
      count: c.count,
      provenance: { sourceEventId: ctx.eventId, extractor: 'review-analysis', confidence: msg.confidence },
    }));
    await this.publisher.publish(
      Events.graphUpdated,
      ctx.tenant,
      graphUpdatedOf(ctx, {
        productId: msg.productId,
        productVersion: 0n,
        operation: GraphOperation.MERGE,
        added,
        removed: [],
        source: msg.source!,
      }),
      // Its provenance names the reviewer's analysed review: erased with them (see privacy-events).
      { causeEventId: ctx.eventId, kind: RESULT_KIND, subjects: [msg.userId] },
    );
  }
}
