import { describe, expect, it } from '@jest/globals';
import { resultEnvelope, resultEventId } from './result-envelope.js';

describe('result envelopes', () => {
  it('derive the result id from the cause, kind and variant, as a version-8 UUID', () => {
    const id = resultEventId('e-1', 'review.analysed');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(resultEventId('e-1', 'review.analysed')).toBe(id);
    expect(resultEventId('e-2', 'review.analysed')).not.toBe(id);
    expect(resultEventId('e-1', 'graph.updated')).not.toBe(id);
    expect(resultEventId('e-1', 'copy.generated', 'web:en')).not.toBe(
      resultEventId('e-1', 'copy.generated', 'web:de'),
    );
    // The ids the services derived before this helper existed stay the same, so an event
    // redelivered across the upgrade still yields the result id already published.
    expect(id).toBe('365755a6-f30e-88a2-a292-48f0e033375b');
    expect(resultEventId('e-1', 'copy.generated', 'web:en')).toBe('24163097-930e-8d74-8f7f-d97b8cc59ff6');
  });

  it('carry the cause as causation and its correlation id, or start the chain with the cause', () => {
    const cause = { eventId: 'e-1', tenant: 'acme', correlationId: '' };
    expect(resultEnvelope(cause, { producer: 'review-sentiment', kind: 'review.analysed' })).toMatchObject({
      eventId: resultEventId('e-1', 'review.analysed'),
      producer: 'review-sentiment',
      tenantId: 'acme',
      schemaVersion: 1,
      correlationId: 'e-1',
      causationId: 'e-1',
    });
    expect(
      resultEnvelope({ ...cause, correlationId: 'c-9' }, { producer: 'p', kind: 'k' }).correlationId,
    ).toBe('c-9');
  });
});
