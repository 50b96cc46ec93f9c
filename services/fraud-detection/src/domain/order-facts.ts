// What the fraud domain needs to know about one checkout or order, independent of the wire format.
// Handlers map the contract messages onto these shapes; everything below them is pure.

export const ENTITY_KINDS = ['user', 'email', 'card', 'ip', 'device', 'address'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

export interface OrderLine {
  sku: string;
  category: string;
  quantity: number;
  unitPrice: number;
}

export interface OrderFacts {
  tenant: string;
  orderId: string;
  /** Event time in epoch milliseconds: every window is computed on it, so replay scores as live. */
  occurredAt: number;
  userId: string;
  email: string;
  cardFingerprint: string;
  cardBin: string;
  /** ISO country of the issuing bank when the shop knows it ('' otherwise). */
  cardCountry: string;
  ip: string;
  ipCountry: string;
  deviceId: string;
  billingCountry: string;
  shippingCountry: string;
  /** Normalised shipping address (see normaliseAddress), used as the address entity. */
  shippingAddress: string;
  amount: number;
  currency: string;
  paymentMethod: string;
  lines: OrderLine[];
  /** Epoch milliseconds; 0 when unknown. */
  accountCreatedAt: number;
}

/** Lower-case, collapse punctuation and whitespace so that trivially re-typed addresses match. */
export function normaliseAddress(parts: string[]): string {
  return parts
    .join(' ')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

/** The raw identifier of each entity an order touches ('' when the order does not carry it). */
export function entityIdentifiers(o: OrderFacts): Record<EntityKind, string> {
  return {
    // A guest checkout has no user id: its e-mail address stands in for the account.
    user: o.userId || (o.email ? `guest:${o.email.toLowerCase()}` : ''),
    email: o.email.toLowerCase(),
    card: o.cardFingerprint,
    ip: o.ip,
    device: o.deviceId,
    address: o.shippingAddress,
  };
}

/** Which other entities each entity keeps a "distinct seen" set of. */
export const LINKS: Record<EntityKind, EntityKind[]> = {
  // The account also links its e-mail and IPs, so that an erasure request can find everything it touched.
  user: ['card', 'device', 'address', 'email', 'ip'],
  email: ['user', 'card'],
  card: ['user'],
  ip: ['user', 'card'],
  device: ['user', 'card'],
  address: ['user', 'card'],
};

/**
 * Which windows the features read, as bit masks (1 = 1 h, 2 = 24 h, 4 = 7 d; 8 in ORDER_WINDOWS =
 * keep lifetime stats: order count, amounts, first seen): the store computes only those (others
 * come back 0), which halves the work Redis does per order. Keep in step with order-features.ts.
 */
export const ORDER_WINDOWS: Record<EntityKind, number> = {
  user: 15,
  email: 2,
  card: 7,
  ip: 3,
  device: 3,
  address: 6,
};
export const LINK_WINDOWS: Record<EntityKind, Partial<Record<EntityKind, number>>> = {
  user: { card: 6, device: 4 },
  email: { card: 4 },
  card: { user: 4 },
  ip: { user: 2, card: 1 },
  device: { user: 4, card: 1 },
  address: { user: 4 },
};
/** Links of an account whose first use is tracked (new card / device / address for the account). */
export const FRESH_LINKS: EntityKind[] = ['card', 'device', 'address'];

export function inWindowMask(mask: number, bit: 1 | 2 | 4 | 8): boolean {
  return (mask & bit) !== 0;
}

export interface LinkCounts {
  d1h: number;
  d24h: number;
  d7d: number;
  /** 1 when this order first brought the linked entity to the account (tracked for accounts only). */
  fresh: number;
}

/**
 * What the feature store returns for one entity after recording the order (the order included).
 * Window counts outside ORDER_WINDOWS / LINK_WINDOWS are 0.
 */
export interface EntityCounters {
  /** false when this order id had already been recorded for the entity (checkout query, redelivery). */
  added: boolean;
  n1h: number;
  n24h: number;
  n7d: number;
  /** Orders at or below the card-testing amount in the last hour. */
  small1h: number;
  /** Orders recorded before this one (lifetime of the key), their summed and maximum amount in minor units. */
  prevOrders: number;
  prevSumMinor: number;
  prevMaxMinor: number;
  /** Event time the entity was first seen. */
  firstSeen: number;
  chargebacks: number;
  list: 'allow' | 'deny' | '';
  linked: Partial<Record<EntityKind, LinkCounts>>;
}

export type OrderCounters = Partial<Record<EntityKind, EntityCounters>>;

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const WEEK = 7 * DAY;
