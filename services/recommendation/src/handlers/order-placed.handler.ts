// An order → every item a purchase (the strongest signal), the items bought together, and the
// user's purchased set (never recommended to them again); once per event id.
import { Controller, Inject } from '@nestjs/common';
import { OnEvent, type EventContext } from '@shopmind/bus';
import { Events, type OrderPlaced } from '@shopmind/contracts';
import { orderSignalOf } from '../messages/behaviour-message.js';
import { RecommendationModelStore } from '../stores/recommendation-model-store.js';

@Controller()
export class OrderPlacedHandler {
  constructor(@Inject(RecommendationModelStore) private readonly model: RecommendationModelStore) {}

  @OnEvent(Events.orderPlaced)
  async orderPlaced(msg: OrderPlaced, ctx: EventContext): Promise<void> {
    await this.model.recordOrder(ctx.tenant, ctx.eventId, orderSignalOf(msg));
  }
}
