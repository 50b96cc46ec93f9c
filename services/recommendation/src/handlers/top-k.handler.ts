// Answers q.<tenant>.recommendation.top_k. The bus has already refused a malformed request
// (invalid_request, from the proto's rules); the Redis reads run through whileUp so a Redis outage
// answers `unavailable` at once instead of waiting in the client's offline queue.
import { Controller, Inject } from '@nestjs/common';
import { DependencyState, OnQuery, type QueryContext } from '@shopmind/bus';
import { Queries, type TopKReply, type TopKRequest } from '@shopmind/contracts';
import { TopKRecommender } from '../application/top-k-recommender.js';
import { topKQuestionOf, topKReplyOf } from '../messages/top-k-message.js';

@Controller()
export class TopKHandler {
  constructor(
    @Inject(TopKRecommender) private readonly recommender: TopKRecommender,
    @Inject(DependencyState) private readonly dependencies: DependencyState,
  ) {}

  @OnQuery(Queries.recommendTopK)
  async topK(req: TopKRequest, ctx: QueryContext): Promise<TopKReply> {
    const list = await this.dependencies.whileUp('redis', () =>
      this.recommender.topK(ctx.tenant, topKQuestionOf(req)),
    );
    return topKReplyOf(list, ctx);
  }
}
