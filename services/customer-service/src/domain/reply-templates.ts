// The local tier's English replies. Every fact in them comes from the order view or is quoted from the
// knowledge base section named in the reply; what neither holds is never said. None of them grants
// a refund, compensation or exception: they state what the policy says and who decides.
import type { PolicyMatch } from './policy-search.js';
import type { OrderStatusName, OrderView, ReturnWindow } from './order-view.js';

export const OFFER_PERSON = 'If you would like, I can pass this to a member of our team.';

const STATUS_TEXT: Record<OrderStatusName, string> = {
  placed: 'has been received and is being prepared',
  paid: 'is paid and being prepared for dispatch',
  shipped: 'has been dispatched',
  delivered: 'was delivered',
  cancelled: 'was cancelled',
  refunded: 'was refunded',
};

/** "Saturday, 12 December 2026" (UTC: the order facts carry no time zone of the customer). */
export function formatDate(epochMs: number): string {
  return new Intl.DateTimeFormat('en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(epochMs);
}

function formatMoney(amountMinor: number, currency: string): string {
  return new Intl.NumberFormat('en-GB', { style: 'currency', currency }).format(amountMinor / 100);
}

/** The section an answer rests on, quoted with its title so the customer can find it. */
export function quoteSection(match: PolicyMatch): string {
  return `From our policy "${match.section.heading}": ${match.section.text.split('\n\n')[0]}`;
}

export function orderStatusReply(view: OrderView): string {
  const parts = [`Your order ${view.orderId} ${STATUS_TEXT[view.status]}`];
  if (view.status === 'delivered' && view.deliveredAt !== undefined)
    parts[0] += ` on ${formatDate(view.deliveredAt)}`;
  parts[0] += '.';
  const t = view.tracking;
  if (t && (view.status === 'shipped' || view.status === 'delivered')) {
    const tracked = `${t.carrier}, tracking number ${t.trackingNumber}${t.url ? ` (${t.url})` : ''}`;
    // A delivered parcel is no longer "with" the carrier.
    parts.push(view.status === 'delivered' ? `It came with ${tracked}.` : `It is with ${tracked}.`);
    if (view.status === 'shipped' && t.estimatedDeliveryAt !== undefined) {
      parts.push(`The estimated delivery date is ${formatDate(t.estimatedDeliveryAt)}.`);
    }
  }
  if (view.status === 'cancelled' && view.cancelReason) parts.push(`Reason given: ${view.cancelReason}.`);
  for (const r of view.refunds) {
    parts.push(
      r.amount
        ? `A refund of ${formatMoney(r.amount.amountMinor, r.amount.currency)} was issued on ${formatDate(r.at)}.`
        : `A refund was issued on ${formatDate(r.at)}.`,
    );
  }
  return parts.join(' ');
}

/** A return question about one order: the window from the order view, the rule quoted from the policy. */
export function returnReply(view: OrderView, window: ReturnWindow, policy: PolicyMatch | undefined): string {
  const quote = policy ? ` ${quoteSection(policy)}` : '';
  switch (window.state) {
    case 'open':
      return (
        `Yes: order ${view.orderId} can still be returned until ${formatDate(window.closesAt)} ` +
        `(${window.daysLeft} day${window.daysLeft === 1 ? '' : 's'} left).${quote}`
      );
    case 'closed':
      return (
        `The return window for order ${view.orderId} closed on ${formatDate(window.closedAt)}, so it can no longer ` +
        `be returned for a change of mind.${quote} ${OFFER_PERSON}`
      );
    case 'not_delivered':
      return `Order ${view.orderId} has not been delivered yet; the return window starts on delivery.${quote}`;
  }
}

/** A policy question without an order, answered by quoting the section found. */
export function policyReply(policy: PolicyMatch): string {
  return quoteSection(policy);
}

/** Cancellation and address changes are carried out by staff: the policy, then the hand-over. */
export function staffActionReply(
  intent: 'cancel_order' | 'change_address',
  policy: PolicyMatch | undefined,
): string {
  const what = intent === 'cancel_order' ? 'cancel the order' : 'change the delivery address';
  const quote = policy ? `${quoteSection(policy)} ` : '';
  return `${quote}I have passed your request to ${what} to our team; they will confirm by e-mail.`;
}

/**
 * For an order the requester does not own, or that does not exist: the same words either way, so
 * the reply reveals nothing about the order, not even that it exists.
 */
export function notOwnerReply(signedIn: boolean): string {
  return signedIn
    ? 'I cannot find that order in your account. Please check the order number; if you ordered as a guest, ' +
        'send the order number together with the e-mail address used for the order.'
    : 'To look up an order, please send the order number together with the e-mail address used for the order, or sign in.';
}

export function dontKnowReply(): string {
  return `I am sorry, I do not have an answer to that. ${OFFER_PERSON}`;
}

export function greetingReply(): string {
  return 'Hello! I can help with orders, deliveries, returns, payments and products. What can I do for you?';
}

export function handedOverReply(): string {
  return 'I have passed your conversation to a member of our team, who will get back to you as soon as possible.';
}

/** A signed-in customer asked about "my order" and their account has none. */
export function noOrdersReply(): string {
  return (
    'I cannot find any orders in your account. If you ordered as a guest, please send the order number ' +
    'together with the e-mail address used for the order.'
  );
}
