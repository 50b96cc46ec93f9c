// Customer erasure requested → the customer's order view entries (their account's orders and the
// orders placed with their e-mail addresses) and their conversations are deleted, once per event id,
// then the stored results and cached plans listed under their subjects (idempotent; a Redis failure
// is transient, so the request is delivered again).
import { Controller, Inject } from '@nestjs/common';
import { OnEvent, type EventContext } from '@shopmind/bus';
import { Events, type CustomerErasureRequested } from '@shopmind/contracts';
import { createLogger } from '@shopmind/telemetry';
import { CustomerErasure } from '../stores/customer-erasure.js';
import { supportMetrics } from '../support-metrics.js';

const log = createLogger('customer-service.privacy');

@Controller()
export class PrivacyEventsHandler {
  constructor(@Inject(CustomerErasure) private readonly erasure: CustomerErasure) {}

  @OnEvent(Events.erasureRequested)
  async erasureRequested(msg: CustomerErasureRequested, ctx: EventContext): Promise<void> {
    const erased = await this.erasure.erase(ctx.tenant, ctx.eventId, {
      userId: msg.userId,
      emails: msg.emails,
    });
    supportMetrics().erasures.add(1);
    log.info({ tenant: ctx.tenant, event_id: ctx.eventId, ...erased }, 'customer erased');
  }
}
