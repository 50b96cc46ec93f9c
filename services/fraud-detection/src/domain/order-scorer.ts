// scoreOrder: model + rules + allow/deny lists + the tenant's thresholds → a decision with reasons.
import type { EntityKind, OrderCounters, OrderFacts } from './order-facts.js';
import { computeFeatures, type OrderFeatures } from './order-features.js';
import type { Contribution, RiskModel } from './risk-model.js';
import { evaluateRules, thresholdsFor, type RuleHit, type RuleSet, type Thresholds } from './rule-set.js';

export type Decision = 'approve' | 'review' | 'decline';

export interface Reason {
  /** `model:<feature>`, `rule:<id>`, `deny_list:<entity>` or `allow_list:<entity>`. */
  code: string;
  description: string;
  /** The feature value behind the reason (0 for rules and lists). */
  value: number;
  /** Log-odds contribution for model reasons; the score added (or 1 for forced decisions) for rules. */
  contribution: number;
}

export interface OrderDecision {
  score: number;
  decision: Decision;
  alert: boolean;
  reasons: Reason[];
  features: OrderFeatures;
  modelScore: number;
  /** The model's largest contributions (either sign), in log-odds against an average order. */
  contributions: Contribution[];
  rulesHit: string[];
  shadowRulesHit: string[];
  thresholds: Thresholds;
  ruleSetVersion: string;
  modelVersion: string;
}

/** Everything an analyst needs to reproduce a decision later. */
export interface AuditRecord {
  tenant: string;
  orderId: string;
  occurredAt: number;
  source: 'checkout' | 'order';
  score: number;
  decision: Decision;
  modelScore: number;
  rulesHit: string[];
  shadowRulesHit: string[];
  reasons: string[];
  ruleSetVersion: string;
  modelVersion: string;
  features: OrderFeatures;
}

const RANK: Record<Decision, number> = { approve: 0, review: 1, decline: 2 };
const atLeast = (a: Decision, b: Decision): Decision => (RANK[a] >= RANK[b] ? a : b);

const FEATURE_TEXT: Partial<Record<keyof OrderFeatures, string>> = {
  card_testing: 'small orders with different cards in the last hour',
  user_cards_24h: 'cards used by this account in 24 h',
  card_users_7d: 'accounts using this card in 7 days',
  device_users_7d: 'accounts on this device in 7 days',
  ip_users_24h: 'accounts from this IP in 24 h',
  address_users_7d: 'accounts shipping to this address in 7 days',
  amount_ratio: 'amount against the account’s average order',
  billing_ip_mismatch: 'billing country differs from the IP’s country',
  billing_shipping_mismatch: 'billing and shipping countries differ',
  shipping_ip_mismatch: 'shipping country differs from the IP’s country',
  card_country_mismatch: 'card issued in another country than billing',
  gift_card: 'gift cards in the order',
  high_risk_share: 'share of high-risk categories',
  reshipper: 'ships to a known reshipper address',
  chargebacks: 'chargebacks on the card, device, e-mail, address or account',
  new_account: 'account created less than a day ago',
  first_order: 'first order of this account',
  disposable_email: 'disposable e-mail domain',
};

export function describeFeature(name: keyof OrderFeatures): string {
  return FEATURE_TEXT[name] ?? name.replace(/_/g, ' ');
}

function listHits(counters: OrderCounters, list: 'allow' | 'deny'): EntityKind[] {
  return (Object.keys(counters) as EntityKind[]).filter((k) => counters[k]?.list === list);
}

export function scoreOrder(
  o: OrderFacts,
  counters: OrderCounters,
  rules: RuleSet,
  model: RiskModel,
): OrderDecision {
  const features = computeFeatures(o, counters, rules);
  const out = model.predict(features);
  const hits = evaluateRules(rules, features);
  const active = hits.filter((h) => h.mode === 'active');
  const thresholds = thresholdsFor(rules, o.tenant);

  let score = out.score;
  let forced: Decision = 'approve';
  const reasons: Reason[] = [];
  for (const h of active) {
    if ('add' in h.then) score += h.then.add;
    else forced = atLeast(forced, h.then.decision);
    reasons.push(ruleReason(h));
  }
  score = Math.min(1, Math.max(0, score));
  let decision = atLeast(
    score >= thresholds.decline ? 'decline' : score >= thresholds.review ? 'review' : 'approve',
    forced,
  );

  const denied = listHits(counters, 'deny');
  const allowed = listHits(counters, 'allow');
  if (denied.length > 0) {
    decision = 'decline';
    score = Math.max(score, thresholds.decline);
    for (const k of denied)
      reasons.unshift({
        code: `deny_list:${k}`,
        description: `${k} is on the deny list`,
        value: 0,
        contribution: 1,
      });
  } else if (allowed.length > 0) {
    decision = 'approve';
    for (const k of allowed)
      reasons.unshift({
        code: `allow_list:${k}`,
        description: `${k} is on the allow list`,
        value: 0,
        contribution: -1,
      });
  }

  for (const c of out.contributions.filter((c) => c.contribution > 0.05).slice(0, 5)) {
    reasons.push({
      code: `model:${c.feature}`,
      description: describeFeature(c.feature),
      value: c.value,
      contribution: c.contribution,
    });
  }

  return {
    score,
    decision,
    alert: score >= thresholds.alert || decision === 'decline',
    reasons,
    features,
    modelScore: out.score,
    contributions: out.contributions.slice(0, 8),
    rulesHit: active.map((h) => h.id),
    shadowRulesHit: hits.filter((h) => h.mode === 'shadow').map((h) => h.id),
    thresholds,
    ruleSetVersion: rules.version,
    modelVersion: model.version,
  };
}

/**
 * The checkout's answer when the features cannot be read (Redis down): the configured decision,
 * with the score at that decision's threshold (0 for approve) so that score and decision agree.
 * No model contributions, no rules: the order placed event is scored properly once Redis is back.
 */
export function fallbackDecision(
  o: OrderFacts,
  decision: Decision,
  rules: RuleSet,
  model: RiskModel,
): OrderDecision {
  const thresholds = thresholdsFor(rules, o.tenant);
  const score = decision === 'decline' ? thresholds.decline : decision === 'review' ? thresholds.review : 0;
  return {
    score,
    decision,
    alert: false,
    reasons: [
      {
        code: 'redis_unavailable',
        description: `features unavailable (Redis down): the configured fallback decision ${decision}`,
        value: 0,
        contribution: 0,
      },
    ],
    // What the order alone says, without any history; kept for the decision's shape, not published.
    features: computeFeatures(o, {}, rules),
    modelScore: 0,
    contributions: [],
    rulesHit: [],
    shadowRulesHit: [],
    thresholds,
    ruleSetVersion: rules.version,
    modelVersion: model.version,
  };
}

function ruleReason(h: RuleHit): Reason {
  return {
    code: `rule:${h.id}`,
    description: h.description,
    value: 0,
    contribution: 'add' in h.then ? h.then.add : 1,
  };
}

export function auditRecord(o: OrderFacts, d: OrderDecision, source: AuditRecord['source']): AuditRecord {
  return {
    tenant: o.tenant,
    orderId: o.orderId,
    occurredAt: o.occurredAt,
    source,
    score: d.score,
    decision: d.decision,
    modelScore: d.modelScore,
    rulesHit: d.rulesHit,
    shadowRulesHit: d.shadowRulesHit,
    reasons: d.reasons.map((r) => r.code),
    ruleSetVersion: d.ruleSetVersion,
    modelVersion: d.modelVersion,
    features: d.features,
  };
}
