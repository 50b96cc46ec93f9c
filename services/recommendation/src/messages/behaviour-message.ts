// Interaction and order events (contract) → the behaviour signals the model records.
import { timestampMs } from '@bufbuild/protobuf/wkt';
import { InteractionKind, type Envelope, type OrderPlaced, type UserInteracted } from '@shopmind/contracts';
import type { BehaviourKind } from '../domain/behaviour-weights.js';

const KINDS: Partial<Record<InteractionKind, BehaviourKind>> = {
  [InteractionKind.VIEW]: 'view',
  [InteractionKind.CLICK]: 'click',
  [InteractionKind.WISHLIST]: 'wishlist',
  [InteractionKind.ADD_TO_CART]: 'add_to_cart',
  [InteractionKind.REMOVE_FROM_CART]: 'remove_from_cart',
};

export interface InteractionSignal {
  kind: BehaviourKind;
  userId: string;
  sessionId: string;
  productId: string;
  atMs: number;
}

export interface OrderSignal {
  orderId: string;
  userId: string;
  /** Distinct products of the order, in order of appearance, with the categories the order gave. */
  items: { productId: string; categoryPath: string[] }[];
  atMs: number;
}

/** The signal of an interaction, or undefined for one that names no product (a search). */
export function interactionSignalOf(msg: UserInteracted): InteractionSignal | undefined {
  const kind = KINDS[msg.kind];
  if (!kind || !msg.productId) return undefined;
  return {
    kind,
    userId: msg.userId,
    sessionId: msg.sessionId,
    productId: msg.productId,
    atMs: occurredAtMs(msg.envelope),
  };
}

export function orderSignalOf(msg: OrderPlaced): OrderSignal {
  const order = msg.order!;
  const seen = new Set<string>();
  const items: OrderSignal['items'] = [];
  for (const item of order.items) {
    if (seen.has(item.productId)) continue;
    seen.add(item.productId);
    items.push({ productId: item.productId, categoryPath: [...item.categoryPath] });
  }
  return { orderId: order.orderId, userId: order.userId, items, atMs: occurredAtMs(msg.envelope) };
}

/** When it happened at the producer; the envelope's time is required by the contract. */
export function occurredAtMs(envelope: Envelope | undefined): number {
  return envelope?.occurredAt ? timestampMs(envelope.occurredAt) : 0;
}
