// Maps the contract's Order (order placed event or checkout score request) onto the domain's OrderFacts.
import { timestampMs } from '@bufbuild/protobuf/wkt';
import { PaymentMethod, type Address, type Order } from '@shopmind/contracts';
import { normaliseAddress, type OrderFacts } from '../domain/order-facts.js';

const minorToMajor = (minor: bigint | undefined): number => Number(minor ?? 0n) / 100;

function addressKey(a: Address | undefined): string {
  return a ? normaliseAddress([a.line1, a.line2, a.postalCode, a.city, a.country]) : '';
}

/** `occurredAt` is the event time (envelope occurred_at, else placed_at, else now for a checkout). */
export function orderFactsFromContract(tenant: string, order: Order, occurredAt: number): OrderFacts {
  return {
    tenant,
    orderId: order.orderId,
    occurredAt,
    userId: order.userId,
    email: order.email,
    cardFingerprint: order.card?.fingerprint ?? '',
    cardBin: order.card?.bin ?? '',
    cardCountry: order.card?.issuerCountry ?? '',
    ip: order.ip,
    // The shop's geolocation of the IP; empty (unknown) keeps the IP-country mismatch features at 0.
    ipCountry: order.ipCountry,
    deviceId: order.deviceId,
    billingCountry: order.billingAddress?.country ?? '',
    shippingCountry: order.shippingAddress?.country ?? '',
    shippingAddress: addressKey(order.shippingAddress),
    amount: minorToMajor(order.totals?.total?.amountMinor),
    currency: order.currency,
    paymentMethod: PaymentMethod[order.paymentMethod] ?? 'UNSPECIFIED',
    lines: order.items.map((i) => ({
      sku: i.sku,
      category: i.categoryPath.join(' > '),
      quantity: i.quantity,
      unitPrice: minorToMajor(i.unitPrice?.amountMinor),
    })),
    accountCreatedAt: order.accountCreatedAt ? timestampMs(order.accountCreatedAt) : 0,
  };
}

/**
 * Event time of an order: when it was placed (so the checkout query and the later order placed event
 * share one time), else the envelope's occurred_at, else `fallback` (the checkout's arrival).
 */
export function orderEventTime(order: Order, envelopeMs: number | undefined, fallback: number): number {
  if (order.placedAt) return timestampMs(order.placedAt);
  if (envelopeMs && envelopeMs > 0) return envelopeMs;
  return fallback;
}
