// Customer erasure requested → everything fraud-detection holds about the customer is removed:
// features, order records, named e-mails/cards/devices and their links, the customer's reviews in
// the review-farm signals, and the stored copies of the results published about them (order scores,
// alerts, review flags). Thin: the stores and the publisher do the deleting.
import { Controller, Inject } from '@nestjs/common';
import { BusPublisher, OnEvent, type EventContext } from '@shopmind/bus';
import { Events, type CustomerErasureRequested } from '@shopmind/contracts';
import { createLogger } from '@shopmind/telemetry';
import { fraudMetrics } from '../fraud-metrics.js';
import { FraudFeatureStore } from '../stores/fraud-feature-store.js';
import { ResultSubjects } from '../stores/result-subjects.js';
import { ReviewStore } from '../stores/review-store.js';

const log = createLogger('fraud-detection.privacy');

@Controller()
export class PrivacyEventsHandler {
  constructor(
    @Inject(FraudFeatureStore) private readonly features: FraudFeatureStore,
    @Inject(ReviewStore) private readonly reviews: ReviewStore,
    @Inject(ResultSubjects) private readonly subjects: ResultSubjects,
    @Inject(BusPublisher) private readonly publisher: BusPublisher,
  ) {}

  /** Deleting is idempotent, so a redelivered request needs no ledger: it deletes nothing new. */
  @OnEvent(Events.erasureRequested)
  async erasureRequested(msg: CustomerErasureRequested, ctx: EventContext): Promise<void> {
    let reviews = 0;
    if (msg.userId) {
      await this.features.eraseUser(ctx.tenant, msg.userId);
      reviews = await this.reviews.eraseUser(ctx.tenant, msg.userId);
    }
    const entities = await this.features.eraseIdentifiers(ctx.tenant, {
      emails: msg.emails,
      cardFingerprints: msg.cardFingerprints,
      deviceIds: msg.deviceIds,
    });
    let results = 0;
    for (const subject of this.subjects.ofErasure(msg.userId, msg.emails))
      results += await this.publisher.eraseResultsOf(ctx.tenant, subject);
    fraudMetrics().erasures.add(1);
    // No identifiers in the log: the request reference is the shop's own case id.
    log.info(
      { event_id: ctx.eventId, request_reference: msg.requestReference, entities, reviews, results },
      'customer data erased',
    );
  }
}
