// The local tier's reply wording, one table per reply language: the templates are data, the code in
// reply-templates.ts only fills them in. `{name}` is replaced by the value of that name; a name
// without a value is a bug (fill throws), so a template never shows a raw placeholder.
import type { OrderStatusName } from './order-view.js';

export const REPLY_LANGUAGES = ['en', 'zh'] as const;
export type ReplyLanguage = (typeof REPLY_LANGUAGES)[number];

export function isReplyLanguage(language: string): language is ReplyLanguage {
  return (REPLY_LANGUAGES as readonly string[]).includes(language);
}

export interface ReplyTexts {
  /** Intl locale of dates and money. */
  readonly locale: string;
  readonly offerPerson: string;
  readonly status: Record<OrderStatusName, string>;
  readonly orderStatus: string;
  readonly deliveredOn: string;
  readonly sentence: string;
  readonly tracked: string;
  readonly trackingUrl: string;
  readonly cameWith: string;
  readonly isWith: string;
  readonly estimatedDelivery: string;
  readonly cancelReason: string;
  readonly refundOf: string;
  readonly refund: string;
  readonly quote: string;
  readonly returnOpen: string;
  readonly dayUnit: { one: string; other: string };
  readonly returnClosed: string;
  readonly returnNotDelivered: string;
  readonly staffAction: Record<'cancel_order' | 'change_address', string>;
  readonly staffActionPassed: string;
  readonly notOwnerSignedIn: string;
  readonly notOwnerGuest: string;
  readonly dontKnow: string;
  readonly greeting: string;
  readonly handedOver: string;
  readonly noOrders: string;
  readonly guideUnavailable: string;
  readonly unsupportedLanguage: string;
  /** Chip suggestions after a turn, by intent. */
  readonly suggestions: Partial<Record<string, readonly string[]>>;
  readonly suggestionDefault: readonly string[];
  /** Joins sentences: a space in English, nothing in Chinese. */
  readonly join: string;
}

const EN: ReplyTexts = {
  locale: 'en-GB',
  offerPerson: 'If you would like, I can pass this to a member of our team.',
  status: {
    placed: 'has been received and is being prepared',
    paid: 'is paid and being prepared for dispatch',
    shipped: 'has been dispatched',
    delivered: 'was delivered',
    cancelled: 'was cancelled',
    refunded: 'was refunded',
  },
  orderStatus: 'Your order {orderId} {status}',
  deliveredOn: ' on {date}',
  sentence: '{text}.',
  tracked: '{carrier}, tracking number {trackingNumber}',
  trackingUrl: ' ({url})',
  cameWith: 'It came with {tracked}.',
  isWith: 'It is with {tracked}.',
  estimatedDelivery: 'The estimated delivery date is {date}.',
  cancelReason: 'Reason given: {reason}.',
  refundOf: 'A refund of {amount} was issued on {date}.',
  refund: 'A refund was issued on {date}.',
  quote: 'From our policy "{heading}": {text}',
  returnOpen: 'Yes: order {orderId} can still be returned until {date} ({days} {dayUnit} left).{quote}',
  dayUnit: { one: 'day', other: 'days' },
  returnClosed:
    'The return window for order {orderId} closed on {date}, so it can no longer be returned for a change of mind.{quote} {offerPerson}',
  returnNotDelivered:
    'Order {orderId} has not been delivered yet; the return window starts on delivery.{quote}',
  staffAction: { cancel_order: 'cancel the order', change_address: 'change the delivery address' },
  staffActionPassed: '{quote}I have passed your request to {what} to our team; they will confirm by e-mail.',
  notOwnerSignedIn:
    'I cannot find that order in your account. Please check the order number; if you ordered as a guest, ' +
    'send the order number together with the e-mail address used for the order.',
  notOwnerGuest:
    'To look up an order, please send the order number together with the e-mail address used for the order, or sign in.',
  dontKnow: 'I am sorry, I do not have an answer to that. {offerPerson}',
  greeting:
    'Hello! I can help with orders, deliveries, returns, payments and products. What can I do for you?',
  handedOver:
    'I have passed your conversation to a member of our team, who will get back to you as soon as possible.',
  noOrders:
    'I cannot find any orders in your account. If you ordered as a guest, please send the order number ' +
    'together with the e-mail address used for the order.',
  guideUnavailable:
    'I am sorry, our shopping guide cannot help with finding products right now. {offerPerson}',
  unsupportedLanguage:
    'I am sorry, I can only answer in English or Chinese at the moment (我目前只能用中文或英文回答).',
  suggestions: {
    order_status: ['Where is my order?', 'Talk to a person'],
    shipping_delay: ['Where is my order?', 'Talk to a person'],
    return_refund: ['How do I return an item?', 'Talk to a person'],
    product_question: ['Help me find a gift', 'Talk to a person'],
    greeting: ['Where is my order?', 'Returns and refunds', 'Help me find a gift'],
  },
  suggestionDefault: ['Talk to a person'],
  join: ' ',
};

const ZH: ReplyTexts = {
  locale: 'zh-CN',
  offerPerson: '如果您需要，我可以把这个问题转给我们的工作人员。',
  status: {
    placed: '已收到，正在备货',
    paid: '已付款，正在准备发货',
    shipped: '已发货',
    delivered: '已送达',
    cancelled: '已取消',
    refunded: '已退款',
  },
  orderStatus: '您的订单 {orderId} {status}',
  deliveredOn: '（{date}）',
  sentence: '{text}。',
  tracked: '{carrier}（运单号 {trackingNumber}）',
  trackingUrl: '（{url}）',
  cameWith: '承运快递为{tracked}。',
  isWith: '目前由{tracked}承运。',
  estimatedDelivery: '预计送达日期：{date}。',
  cancelReason: '取消原因：{reason}。',
  refundOf: '已于{date}退款 {amount}。',
  refund: '已于{date}退款。',
  quote: '根据我们的政策“{heading}”：{text}',
  returnOpen: '可以：订单 {orderId} 在{date}之前都可以退货（还剩 {days} 天）。{quote}',
  dayUnit: { one: '天', other: '天' },
  returnClosed: '订单 {orderId} 的退货期已于{date}结束，不能再无理由退货。{quote}{offerPerson}',
  returnNotDelivered: '订单 {orderId} 还没有送达；退货期从送达之日开始计算。{quote}',
  staffAction: { cancel_order: '取消订单', change_address: '修改收货地址' },
  staffActionPassed: '{quote}您{what}的请求已转给我们的工作人员，他们会通过电子邮件确认。',
  notOwnerSignedIn:
    '在您的账户中找不到这个订单。请核对订单号；如果您是以访客身份下单的，请同时发送订单号和下单时使用的电子邮箱。',
  notOwnerGuest: '查询订单时，请发送订单号和下单时使用的电子邮箱，或者先登录。',
  dontKnow: '抱歉，这个问题我暂时无法回答。{offerPerson}',
  greeting: '您好！我可以帮您处理订单、配送、退货、付款和商品方面的问题。请问有什么可以帮您？',
  handedOver: '我已把您的对话转给我们的工作人员，他们会尽快回复您。',
  noOrders: '在您的账户中没有找到订单。如果您是以访客身份下单的，请发送订单号和下单时使用的电子邮箱。',
  guideUnavailable: '抱歉，我们的导购助手现在无法帮您查找商品。{offerPerson}',
  unsupportedLanguage: '抱歉，我目前只能用中文或英文回答。',
  suggestions: {
    order_status: ['我的订单到哪了？', '转人工'],
    shipping_delay: ['我的订单到哪了？', '转人工'],
    return_refund: ['怎么退货？', '转人工'],
    product_question: ['帮我挑一件礼物', '转人工'],
    greeting: ['我的订单到哪了？', '退货和退款', '帮我挑一件礼物'],
  },
  suggestionDefault: ['转人工'],
  join: '',
};

export const REPLY_TEXTS: Readonly<Record<ReplyLanguage, ReplyTexts>> = { en: EN, zh: ZH };

/** `template` with each `{name}` replaced by `values[name]`. */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`reply template: no value for {${name}} in ${template}`);
    return String(value);
  });
}
