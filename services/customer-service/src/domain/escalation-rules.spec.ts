import { describe, expect, it } from '@jest/globals';
import { decideEscalation, type TurnAssessment } from './escalation-rules.js';

const calm: TurnAssessment = {
  intent: 'order_status',
  confidence: 0.9,
  sentiment: 0,
  flags: { legalThreat: false, safetyHazard: false, humanRequested: false },
  answered: true,
  previousUnanswered: 0,
  llmAvailable: true,
};
const decide = (change: Partial<TurnAssessment>) => decideEscalation({ ...calm, ...change });

describe('escalation', () => {
  it('keeps an answered, confident, calm turn', () => {
    expect(decide({})).toEqual({ escalate: false });
  });

  it('sends safety hazards and legal threats to a person as URGENT policy cases, before anything else', () => {
    expect(decide({ flags: { ...calm.flags, safetyHazard: true }, intent: 'human_agent' })).toMatchObject({
      reason: 'POLICY',
      priority: 'URGENT',
    });
    expect(decide({ flags: { ...calm.flags, legalThreat: true } })).toMatchObject({
      reason: 'POLICY',
      priority: 'URGENT',
    });
  });

  it('hands over when the customer asks, by intent or in passing', () => {
    expect(decide({ intent: 'human_agent' })).toMatchObject({ reason: 'CUSTOMER_ASKED', priority: 'NORMAL' });
    expect(
      decide({ intent: 'shipping_delay', flags: { ...calm.flags, humanRequested: true }, sentiment: -0.8 }),
    ).toMatchObject({
      reason: 'CUSTOMER_ASKED',
      priority: 'HIGH',
    });
  });

  it('escalates cancellations and address changes as policy: staff carry them out', () => {
    expect(decide({ intent: 'cancel_order' })).toMatchObject({ reason: 'POLICY', priority: 'NORMAL' });
    expect(decide({ intent: 'change_address' })).toMatchObject({ reason: 'POLICY' });
  });

  it('escalates strongly negative sentiment', () => {
    expect(decide({ sentiment: -0.6 })).toMatchObject({ reason: 'NEGATIVE_SENTIMENT', priority: 'HIGH' });
    expect(decide({ sentiment: -0.59 })).toEqual({ escalate: false });
  });

  it('escalates the second unanswered turn in a row, not the first', () => {
    expect(decide({ answered: false, intent: 'other' })).toEqual({ escalate: false });
    expect(decide({ answered: false, previousUnanswered: 1 })).toMatchObject({ reason: 'REPEATED_CONTACT' });
    expect(decide({ answered: true, previousUnanswered: 3 })).toEqual({ escalate: false });
  });

  it('escalates when no LLM is available for a turn the local tier cannot answer', () => {
    expect(decide({ answered: false, llmAvailable: false })).toMatchObject({ reason: 'AI_UNAVAILABLE' });
    expect(decide({ answered: true, llmAvailable: false })).toEqual({ escalate: false });
  });

  it('escalates a low-confidence intent, but not a greeting', () => {
    expect(decide({ confidence: 0.3 })).toMatchObject({ reason: 'LOW_CONFIDENCE', priority: 'NORMAL' });
    expect(decide({ confidence: 0.3, intent: 'greeting' })).toEqual({ escalate: false });
  });
});
