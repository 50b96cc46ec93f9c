// Turns the counters the feature store returns into named, numeric features. Pure: the same
// counters and facts always give the same features, whether live or replayed.
import {
  DAY,
  type EntityCounters,
  type EntityKind,
  type OrderCounters,
  type OrderFacts,
} from './order-facts.js';

export const FEATURE_NAMES = [
  'user_orders_1h',
  'user_orders_24h',
  'user_orders_7d',
  'email_orders_24h',
  'card_orders_1h',
  'card_orders_24h',
  'card_orders_7d',
  'ip_orders_1h',
  'ip_orders_24h',
  'device_orders_1h',
  'device_orders_24h',
  'address_orders_24h',
  'address_orders_7d',
  'user_cards_24h',
  'user_cards_7d',
  'user_devices_7d',
  'card_users_7d',
  'email_cards_7d',
  'device_users_7d',
  'ip_users_24h',
  'address_users_7d',
  'ip_cards_1h',
  'device_cards_1h',
  'small_orders_1h',
  'card_testing',
  'amount',
  'amount_ratio',
  'amount_over_max',
  'first_order',
  'new_card_for_account',
  'new_device_for_account',
  'new_address_for_account',
  'account_age_days',
  'new_account',
  'billing_shipping_mismatch',
  'billing_ip_mismatch',
  'shipping_ip_mismatch',
  'card_country_mismatch',
  'high_risk_share',
  'gift_card',
  'reshipper',
  'disposable_email',
  'chargebacks',
] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];
export type OrderFeatures = Record<FeatureName, number>;

/** The parts of the rule set that shape features (categories, reshippers, disposable domains). */
export interface FeatureKnobs {
  highRiskCategories: string[];
  reshipperPatterns: string[];
  disposableEmailDomains: string[];
}

const EMPTY: EntityCounters = {
  added: true,
  n1h: 0,
  n24h: 0,
  n7d: 0,
  small1h: 0,
  prevOrders: 0,
  prevSumMinor: 0,
  prevMaxMinor: 0,
  firstSeen: 0,
  chargebacks: 0,
  list: '',
  linked: {},
};

function mismatch(a: string, b: string): number {
  return a && b && a.toUpperCase() !== b.toUpperCase() ? 1 : 0;
}

function isHighRisk(category: string, knobs: FeatureKnobs): boolean {
  const c = category.toLowerCase();
  return knobs.highRiskCategories.some((h) => c.includes(h));
}

export function isGiftCard(category: string): boolean {
  return /gift[\s_-]?card/i.test(category);
}

export function isReshipper(address: string, knobs: FeatureKnobs): boolean {
  return knobs.reshipperPatterns.some((p) => address.includes(p));
}

export function computeFeatures(o: OrderFacts, counters: OrderCounters, knobs: FeatureKnobs): OrderFeatures {
  const c = (k: EntityKind): EntityCounters => counters[k] ?? EMPTY;
  const link = (k: EntityKind, other: EntityKind, w: 'd1h' | 'd24h' | 'd7d'): number =>
    c(k).linked[other]?.[w] ?? 0;
  const user = c('user');
  const minor = Math.round(o.amount * 100);
  const meanPrev = user.prevOrders > 0 ? user.prevSumMinor / user.prevOrders : 0;
  const lineTotal = o.lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0);
  const riskyTotal = o.lines
    .filter((l) => isHighRisk(l.category, knobs))
    .reduce((s, l) => s + l.quantity * l.unitPrice, 0);
  const emailDomain = o.email.split('@')[1]?.toLowerCase() ?? '';
  const ageDays = o.accountCreatedAt > 0 ? Math.max(0, (o.occurredAt - o.accountCreatedAt) / DAY) : 0;
  const burstOf = (k: EntityKind): number => Math.min(c(k).small1h, link(k, 'card', 'd1h'));

  return {
    user_orders_1h: user.n1h,
    user_orders_24h: user.n24h,
    user_orders_7d: user.n7d,
    email_orders_24h: c('email').n24h,
    card_orders_1h: c('card').n1h,
    card_orders_24h: c('card').n24h,
    card_orders_7d: c('card').n7d,
    ip_orders_1h: c('ip').n1h,
    ip_orders_24h: c('ip').n24h,
    device_orders_1h: c('device').n1h,
    device_orders_24h: c('device').n24h,
    address_orders_24h: c('address').n24h,
    address_orders_7d: c('address').n7d,
    user_cards_24h: link('user', 'card', 'd24h'),
    user_cards_7d: link('user', 'card', 'd7d'),
    user_devices_7d: link('user', 'device', 'd7d'),
    card_users_7d: link('card', 'user', 'd7d'),
    email_cards_7d: link('email', 'card', 'd7d'),
    device_users_7d: link('device', 'user', 'd7d'),
    ip_users_24h: link('ip', 'user', 'd24h'),
    address_users_7d: link('address', 'user', 'd7d'),
    ip_cards_1h: link('ip', 'card', 'd1h'),
    device_cards_1h: link('device', 'card', 'd1h'),
    small_orders_1h: Math.max(c('ip').small1h, c('device').small1h, user.small1h, c('email').small1h),
    // Card testing: many small orders in an hour, each with another card, from one device, IP or account.
    card_testing: Math.max(
      burstOf('ip'),
      burstOf('device'),
      Math.min(user.small1h, link('user', 'card', 'd24h')),
    ),
    amount: o.amount,
    amount_ratio: meanPrev > 0 ? minor / meanPrev : 1,
    amount_over_max: user.prevMaxMinor > 0 ? minor / user.prevMaxMinor : 1,
    first_order: user.prevOrders === 0 ? 1 : 0,
    // Takeover signals: an account with history suddenly using a card, device or address it never used.
    new_card_for_account: user.prevOrders > 0 ? (user.linked.card?.fresh ?? 0) : 0,
    new_device_for_account: user.prevOrders > 0 ? (user.linked.device?.fresh ?? 0) : 0,
    new_address_for_account: user.prevOrders > 0 ? (user.linked.address?.fresh ?? 0) : 0,
    account_age_days: ageDays,
    new_account: o.accountCreatedAt > 0 && ageDays < 1 ? 1 : 0,
    billing_shipping_mismatch: mismatch(o.billingCountry, o.shippingCountry),
    billing_ip_mismatch: mismatch(o.billingCountry, o.ipCountry),
    shipping_ip_mismatch: mismatch(o.shippingCountry, o.ipCountry),
    card_country_mismatch: mismatch(o.cardCountry, o.billingCountry),
    high_risk_share: lineTotal > 0 ? riskyTotal / lineTotal : 0,
    gift_card: o.lines.some((l) => isGiftCard(l.category) || isGiftCard(l.sku)) ? 1 : 0,
    reshipper: isReshipper(o.shippingAddress, knobs) ? 1 : 0,
    disposable_email: knobs.disposableEmailDomains.includes(emailDomain) ? 1 : 0,
    chargebacks: (['card', 'device', 'email', 'address', 'user'] as const).reduce(
      (s, k) => s + c(k).chargebacks,
      0,
    ),
  };
}
