// Takes an inbound event of the contract over HTTP: decoded and checked like the bus checks it,
// its envelope's tenant held to the API key's, published to JetStream with the event id as its
// de-duplication id; resolves once the stream has stored it (the PubAck). Like the webhooks, an event
// id delivered within the last 48 hours is not published again: the stream's own window is two
// minutes, the Redis mark `edge:api-event:<tenant>:<event id>` (written after the PubAck) covers the
// rest. While Redis is down the check is skipped and the stream's window still holds.
import { type JsonValue } from '@bufbuild/protobuf';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { headers as natsHeaders } from '@nats-io/transport-node';
import {
  BUS_HEADERS,
  BUS_OPTIONS,
  BUS_REDIS,
  BusPublisher,
  DependencyState,
  type BusOptions,
} from '@shopmind/bus';
import { Events, encodeMessage, envelopeOf, type EventDefinition } from '@shopmind/contracts';
import { createLogger } from '@shopmind/telemetry';
import type { RedisConnection } from '@shopmind/redis';
import { DEFAULT_DEDUPE_HOURS, WebhookDedupeStore } from '../webhooks/webhook-dedupe-store.js';
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

/** Redis key prefix of the API's delivered-event marks (`edge:<prefix>:api-event` under a subject prefix). */
export function apiEventKeyPrefix(subjectPrefix: string): string {
  return subjectPrefix ? `edge:${subjectPrefix}:api-event` : 'edge:api-event';
}

@Injectable()
export class EventIngest {
  private readonly log = createLogger('edge.api.events');
  private readonly marks: WebhookDedupeStore | undefined;

  constructor(
    private readonly bus: BusPublisher,
    @Inject(DependencyState) private readonly dependencies: DependencyState,
    @Inject(BUS_OPTIONS) options: BusOptions,
    @Optional() @Inject(BUS_REDIS) redis?: RedisConnection,
  ) {
    this.marks = redis
      ? new WebhookDedupeStore(
          redis,
          DEFAULT_DEDUPE_HOURS * 3600,
          apiEventKeyPrefix(options.subjectPrefix ?? ''),
        )
      : undefined;
  }

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
    // Event ids are the shop's: two shops may use the same one, so the mark is per tenant.
    const markId = `${tenant}:${envelope.eventId}`;
    const earlier = await this.earlier(markId);
    if (earlier) {
      return {
        eventId: envelope.eventId,
        stream: earlier.stream ?? '',
        sequence: earlier.sequence,
        duplicate: true,
      };
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
      await this.remember(markId, ack.seq, ack.stream);
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

  /** Where the event was stored when it was delivered within the last 48 hours; undefined while Redis is down. */
  private async earlier(markId: string) {
    if (!this.marks) return undefined;
    const marks = this.marks;
    try {
      return await this.dependencies.whileUp('redis', () => marks.recall(markId));
    } catch (err) {
      this.log.warn({ err, event_id: markId }, 'event de-duplication skipped: Redis unavailable');
      return undefined;
    }
  }

  private async remember(markId: string, seq: number, stream: string): Promise<void> {
    if (!this.marks) return;
    const marks = this.marks;
    try {
      await this.dependencies.whileUp('redis', () => marks.markDelivered(markId, seq, stream));
    } catch (err) {
      this.log.warn({ err, event_id: markId }, 'event delivery not remembered: Redis unavailable');
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
