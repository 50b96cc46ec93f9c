import { describe, expect, it } from '@jest/globals';
import type { PolicyMatch } from './policy-search.js';
import { foldOrderFacts, returnWindow, type OrderFact, type OrderView } from './order-view.js';
import {
  dontKnowReply,
  greetingReply,
  handedOverReply,
  noOrdersReply,
  notOwnerReply,
  orderStatusReply,
  REPLY_LANGUAGES,
  returnReply,
  staffActionReply,
  suggestedReplies,
} from './reply-templates.js';
import { fill } from './reply-texts.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 2);
const facts: OrderFact[] = [
  { kind: 'placed', occurredAt: T0, orderId: 'W2611340', userId: 'u-7', email: 'a@example.com', items: [] },
  {
    kind: 'status_changed',
    occurredAt: T0 + DAY,
    orderId: 'W2611340',
    userId: 'u-7',
    status: 'shipped',
    tracking: { carrier: 'DHL', trackingNumber: '0034043416', estimatedDeliveryAt: T0 + 4 * DAY },
  },
];
const shipped = foldOrderFacts(facts) as OrderView;
const delivered = foldOrderFacts([
  ...facts,
  {
    kind: 'status_changed',
    occurredAt: T0 + 3 * DAY,
    orderId: 'W2611340',
    userId: 'u-7',
    status: 'delivered',
  },
]) as OrderView;
const returnsPolicy: PolicyMatch = {
  score: 9,
  section: {
    id: 'returns.md#1',
    file: 'returns.md',
    documentTitle: 'Returns',
    heading: 'Returning an item',
    text: 'You can return most items within 30 days of delivery.',
  },
};

describe('reply templates', () => {
  it('state the order status, carrier, tracking number and estimated delivery from the view', () => {
    expect(orderStatusReply(shipped)).toBe(
      'Your order W2611340 has been dispatched. It is with DHL, tracking number 0034043416. ' +
        'The estimated delivery date is Friday, 6 November 2026.',
    );
    // Delivered: no longer "with" the carrier.
    const done = {
      ...shipped,
      status: 'delivered' as const,
      deliveredAt: shipped.tracking!.estimatedDeliveryAt,
    };
    expect(orderStatusReply(done)).toBe(
      'Your order W2611340 was delivered on Friday, 6 November 2026. It came with DHL, tracking number 0034043416.',
    );
  });

  it('answer a return inside the window with the date and the quoted policy section', () => {
    const reply = returnReply(delivered, returnWindow(delivered, 30, T0 + 10 * DAY), returnsPolicy);
    expect(reply).toContain('can still be returned until Saturday, 5 December 2026 (23 days left)');
    expect(reply).toContain(
      'From our policy "Returning an item": You can return most items within 30 days of delivery.',
    );
  });

  it('answer a return outside the window without an exception, offering a person', () => {
    const reply = returnReply(delivered, returnWindow(delivered, 30, T0 + 40 * DAY), returnsPolicy);
    expect(reply).toMatch(/closed on Saturday, 5 December 2026, so it can no longer be returned/);
    expect(reply).toContain('member of our team');
  });

  it('hand cancellations to staff with the policy quoted', () => {
    expect(staffActionReply('cancel_order', returnsPolicy)).toMatch(
      /^From our policy .* passed your request to cancel the order/,
    );
  });

  it('refuse an order that is not the requester’s in words that do not depend on the order', () => {
    // The reply takes no order at all: whether the order exists or belongs to someone else cannot show.
    expect(notOwnerReply(false)).not.toMatch(/W2611340|DHL|deliver/);
    expect(notOwnerReply(true)).toContain('cannot find that order in your account');
  });
});

describe('reply templates in Chinese', () => {
  const zhPolicy: PolicyMatch = {
    score: 9,
    section: {
      ...returnsPolicy.section,
      heading: '退货',
      text: '大多数商品在签收后 30 天内可以无理由退货。',
    },
  };

  it('state the same facts as the English ones, in Chinese dates and words', () => {
    expect(orderStatusReply(shipped, 'zh')).toBe(
      '您的订单 W2611340 已发货。目前由DHL（运单号 0034043416）承运。预计送达日期：2026年11月6日星期五。',
    );
  });

  it('answer a return inside the window with the date, the days left and the quoted section', () => {
    const reply = returnReply(delivered, returnWindow(delivered, 30, T0 + 10 * DAY), zhPolicy, 'zh');
    expect(reply).toBe(
      '可以：订单 W2611340 在2026年12月5日星期六之前都可以退货（还剩 23 天）。' +
        '根据我们的政策“退货”：大多数商品在签收后 30 天内可以无理由退货。',
    );
  });

  it('hand cancellations to staff and refuse strangers in Chinese, granting nothing', () => {
    expect(staffActionReply('cancel_order', zhPolicy, 'zh')).toMatch(
      /^根据我们的政策“退货”.*您取消订单的请求已转给/,
    );
    expect(notOwnerReply(true, 'zh')).toContain('在您的账户中找不到这个订单');
    expect(notOwnerReply(false, 'zh')).not.toMatch(/W2611340|DHL/);
  });

  it('every template of every language fills without a leftover placeholder', () => {
    for (const lang of REPLY_LANGUAGES) {
      for (const text of [
        dontKnowReply(lang),
        greetingReply(lang),
        handedOverReply(lang),
        noOrdersReply(lang),
      ])
        expect(text).not.toMatch(/[{}]/);
      expect(suggestedReplies('greeting', lang).length).toBeGreaterThan(0);
    }
    expect(() => fill('{missing}', {})).toThrow(/no value for \{missing\}/);
  });
});
