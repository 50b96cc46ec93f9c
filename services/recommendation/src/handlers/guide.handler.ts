// Answers q.<tenant>.recommendation.guide: one turn of the shopping guide conversation. The bus has
// already refused a malformed request (invalid_request, from the proto's rules); Redis reads run
// through whileUp so an outage answers `unavailable` at once.
import { Controller, Inject } from '@nestjs/common';
import { DependencyState, OnQuery, type QueryContext } from '@shopmind/bus';
import { Queries, type ShoppingGuideReply, type ShoppingGuideRequest } from '@shopmind/contracts';
import { ShoppingGuide } from '../application/shopping-guide.js';
import { guideQuestionOf, guideReplyOf } from '../messages/guide-message.js';

@Controller()
export class GuideHandler {
  constructor(
    @Inject(ShoppingGuide) private readonly guide: ShoppingGuide,
    @Inject(DependencyState) private readonly dependencies: DependencyState,
  ) {}

  @OnQuery(Queries.shoppingGuide)
  async guideTurn(req: ShoppingGuideRequest, ctx: QueryContext): Promise<ShoppingGuideReply> {
    const answer = await this.dependencies.whileUp('redis', () =>
      this.guide.turn(ctx.tenant, guideQuestionOf(req), ctx.signal),
    );
    return guideReplyOf(answer, req.conversationId, ctx);
  }
}
