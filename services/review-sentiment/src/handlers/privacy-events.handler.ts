// Customer erasure requested → every review the customer wrote leaves review-sentiment's Redis: the
// per-product aggregates, the stored analyses, the gateway's cached analyses. Reviews name their
// author by user id only, so a request naming only e-mail addresses finds nothing here.
import { Controller, Inject } from '@nestjs/common';
import { OnEvent, type EventContext } from '@shopmind/bus';
import { Events, type CustomerErasureRequested } from '@shopmind/contracts';
import { createLogger } from '@shopmind/telemetry';
import { CustomerErasure } from '../application/customer-erasure.js';

const log = createLogger('review-sentiment.privacy');

@Controller()
export class PrivacyEventsHandler {
  constructor(@Inject(CustomerErasure) private readonly erasure: CustomerErasure) {}

  @OnEvent(Events.erasureRequested)
  async erasureRequested(msg: CustomerErasureRequested, ctx: EventContext): Promise<void> {
    if (!msg.userId) return;
    const erased = await this.erasure.erase(ctx.tenant, ctx.eventId, msg.userId);
    // No identifiers in the log: the request reference is the shop's own case id.
    log.info(
      { event_id: ctx.eventId, request_reference: msg.requestReference, ...erased },
      'customer erased',
    );
  }
}
