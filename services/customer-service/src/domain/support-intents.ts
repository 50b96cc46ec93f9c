// The twelve things a customer can want from support, as language-independent keys (the `intent`
// field of the support contracts). docs/decisions/support-intent-eval.md says how a message is labelled.
export const SUPPORT_INTENTS = [
  'order_status',
  'shipping_delay',
  'return_refund',
  'cancel_order',
  'change_address',
  'payment_issue',
  'product_question',
  'account',
  'complaint',
  'human_agent',
  'greeting',
  'other',
] as const;

export type SupportIntent = (typeof SUPPORT_INTENTS)[number];

export function isSupportIntent(value: string): value is SupportIntent {
  return (SUPPORT_INTENTS as readonly string[]).includes(value);
}

/** Intents whose answer needs an order's facts (and so the ownership check). */
export const ORDER_INTENTS: ReadonlySet<SupportIntent> = new Set([
  'order_status',
  'shipping_delay',
  'cancel_order',
  'change_address',
]);
