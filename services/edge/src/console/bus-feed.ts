// What the console shows of one message on the bus: its catalogue subject (prefix removed), the
// event's key (`review.submitted`, `fraud.order_scored`, …) and the event as proto3 JSON, decoded
// and validated with the contracts by its subject. A message the contracts do not know, or that does
// not decode, becomes nothing: the console only shows what the platform would accept.
import { toJson, type JsonValue } from '@bufbuild/protobuf';
import type { Msg } from '@nats-io/transport-node';
import { decodeMessage, envelopeOf, eventForSubject, logicalSubject } from '@shopmind/contracts';

export interface FeedItem {
  /** The catalogue subject, e.g. `shop.acme.review.submitted`. */
  subject: string;
  /** `<domain>.<event>` of the contract. */
  type: string;
  direction: 'inbound' | 'result';
  eventId: string;
  occurredAt: string;
  /** The whole event, proto3 JSON. */
  event: JsonValue;
}

/** The feed item of a message, or undefined when it is not a contract event of `tenant`. */
export function feedItemOf(
  prefix: string,
  msg: Pick<Msg, 'subject' | 'data' | 'headers'>,
  tenant: string,
): FeedItem | undefined {
  const subject = logicalSubject(prefix, msg.subject);
  const def = eventForSubject(subject);
  if (!def || subject.split('.')[1] !== tenant) return undefined;
  try {
    const event = decodeMessage(def.schema, msg.data, msg.headers?.get('content-type'));
    const envelope = envelopeOf(event);
    if (envelope?.tenantId !== tenant) return undefined;
    return {
      subject,
      type: def.key,
      direction: def.direction,
      eventId: envelope.eventId,
      occurredAt: envelope.occurredAt
        ? new Date(Number(envelope.occurredAt.seconds) * 1000).toISOString()
        : '',
      event: toJson(def.schema, event),
    };
  } catch {
    return undefined;
  }
}
