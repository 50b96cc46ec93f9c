// The local tier classifies one message at a time; a conversation carries context the classifier
// does not see. These rules resolve a turn's intent from it, in order:
//  1. an order id in a message the classifier read as small talk or `other` ("hi, status of F600?",
//     "did V900 arrive?") makes it an order question — the previous order topic, else order status;
//  2. a reply to "send the order number with the e-mail" that gives an order id or an address
//     continues the question it answers;
//  3. an `other` message naming a catalogue product is a product question;
//  4. an `other` follow-up ("and when will it get here?", "what now?") continues the previous topic.
// The LLM path sees the earlier intents itself and is taken as it answers.
import type { SupportIntent } from './support-intents.js';

export interface IntentContext {
  /** The intent of the conversation's previous customer turn, if any. */
  readonly previousIntent?: SupportIntent;
  /** The previous turn asked for an order number and e-mail (or refused one). */
  readonly awaitingOrderProof: boolean;
  readonly namesOrderId: boolean;
  readonly namesEmail: boolean;
  readonly namesProduct: boolean;
}

export interface ResolvedIntent {
  readonly intent: SupportIntent;
  readonly confidence: number;
  /** Which rule changed the classifier's intent, if one did. */
  readonly rule?: 'order_id' | 'order_proof' | 'product' | 'follow_up';
}

/** The confidence given to an intent taken from the context rather than the classifier. */
export const CONTEXT_CONFIDENCE = 0.5;

const ORDER_TOPICS: ReadonlySet<SupportIntent> = new Set([
  'order_status',
  'shipping_delay',
  'return_refund',
  'cancel_order',
  'change_address',
]);
const NO_TOPIC: ReadonlySet<SupportIntent> = new Set(['other', 'greeting', 'human_agent']);

export function resolveIntent(intent: SupportIntent, confidence: number, ctx: IntentContext): ResolvedIntent {
  const previous = ctx.previousIntent;
  const from = (next: SupportIntent, rule: ResolvedIntent['rule']): ResolvedIntent =>
    next === intent
      ? { intent, confidence }
      : { intent: next, confidence: Math.max(confidence, CONTEXT_CONFIDENCE), rule };
  if ((intent === 'other' || intent === 'greeting') && ctx.namesOrderId)
    return from(previous && ORDER_TOPICS.has(previous) ? previous : 'order_status', 'order_id');
  if (
    ctx.awaitingOrderProof &&
    (ctx.namesOrderId || ctx.namesEmail) &&
    previous &&
    ORDER_TOPICS.has(previous)
  ) {
    if (intent === 'other' || intent === 'greeting' || intent === 'complaint' || intent === 'account')
      return from(previous, 'order_proof');
  }
  if (intent === 'other' && ctx.namesProduct) return from('product_question', 'product');
  if (intent === 'other' && previous && !NO_TOPIC.has(previous)) return from(previous, 'follow_up');
  return { intent, confidence };
}
