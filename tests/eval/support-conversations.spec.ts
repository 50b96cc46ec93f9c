import { describe, expect, it } from '@jest/globals';
import { asTenantEvent, parseConversations, scoreTurns } from './support-conversations.js';

describe('support eval bookkeeping', () => {
  it('rewrites the tenant of subject and envelope and prefixes the event id', () => {
    const e = asTenantEvent(
      {
        subject: 'shop.demo.privacy.erasure_requested',
        data: {
          envelope: {
            eventId: 'e1',
            occurredAt: '2026-01-01T00:00:00Z',
            producer: 'x',
            tenantId: 'demo',
            schemaVersion: 1,
          },
          userId: 'u',
        },
      },
      't9',
    );
    expect(e.definition.key).toBe('privacy.erasure_requested');
    expect(
      (e.message as unknown as { envelope: { tenantId: string; eventId: string } }).envelope,
    ).toMatchObject({
      tenantId: 't9',
      eventId: 't9-e1',
    });
  });

  it('scores each figure only over the turns that expect it', () => {
    const s = scoreTurns([
      {
        expect: { intent: 'greeting', mentions: ['Hello', 'order'] },
        reply: { text: 'hello there', intent: 'greeting', escalated: false },
      },
      {
        expect: { escalated: true, forbidden: ['DHL'] },
        reply: { text: 'sent with dhl', intent: 'other', escalated: false },
      },
    ]);
    expect(s).toEqual({
      n_turns: 2,
      intent_accuracy: 1,
      mention_rate: 0.5,
      escalation_accuracy: 0,
      violations: 1,
    });
  });

  it('refuses a line without turns', () => {
    expect(() => parseConversations('{"events": []}\n')).toThrow(/line 1: no turns/);
  });
});
