// The knowledge graph's facts about a product (materials, audiences, ages, features) → kept per
// product (added and removed applied once per event id, last writer wins by product version),
// then the product's content neighbours recomputed with them.
import { Controller, Inject } from '@nestjs/common';
import { OnEvent, type EventContext } from '@shopmind/bus';
import { Events, type GraphUpdated } from '@shopmind/contracts';
import { ContentNeighbours } from '../application/content-neighbours.js';
import { graphFactsChangeOf } from '../messages/graph-facts-message.js';
import { ContentNeighbourStore } from '../stores/content-neighbour-store.js';

@Controller()
export class GraphUpdatedHandler {
  constructor(
    @Inject(ContentNeighbourStore) private readonly store: ContentNeighbourStore,
    @Inject(ContentNeighbours) private readonly content: ContentNeighbours,
  ) {}

  @OnEvent(Events.graphUpdated)
  async graphUpdated(msg: GraphUpdated, ctx: EventContext): Promise<void> {
    const change = graphFactsChangeOf(msg);
    await this.store.applyGraphFacts(ctx.tenant, ctx.eventId, change);
    await this.content.refresh(ctx.tenant, change.productId);
  }
}
