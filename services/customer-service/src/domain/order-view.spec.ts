import { describe, expect, it } from '@jest/globals';
import {
  applyOrderFact,
  foldOrderFacts,
  orderBelongsTo,
  ownsOrder,
  returnWindow,
  type OrderFact,
  type OrderView,
} from './order-view.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 1);
const placed: OrderFact = {
  kind: 'placed',
  occurredAt: T0,
  orderId: 'W2611340',
  userId: 'u-7',
  email: 'Jana.Novak@example.com',
  items: [{ productId: 'p-1', title: 'Alpine Lake Puzzle', quantity: 1 }],
};
const shipped: OrderFact = {
  kind: 'status_changed',
  occurredAt: T0 + 1 * DAY,
  orderId: 'W2611340',
  userId: 'u-7',
  status: 'shipped',
  tracking: { carrier: 'DHL', trackingNumber: '0034043416', estimatedDeliveryAt: T0 + 4 * DAY },
};
const delivered: OrderFact = {
  kind: 'status_changed',
  occurredAt: T0 + 3 * DAY,
  orderId: 'W2611340',
  userId: 'u-7',
  status: 'delivered',
};

describe('the order view', () => {
  it('folds placed, shipped and delivered into items, status, tracking and delivery date', () => {
    const view = foldOrderFacts([placed, shipped, delivered]) as OrderView;
    expect(view).toMatchObject({
      orderId: 'W2611340',
      userId: 'u-7',
      items: [{ title: 'Alpine Lake Puzzle' }],
      status: 'delivered',
      tracking: { carrier: 'DHL', trackingNumber: '0034043416', estimatedDeliveryAt: T0 + 4 * DAY },
      deliveredAt: T0 + 3 * DAY,
    });
  });

  it('is last-writer-wins by occurred-at: a late "shipped" does not undo "delivered"', () => {
    const view = foldOrderFacts([placed, delivered, shipped]) as OrderView;
    expect(view.status).toBe('delivered');
    expect(view.tracking?.carrier).toBe('DHL'); // the tracking is still worth knowing
  });

  it('keeps a status seen before the order itself', () => {
    const view = foldOrderFacts([shipped, placed]) as OrderView;
    expect(view.status).toBe('shipped');
    expect(view.items).toHaveLength(1);
    expect(view.email).toBe('Jana.Novak@example.com');
  });

  it('records each refund once, however often its fact is applied', () => {
    const refunded: OrderFact = {
      kind: 'status_changed',
      occurredAt: T0 + 9 * DAY,
      orderId: 'W2611340',
      userId: 'u-7',
      status: 'refunded',
      refundedAmount: { currency: 'EUR', amountMinor: 2499 },
      reason: 'returned',
    };
    const once = foldOrderFacts([placed, delivered, refunded]) as OrderView;
    expect(applyOrderFact(once, refunded)).toEqual(once);
    expect(once.refunds).toEqual([
      { at: T0 + 9 * DAY, amount: { currency: 'EUR', amountMinor: 2499 }, reason: 'returned' },
    ]);
  });
});

describe('who owns an order', () => {
  const accountOrder = foldOrderFacts([placed]) as OrderView;
  const guestOrder = foldOrderFacts([
    { ...placed, userId: '', email: 'guest@example.com' } as OrderFact,
  ]) as OrderView;

  it('a signed-in customer owns the orders of their account, and only those', () => {
    expect(ownsOrder(accountOrder, { channel: 'chat', userId: 'u-7', claimedEmails: [] })).toBe('account');
    expect(
      ownsOrder(accountOrder, { channel: 'chat', userId: 'u-8', claimedEmails: ['jana.novak@example.com'] }),
    ).toBe('none');
    expect(ownsOrder(guestOrder, { channel: 'chat', userId: 'u-8', claimedEmails: [] })).toBe('none');
  });

  it('an empty user id owns nothing, not even a guest order (which has an empty user id too)', () => {
    expect(ownsOrder(guestOrder, { channel: 'chat', userId: '', claimedEmails: [] })).toBe('none');
  });

  it('a guest in chat proves ownership with the order’s e-mail, in any case', () => {
    expect(ownsOrder(guestOrder, { channel: 'chat', userId: '', claimedEmails: ['GUEST@example.com'] })).toBe(
      'email',
    );
    expect(
      ownsOrder(accountOrder, { channel: 'chat', userId: '', claimedEmails: ['jana.novak@example.com'] }),
    ).toBe('email');
    expect(ownsOrder(guestOrder, { channel: 'chat', userId: '', claimedEmails: ['other@example.com'] })).toBe(
      'none',
    );
  });

  it('a support message without a user id counts only its sender address, not addresses typed in it', () => {
    expect(ownsOrder(guestOrder, { channel: 'message', userId: '', senderEmail: 'Guest@Example.com' })).toBe(
      'email',
    );
    expect(ownsOrder(guestOrder, { channel: 'message', userId: '', senderEmail: '' })).toBe('none');
  });

  it('an order without an e-mail cannot be claimed by an empty address', () => {
    const noEmail = { ...guestOrder, email: '' };
    expect(ownsOrder(noEmail, { channel: 'message', userId: '', senderEmail: '' })).toBe('none');
    expect(ownsOrder(noEmail, { channel: 'chat', userId: '', claimedEmails: ['  '] })).toBe('none');
  });

  it('an erasure request names the order’s customer by account or e-mail', () => {
    expect(orderBelongsTo(accountOrder, { userId: 'u-7', emails: [] })).toBe(true);
    expect(orderBelongsTo(guestOrder, { userId: '', emails: ['guest@EXAMPLE.com'] })).toBe(true);
    expect(orderBelongsTo(guestOrder, { userId: 'u-7', emails: [] })).toBe(false);
  });
});

describe('the return window', () => {
  const view = foldOrderFacts([placed, delivered]) as OrderView;

  it('is open for the window’s days after delivery, then closed', () => {
    expect(returnWindow(view, 30, T0 + 3 * DAY + 10 * DAY)).toEqual({
      state: 'open',
      closesAt: T0 + 33 * DAY,
      daysLeft: 20,
    });
    expect(returnWindow(view, 30, T0 + 33 * DAY)).toMatchObject({ state: 'open', daysLeft: 0 });
    expect(returnWindow(view, 30, T0 + 33 * DAY + 1)).toEqual({ state: 'closed', closedAt: T0 + 33 * DAY });
  });

  it('has not started before delivery', () => {
    expect(returnWindow(foldOrderFacts([placed, shipped]) as OrderView, 30, T0 + 2 * DAY)).toEqual({
      state: 'not_delivered',
    });
  });
});
