// The local tier's replies, in English or Chinese (the wording is data: reply-texts.ts). Every fact in
// them comes from the order view or is quoted from the knowledge base section named in the reply;
// what neither holds is never said. None of them grants a refund, compensation or exception: they
// state what the policy says and who decides.
import type { PolicyMatch } from './policy-search.js';
import type { OrderView, ReturnWindow } from './order-view.js';
import { fill, REPLY_TEXTS, type ReplyLanguage } from './reply-texts.js';

export { isReplyLanguage, REPLY_LANGUAGES, type ReplyLanguage } from './reply-texts.js';

export const OFFER_PERSON = REPLY_TEXTS.en.offerPerson;

/** "Saturday, 12 December 2026" / "2026年12月12日星期六" (UTC: the order facts carry no time zone of the customer). */
export function formatDate(epochMs: number, lang: ReplyLanguage = 'en'): string {
  return new Intl.DateTimeFormat(REPLY_TEXTS[lang].locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(epochMs);
}

function formatMoney(amountMinor: number, currency: string, lang: ReplyLanguage): string {
  return new Intl.NumberFormat(REPLY_TEXTS[lang].locale, { style: 'currency', currency }).format(
    amountMinor / 100,
  );
}

/** The section an answer rests on, quoted with its title so the customer can find it. */
export function quoteSection(match: PolicyMatch, lang: ReplyLanguage = 'en'): string {
  return fill(REPLY_TEXTS[lang].quote, {
    heading: match.section.heading,
    text: match.section.text.split('\n\n')[0],
  });
}

/** Sentences joined as the language joins them (a space in English, nothing in Chinese). */
export function joinSentences(parts: readonly string[], lang: ReplyLanguage = 'en'): string {
  return parts.filter((p) => p !== '').join(REPLY_TEXTS[lang].join);
}

export function orderStatusReply(view: OrderView, lang: ReplyLanguage = 'en'): string {
  const t = REPLY_TEXTS[lang];
  let first = fill(t.orderStatus, { orderId: view.orderId, status: t.status[view.status] });
  if (view.status === 'delivered' && view.deliveredAt !== undefined)
    first += fill(t.deliveredOn, { date: formatDate(view.deliveredAt, lang) });
  const parts = [fill(t.sentence, { text: first })];
  const tr = view.tracking;
  if (tr && (view.status === 'shipped' || view.status === 'delivered')) {
    const tracked =
      fill(t.tracked, { carrier: tr.carrier, trackingNumber: tr.trackingNumber }) +
      (tr.url ? fill(t.trackingUrl, { url: tr.url }) : '');
    // A delivered parcel is no longer "with" the carrier.
    parts.push(fill(view.status === 'delivered' ? t.cameWith : t.isWith, { tracked }));
    if (view.status === 'shipped' && tr.estimatedDeliveryAt !== undefined) {
      parts.push(fill(t.estimatedDelivery, { date: formatDate(tr.estimatedDeliveryAt, lang) }));
    }
  }
  if (view.status === 'cancelled' && view.cancelReason)
    parts.push(fill(t.cancelReason, { reason: view.cancelReason }));
  for (const r of view.refunds) {
    const date = formatDate(r.at, lang);
    parts.push(
      r.amount
        ? fill(t.refundOf, { amount: formatMoney(r.amount.amountMinor, r.amount.currency, lang), date })
        : fill(t.refund, { date }),
    );
  }
  return joinSentences(parts, lang);
}

/** A return question about one order: the window from the order view, the rule quoted from the policy. */
export function returnReply(
  view: OrderView,
  window: ReturnWindow,
  policy: PolicyMatch | undefined,
  lang: ReplyLanguage = 'en',
): string {
  const t = REPLY_TEXTS[lang];
  const quote = policy ? `${t.join}${quoteSection(policy, lang)}` : '';
  const base = { orderId: view.orderId, quote, offerPerson: t.offerPerson };
  switch (window.state) {
    case 'open':
      return fill(t.returnOpen, {
        ...base,
        date: formatDate(window.closesAt, lang),
        days: window.daysLeft,
        dayUnit: window.daysLeft === 1 ? t.dayUnit.one : t.dayUnit.other,
      });
    case 'closed':
      return fill(t.returnClosed, { ...base, date: formatDate(window.closedAt, lang) });
    case 'not_delivered':
      return fill(t.returnNotDelivered, base);
  }
}

/** A policy question without an order, answered by quoting the section found. */
export function policyReply(policy: PolicyMatch, lang: ReplyLanguage = 'en'): string {
  return quoteSection(policy, lang);
}

/** Cancellation and address changes are carried out by staff: the policy, then the hand-over. */
export function staffActionReply(
  intent: 'cancel_order' | 'change_address',
  policy: PolicyMatch | undefined,
  lang: ReplyLanguage = 'en',
): string {
  const t = REPLY_TEXTS[lang];
  const quote = policy ? `${quoteSection(policy, lang)}${t.join}` : '';
  return fill(t.staffActionPassed, { quote, what: t.staffAction[intent] });
}

/**
 * For an order the requester does not own, or that does not exist: the same words either way, so
 * the reply reveals nothing about the order, not even that it exists.
 */
export function notOwnerReply(signedIn: boolean, lang: ReplyLanguage = 'en'): string {
  return signedIn ? REPLY_TEXTS[lang].notOwnerSignedIn : REPLY_TEXTS[lang].notOwnerGuest;
}

export function dontKnowReply(lang: ReplyLanguage = 'en'): string {
  return fill(REPLY_TEXTS[lang].dontKnow, { offerPerson: REPLY_TEXTS[lang].offerPerson });
}

export function greetingReply(lang: ReplyLanguage = 'en'): string {
  return REPLY_TEXTS[lang].greeting;
}

export function handedOverReply(lang: ReplyLanguage = 'en'): string {
  return REPLY_TEXTS[lang].handedOver;
}

/** A signed-in customer asked about "my order" and their account has none. */
export function noOrdersReply(lang: ReplyLanguage = 'en'): string {
  return REPLY_TEXTS[lang].noOrders;
}

/** The chips offered after a turn of `intent`. */
export function suggestedReplies(intent: string, lang: ReplyLanguage = 'en'): string[] {
  return [...(REPLY_TEXTS[lang].suggestions[intent] ?? REPLY_TEXTS[lang].suggestionDefault)];
}

/**
 * A message in a language no local model reads, answered without a provider (always English):
 * alone, with the offer of a person; `handedOver`, followed by the hand-over sentence.
 */
export function unsupportedLanguageReply(handedOver = false): string {
  const t = REPLY_TEXTS.en;
  return `${t.unsupportedLanguage} ${handedOver ? t.handedOver : t.offerPerson}`;
}
