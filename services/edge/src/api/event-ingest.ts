// Takes an inbound event of the contract over HTTP: decoded and checked like the bus checks it,
// its envelope's tenant held to the API key's, published to JetStream with the event id as its
// de-duplication id; resolves once the stream has stored it (the PubAck).
import { type JsonValue } from '@bufbuild/protobuf';
import { Injectable } from '@nestjs/common';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { BUS_HEADERS, BusPublisher } from '@shopmind/bus';
import { Events, encodeMessage, envelopeOf, type EventDefinition } from '@shopmind/contracts';
import { ApiError, UNAVAILABLE_RETRY_AFTER_SECONDS } from './api-error.js';
import { messageFromJson } from './query-client.js';

/** The events a shop sends, by `<domain>.<event>` (results are ShopMind's own, never ingested). */
export const INBOUND_EVENTS: ReadonlyMap<string, EventDefinition> = new Map(
  Object.values(Events)
    .filter((e) => e.direction === 'inbound')
    .map((e) => [e.key, e as EventDefinition]),
);

export interface Accepted {
  eventId: string;
  /** The stream that stored it and where. */
  stream: string;
  sequence: number;
  /** True when the stream already had an event with this id (a retry): stored once. */
  duplicate: boolean;
}

@Injectable()
export class EventIngest {
  constructor(private readonly bus: BusPublisher) {}

  async ingest(domain: string, event: string, tenant: string, body: JsonValue): Promise<Accepted> {
    const def = INBOUND_EVENTS.get(`${domain}.${event}`);
    if (!def) {
      throw new ApiError(
        404,
        'not_found',
        `no inbound event ${domain}.${event}; inbound events: ${[...INBOUND_EVENTS.keys()].join(', ')}`,
      );
    }
    const declared = tenantOfBody(body);
    if (declared !== undefined && declared !== tenant) {
      throw new ApiError(
        403,
        'forbidden',
        `envelope.tenantId ${JSON.stringify(declared)} is not the tenant of this API key`,
      );
    }
    const msg = messageFromJson(def.schema, body);
    const envelope = envelopeOf(msg);
    if (!envelope) throw new ApiError(400, 'invalid_request', `${def.schema.typeName} needs its envelope`);
    // The contract's own rule (validated above) leaves the tenant's pattern; the key decides whose it is.
    if (envelope.tenantId !== tenant) {
      throw new ApiError(
        403,
        'forbidden',
        `envelope.tenantId ${JSON.stringify(envelope.tenantId)} is not the tenant of this API key`,
      );
    }
    const { data, contentType } = encodeMessage(def.schema, msg, 'json', { validate: false });
    const h = natsHeaders();
    h.set(BUS_HEADERS.contentType, contentType);
    try {
      const ack = await this.bus.publishRaw(
        def.subject(tenant),
        data,
        h,
        envelope.eventId,
        envelope.eventId,
        def.filter,
      );
      return { eventId: envelope.eventId, stream: ack.stream, sequence: ack.seq, duplicate: ack.duplicate };
    } catch (err) {
      throw new ApiError(
        503,
        'unavailable',
        `the event stream did not store ${def.key}: ${(err as Error).message}`,
        {
          retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS,
        },
      );
    }
  }
}

/** `envelope.tenantId` as sent, before decoding: another tenant's envelope is refused as such (403), not as invalid. */
function tenantOfBody(body: JsonValue): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const envelope = body.envelope;
  if (typeof envelope !== 'object' || envelope === null || Array.isArray(envelope)) return undefined;
  const tenant = envelope.tenantId ?? envelope.tenant_id;
  return typeof tenant === 'string' ? tenant : undefined;
}
