// What customer service knows about one order, folded from order placed and order status changed
// facts (mapped from the contracts in messages/): items, status, tracking, expected delivery,
// refunds, and who owns it. Status facts apply last-writer-wins by when they happened, so a late
// "shipped" never overwrites "delivered". Answers about an order come from here and nowhere else.

export type OrderStatusName = 'placed' | 'paid' | 'shipped' | 'delivered' | 'cancelled' | 'refunded';

export interface Money {
  /** ISO 4217. */
  readonly currency: string;
  /** In minor units (cents). */
  readonly amountMinor: number;
}

export interface OrderItemView {
  readonly productId: string;
  readonly title: string;
  readonly quantity: number;
}

export interface TrackingView {
  readonly carrier: string;
  readonly trackingNumber: string;
  readonly url?: string;
  /** Epoch ms. */
  readonly estimatedDeliveryAt?: number;
}

export interface RefundView {
  /** Epoch ms of the refund status change. */
  readonly at: number;
  readonly amount?: Money;
  readonly reason?: string;
}

export interface OrderView {
  readonly orderId: string;
  /** Empty for a guest order. */
  readonly userId: string;
  /** As given at checkout; empty when unknown. */
  readonly email: string;
  readonly items: readonly OrderItemView[];
  readonly status: OrderStatusName;
  /** Epoch ms of the fact that set `status`. */
  readonly statusAt: number;
  readonly placedAt?: number;
  readonly tracking?: TrackingView;
  readonly deliveredAt?: number;
  readonly cancelReason?: string;
  readonly refunds: readonly RefundView[];
}

export interface OrderPlacedFact {
  readonly kind: 'placed';
  /** Epoch ms (the envelope's occurred-at). */
  readonly occurredAt: number;
  readonly orderId: string;
  readonly userId: string;
  readonly email: string;
  readonly items: readonly OrderItemView[];
  readonly placedAt?: number;
}

export interface OrderStatusFact {
  readonly kind: 'status_changed';
  readonly occurredAt: number;
  readonly orderId: string;
  readonly userId: string;
  readonly status: OrderStatusName;
  readonly tracking?: TrackingView;
  readonly reason?: string;
  readonly refundedAmount?: Money;
}

export type OrderFact = OrderPlacedFact | OrderStatusFact;

function applyPlaced(view: OrderView | undefined, fact: OrderPlacedFact): OrderView {
  const base = {
    orderId: fact.orderId,
    userId: fact.userId,
    email: fact.email,
    items: fact.items,
    placedAt: fact.placedAt ?? fact.occurredAt,
  };
  if (!view) return { ...base, status: 'placed', statusAt: fact.occurredAt, refunds: [] };
  // A status change seen before the order itself: keep its status, take the order's own data.
  return { ...view, ...base, userId: fact.userId || view.userId };
}

function applyStatus(view: OrderView | undefined, fact: OrderStatusFact): OrderView {
  const current: OrderView = view ?? {
    orderId: fact.orderId,
    userId: fact.userId,
    email: '',
    items: [],
    status: 'placed',
    statusAt: Number.NEGATIVE_INFINITY,
    refunds: [],
  };
  const refunds =
    fact.status === 'refunded' && !current.refunds.some((r) => r.at === fact.occurredAt)
      ? [...current.refunds, { at: fact.occurredAt, amount: fact.refundedAmount, reason: fact.reason }].sort(
          (a, b) => a.at - b.at,
        )
      : current.refunds;
  const newer = fact.occurredAt >= current.statusAt;
  const trackingIsNewer = fact.tracking && (newer || !current.tracking);
  return {
    ...current,
    userId: current.userId || fact.userId,
    refunds,
    ...(trackingIsNewer ? { tracking: fact.tracking } : {}),
    ...(fact.status === 'delivered' && (newer || current.deliveredAt === undefined)
      ? { deliveredAt: fact.occurredAt }
      : {}),
    ...(fact.status === 'cancelled' && newer ? { cancelReason: fact.reason } : {}),
    ...(newer ? { status: fact.status, statusAt: fact.occurredAt } : {}),
  };
}

/** The view after one more fact; applying the same fact again changes nothing. */
export function applyOrderFact(view: OrderView | undefined, fact: OrderFact): OrderView {
  return fact.kind === 'placed' ? applyPlaced(view, fact) : applyStatus(view, fact);
}

export function foldOrderFacts(facts: readonly OrderFact[]): OrderView | undefined {
  return facts.reduce<OrderView | undefined>((view, fact) => applyOrderFact(view, fact), undefined);
}

/**
 * Who is asking. A chat turn's `userId` is the authenticated customer and its `claimedEmails` the
 * addresses typed in the conversation; a support message's `senderEmail` is the address the help desk
 * received it from. Typed addresses do not count for a support message.
 */
export type OrderRequester =
  | { readonly channel: 'chat'; readonly userId: string; readonly claimedEmails: readonly string[] }
  | { readonly channel: 'message'; readonly userId: string; readonly senderEmail: string };

export type Ownership = 'account' | 'email' | 'none';

function sameEmail(a: string, b: string): boolean {
  return a.trim() !== '' && a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * Whether `requester` may see the order's details. A signed-in customer owns exactly the orders of
 * their account. An empty user id owns nothing: a guest shows ownership with the order's e-mail
 * (chat: typed with the order id; support message: the address it was sent from).
 */
export function ownsOrder(view: OrderView, requester: OrderRequester): Ownership {
  if (requester.userId !== '')
    return view.userId !== '' && view.userId === requester.userId ? 'account' : 'none';
  const emails = requester.channel === 'chat' ? requester.claimedEmails : [requester.senderEmail];
  return emails.some((e) => sameEmail(e, view.email)) ? 'email' : 'none';
}

export type ReturnWindow =
  | { readonly state: 'open'; readonly closesAt: number; readonly daysLeft: number }
  | { readonly state: 'closed'; readonly closedAt: number }
  | { readonly state: 'not_delivered' };

const DAY_MS = 86_400_000;

/** The return window runs `windowDays` from delivery; `now` comes from the caller. */
export function returnWindow(view: OrderView, windowDays: number, now: number): ReturnWindow {
  if (view.deliveredAt === undefined) return { state: 'not_delivered' };
  const closesAt = view.deliveredAt + windowDays * DAY_MS;
  if (now > closesAt) return { state: 'closed', closedAt: closesAt };
  return { state: 'open', closesAt, daysLeft: Math.floor((closesAt - now) / DAY_MS) };
}

/** Whether an erasure request (account and/or e-mails) names the customer of this order. */
export function orderBelongsTo(
  view: OrderView,
  customer: { userId: string; emails: readonly string[] },
): boolean {
  if (customer.userId !== '' && view.userId === customer.userId) return true;
  return customer.emails.some((e) => sameEmail(e, view.email));
}
