// Customer erasure requested → everything fraud-detection holds about the customer is removed:
// features, order records, named e-mails/cards/devices and their links, and the customer's reviews
// in the review-farm signals. Thin: the stores do the deleting.
import { Controller, Inject } from '@nestjs/common';
import { OnEvent, type EventContext } from '@shopmind/bus';
import { Events, type CustomerErasureRequested } from '@shopmind/contracts';
import { createLogger } from '@shopmind/telemetry';
import { fraudMetrics } from '../fraud-metrics.js';
import { FraudFeatureStore } from '../stores/fraud-feature-store.js';
import { ReviewStore } from '../stores/review-store.js';

const log = createLogger('fraud-detection.privacy');

@Controller()
export class PrivacyEventsHandler {
  constructor(
    @Inject(FraudFeatureStore) private readonly features: FraudFeatureStore,
    @Inject(ReviewStore) private readonly reviews: ReviewStore,
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
    fraudMetrics().erasures.add(1);
    // No identifiers in the log: the request reference is the shop's own case id.
    log.info(
      { event_id: ctx.eventId, request_reference: msg.requestReference, entities, reviews },
      'customer data erased',
    );
  }
}
