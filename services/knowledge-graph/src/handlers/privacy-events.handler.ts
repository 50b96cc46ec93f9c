// Customer erasure requested → the graph updates published for the customer's analysed reviews (each
// names the review's event as the provenance of its counts) leave the bus's result store. The graph
// itself keeps its facts: PRAISED_FOR / CRITICIZED_FOR counts per aspect name no one, and the review
// event ids remembered for de-duplication are derived ids, not the customer's (see the README).
import { Controller, Inject } from '@nestjs/common';
import { BusPublisher, OnEvent, type EventContext } from '@shopmind/bus';
import { Events, type CustomerErasureRequested } from '@shopmind/contracts';
import { createLogger } from '@shopmind/telemetry';

const log = createLogger('knowledge-graph.privacy');

@Controller()
export class PrivacyEventsHandler {
  constructor(@Inject(BusPublisher) private readonly publisher: BusPublisher) {}

  /** Idempotent: a repeat finds nothing left to delete. Analysed reviews name their author by user id. */
  @OnEvent(Events.erasureRequested)
  async erasureRequested(msg: CustomerErasureRequested, ctx: EventContext): Promise<void> {
    if (!msg.userId) return;
    const results = await this.publisher.eraseResultsOf(ctx.tenant, msg.userId);
    log.info({ event_id: ctx.eventId, request_reference: msg.requestReference, results }, 'customer erased');
  }
}
