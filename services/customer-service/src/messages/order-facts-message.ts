// Order placed / order status changed (contracts) → the order facts the view folds.
import { timestampMs } from '@bufbuild/protobuf/wkt';
import { PermanentError } from '@shopmind/bus';
import {
  OrderStatus,
  type Envelope,
  type Money,
  type OrderPlaced,
  type OrderStatusChanged,
} from '@shopmind/contracts';
import type { OrderPlacedFact, OrderStatusFact, OrderStatusName } from '../domain/order-view.js';

const STATUS: Partial<Record<OrderStatus, OrderStatusName>> = {
  [OrderStatus.PLACED]: 'placed',
  [OrderStatus.PAID]: 'paid',
  [OrderStatus.SHIPPED]: 'shipped',
  [OrderStatus.DELIVERED]: 'delivered',
  [OrderStatus.CANCELLED]: 'cancelled',
  [OrderStatus.REFUNDED]: 'refunded',
};

/** The envelope's occurred-at in epoch ms (the contract requires it; 0 if a producer left it out). */
export function occurredAtMs(envelope: Envelope | undefined): number {
  return envelope?.occurredAt ? timestampMs(envelope.occurredAt) : 0;
}

function moneyOf(m: Money | undefined): { currency: string; amountMinor: number } | undefined {
  return m ? { currency: m.currency, amountMinor: Number(m.amountMinor) } : undefined;
}

export function orderPlacedFact(msg: OrderPlaced): OrderPlacedFact {
  const order = msg.order;
  if (!order) throw new PermanentError('order placed without an order');
  return {
    kind: 'placed',
    occurredAt: occurredAtMs(msg.envelope),
    orderId: order.orderId,
    userId: order.userId,
    email: order.email,
    items: order.items.map((i) => ({ productId: i.productId, title: i.title, quantity: i.quantity })),
    ...(order.placedAt ? { placedAt: timestampMs(order.placedAt) } : {}),
  };
}

export function orderStatusFact(msg: OrderStatusChanged): OrderStatusFact {
  const status = STATUS[msg.status];
  if (!status) throw new PermanentError(`unknown order status ${msg.status}`);
  const t = msg.tracking;
  return {
    kind: 'status_changed',
    occurredAt: occurredAtMs(msg.envelope),
    orderId: msg.orderId,
    userId: msg.userId,
    status,
    ...(t
      ? {
          tracking: {
            carrier: t.carrier,
            trackingNumber: t.trackingNumber,
            ...(t.url ? { url: t.url } : {}),
            ...(t.estimatedDelivery ? { estimatedDeliveryAt: timestampMs(t.estimatedDelivery) } : {}),
          },
        }
      : {}),
    ...(msg.reason ? { reason: msg.reason } : {}),
    ...(moneyOf(msg.refundedAmount) ? { refundedAmount: moneyOf(msg.refundedAmount) } : {}),
  };
}
