// Order placed and order status changed → the order view, once per event id; last writer wins by
// occurred-at when the view is read, so the events may arrive in any order.
import { Controller, Inject } from '@nestjs/common';
import { OnEvent, type EventContext } from '@shopmind/bus';
import { Events, type OrderPlaced, type OrderStatusChanged } from '@shopmind/contracts';
import { orderPlacedFact, orderStatusFact } from '../messages/order-facts-message.js';
import { OrderViewStore } from '../stores/order-view-store.js';

@Controller()
export class OrderEventsHandler {
  constructor(@Inject(OrderViewStore) private readonly orders: OrderViewStore) {}

  @OnEvent(Events.orderPlaced)
  async orderPlaced(msg: OrderPlaced, ctx: EventContext): Promise<void> {
    await this.orders.apply(ctx.tenant, ctx.eventId, orderPlacedFact(msg));
  }

  @OnEvent(Events.orderStatusChanged)
  async orderStatusChanged(msg: OrderStatusChanged, ctx: EventContext): Promise<void> {
    await this.orders.apply(ctx.tenant, ctx.eventId, orderStatusFact(msg));
  }
}
