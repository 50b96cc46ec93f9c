import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { serviceAsset } from '../service-assets.js';
import { computeFeatures } from './order-features.js';
import { anOrder } from '../fixtures/orders.js';
import { evaluateRules, parseRuleSet, RuleSetError, thresholdsFor } from './rule-set.js';

const shipped = readFileSync(serviceAsset('rules/default.yaml'), 'utf8');

function refusal(text: string): RuleSetError {
  try {
    parseRuleSet(text, 'test.yaml');
  } catch (e) {
    return e as RuleSetError;
  }
  throw new Error('expected the rule set to be refused');
}

describe('rule set', () => {
  it('accepts the shipped rules file', () => {
    const rs = parseRuleSet(shipped);
    expect(rs.rules.map((r) => r.id)).toContain('card-testing-burst');
    expect(rs.rules.find((r) => r.id === 'gift-cards-on-new-account')?.mode).toBe('shadow');
  });

  it('refuses a rule on an unknown feature and names the rule path and the feature', () => {
    const err = refusal(shipped.replace('feature: card_testing', 'feature: card_tsting'));
    expect(err).toBeInstanceOf(RuleSetError);
    expect(err.message).toMatch(/rules\.0\.when\.all\.0\.feature/);
    expect(err.message).toMatch(/card_tsting/);
  });

  it('refuses text that is not YAML', () => {
    expect(refusal('rules: [unclosed').problems[0]).toMatch(/not valid YAML/);
  });

  it('refuses duplicate rule ids and conditions with two comparators', () => {
    const dup = shipped.replace('id: many-cards-one-account', 'id: card-testing-burst');
    expect(refusal(dup).message).toMatch(/duplicate rule id card-testing-burst/);
    const two = shipped.replace(
      '{ feature: card_testing, gte: 4 }',
      '{ feature: card_testing, gte: 4, lt: 9 }',
    );
    expect(refusal(two).message).toMatch(/exactly one of/);
  });

  it('refuses a review threshold above the decline threshold', () => {
    expect(
      refusal(shipped.replace('review: 0.5, decline: 0.85', 'review: 0.9, decline: 0.85')).message,
    ).toMatch(/thresholds\.default/);
  });

  it('uses a tenant’s own thresholds when it has them', () => {
    const rs = parseRuleSet(
      shipped.replace('tenants: {}', 'tenants: { strict: { review: 0.2, decline: 0.5, alert: 0.4 } }'),
    );
    expect(thresholdsFor(rs, 'strict').review).toBe(0.2);
    expect(thresholdsFor(rs, 'acme').review).toBe(0.5);
  });

  it('matches `all` conditions only when every one holds', () => {
    const rs = parseRuleSet(shipped);
    const base = computeFeatures(anOrder(), {}, rs);
    expect(evaluateRules(rs, { ...base, reshipper: 1, high_risk_share: 0.2 }).map((h) => h.id)).not.toContain(
      'reshipper-high-risk-goods',
    );
    expect(evaluateRules(rs, { ...base, reshipper: 1, high_risk_share: 0.8 }).map((h) => h.id)).toContain(
      'reshipper-high-risk-goods',
    );
  });
});
