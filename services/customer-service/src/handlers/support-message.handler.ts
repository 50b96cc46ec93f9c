// A support message received → one turn of its conversation → support replied, or support escalated
// when a person takes over. The result is published before the conversation is saved: a redelivery
// after a crash between the two recomputes from the same state, and the publisher sends the stored
// first result, never a second one. Without a user id, the order's details go only to a sender
// address equal to the order's e-mail. Results are listed under the customer's subjects (user id,
// hashed addresses) so that an erasure deletes their stored copies.
import { Controller, Inject } from '@nestjs/common';
import { BusPublisher, OnEvent, type EventContext } from '@shopmind/bus';
import { Events, type SupportMessageReceived } from '@shopmind/contracts';
import { runOptionsForEvent } from '@shopmind/service-kit';
import { SupportAgent, type RedisGuard } from '../application/support-agent.js';
import { RESULT_KINDS, supportEscalatedOf, supportRepliedOf } from '../messages/support-messages.js';

// Event handlers let Redis work wait for a reconnect (or fail and be redelivered).
const asIs: RedisGuard = (work) => work();

@Controller()
export class SupportMessageHandler {
  constructor(
    @Inject(SupportAgent) private readonly agent: SupportAgent,
    @Inject(BusPublisher) private readonly publisher: BusPublisher,
  ) {}

  @OnEvent(Events.supportMessageReceived)
  async messageReceived(msg: SupportMessageReceived, ctx: EventContext): Promise<void> {
    const outcome = await this.agent.turn(
      {
        tenant: ctx.tenant,
        conversationId: msg.conversationId,
        userId: msg.userId,
        text: msg.text,
        channel: 'message',
        senderEmail: msg.senderEmail,
        orderId: msg.orderId,
        locale: msg.locale,
        call: { tenant: ctx.tenant, requestId: ctx.eventId, correlationId: ctx.correlationId },
        run: { ...runOptionsForEvent(ctx), canDefer: false },
      },
      asIs,
    );
    if (outcome.escalation) {
      await this.publisher.publish(
        Events.supportEscalated,
        ctx.tenant,
        supportEscalatedOf(ctx, msg, outcome),
        {
          causeEventId: ctx.eventId,
          kind: RESULT_KINDS.escalated,
          subjects: outcome.subjects,
        },
      );
    } else {
      await this.publisher.publish(Events.supportReplied, ctx.tenant, supportRepliedOf(msg, outcome, ctx), {
        causeEventId: ctx.eventId,
        kind: RESULT_KINDS.replied,
        subjects: outcome.subjects,
      });
    }
    await this.agent.remember(ctx.tenant, outcome, asIs, {
      senderEmail: msg.senderEmail,
      eventId: ctx.eventId,
    });
  }
}
