// Answers q.<tenant>.support.chat: one chat turn. The bus has already refused a malformed request
// (invalid_request, from the proto's rules). Redis work runs through whileUp, so a Redis outage
// answers `unavailable` at once. A hand-over publishes support escalated too (its id derives from
// the request id), so the support desk sees chat hand-overs like message ones.
import { Controller, Inject } from '@nestjs/common';
import { BusPublisher, DependencyState, OnQuery, type QueryContext } from '@shopmind/bus';
import { Events, Queries, type SupportChatReply, type SupportChatRequest } from '@shopmind/contracts';
import { runOptionsForQuery } from '@shopmind/service-kit';
import { SupportAgent, type RedisGuard } from '../application/support-agent.js';
import { RESULT_KINDS, supportChatReplyOf, supportEscalatedOf } from '../messages/support-messages.js';

@Controller()
export class SupportChatHandler {
  private readonly guard: RedisGuard;

  constructor(
    @Inject(SupportAgent) private readonly agent: SupportAgent,
    @Inject(BusPublisher) private readonly publisher: BusPublisher,
    @Inject(DependencyState) dependencies: DependencyState,
  ) {
    this.guard = (work) => dependencies.whileUp('redis', work);
  }

  @OnQuery(Queries.supportChat)
  async chat(req: SupportChatRequest, ctx: QueryContext): Promise<SupportChatReply> {
    const outcome = await this.agent.turn(
      {
        tenant: ctx.tenant,
        conversationId: req.conversationId,
        userId: req.userId,
        text: req.text,
        channel: 'chat',
        senderEmail: '',
        orderId: req.orderId,
        locale: req.locale,
        call: {
          tenant: ctx.tenant,
          requestId: ctx.requestId,
          correlationId: ctx.correlationId,
          deadline: ctx.deadline,
        },
        run: runOptionsForQuery(ctx),
      },
      this.guard,
    );
    await this.agent.remember(ctx.tenant, outcome, this.guard);
    if (outcome.escalation) {
      const cause = {
        eventId: `chat:${ctx.requestId}`,
        tenant: ctx.tenant,
        correlationId: ctx.correlationId || ctx.requestId,
      };
      await this.publisher.publish(
        Events.supportEscalated,
        ctx.tenant,
        supportEscalatedOf(cause, req, outcome),
        {
          causeEventId: cause.eventId,
          kind: RESULT_KINDS.escalated,
          subjects: outcome.subjects,
        },
      );
    }
    return supportChatReplyOf(req.conversationId, outcome, ctx);
  }
}
