// Counts each product's reviews by star rating, once per event however often it is delivered.
import { Controller, Inject } from '@nestjs/common';
import { EffectsLedger, OnEvent, type EventContext } from '@shopmind/bus';
import { Events, type ReviewSubmitted } from '@shopmind/contracts';
import { RATING_TALLY_CONFIG, type RatingTallyConfig } from '../config.js';

@Controller()
export class ReviewTallyHandler {
  constructor(
    @Inject(EffectsLedger) private readonly ledger: EffectsLedger,
    @Inject(RATING_TALLY_CONFIG) private readonly config: RatingTallyConfig,
  ) {}

  @OnEvent(Events.reviewSubmitted)
  async reviewSubmitted(review: ReviewSubmitted, ctx: EventContext): Promise<void> {
    if (review.rating < this.config.minRating) return;
    await this.ledger.applyOnce({
      tenant: ctx.tenant,
      entity: `product:${review.productId}`,
      eventId: ctx.eventId,
      ops: [{ op: 'hincrby', key: 'stars', field: String(review.rating), by: 1 }],
    });
  }
}
