// The contract every feature store keeps (Redis in production, memory for replays and unit tests).
import type { EntityKind, OrderCounters, OrderFacts } from '../domain/order-facts.js';

export interface FeatureStore {
  /**
   * Records the order (or checkout attempt) against every entity it touches and returns each
   * entity's counters with it included. Recording the same order id twice counts it once. Only
   * an order (not a checkout attempt) is remembered for chargebacks.
   */
  observeOrder(o: OrderFacts, smallAmount: number, source?: 'checkout' | 'order'): Promise<OrderCounters>;
  /**
   * Marks every entity the order touched as charged back (idempotent per order); when the order was
   * never seen, marks the card and account the chargeback names. Returns how many entities were marked.
   */
  recordChargeback(
    tenant: string,
    orderId: string,
    occurredAt: number,
    named?: ChargebackNames,
  ): Promise<number>;
  setList(
    tenant: string,
    kind: Exclude<EntityKind, 'user' | 'address'>,
    identifier: string,
    list: 'allow' | 'deny' | null,
  ): Promise<void>;
}

export interface ChargebackNames {
  cardFingerprint?: string;
  userId?: string;
}
