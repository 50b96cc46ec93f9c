// The envelope of a result a service publishes: its event id derives from the cause (and the kind
// and variant of result), so a redelivered or re-published event yields the very same result id;
// the correlation id carries on (an inbound event that left it empty starts the chain).
import type { MessageInitShape } from '@bufbuild/protobuf';
import { timestampNow } from '@bufbuild/protobuf/wkt';
import type { EnvelopeSchema } from '@shopmind/contracts';
import { createHash } from 'node:crypto';

/** What a result needs to know of the event (or request) that caused it. */
export interface ResultCause {
  eventId: string;
  tenant: string;
  correlationId: string;
}

/** A UUID (version 8, RFC 9562) derived from the cause, the result kind and an optional variant. */
export function resultEventId(causeEventId: string, kind: string, discriminator?: string): string {
  const parts = discriminator === undefined ? [causeEventId, kind] : [causeEventId, kind, discriminator];
  const h = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  const variant = ((parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function resultEnvelope(
  cause: ResultCause,
  result: { producer: string; kind: string; discriminator?: string },
): MessageInitShape<typeof EnvelopeSchema> {
  return {
    eventId: resultEventId(cause.eventId, result.kind, result.discriminator),
    occurredAt: timestampNow(),
    producer: result.producer,
    tenantId: cause.tenant,
    schemaVersion: 1,
    correlationId: cause.correlationId || cause.eventId,
    causationId: cause.eventId,
  };
}
