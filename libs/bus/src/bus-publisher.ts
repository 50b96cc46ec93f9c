// Publishes results to JetStream with a de-duplication id, the wire format's content type and the
// current trace context; resolves once the stream has stored the message. With Redis, a result is
// claimed before it is published, so a repeated event publishes the first result again, never a new one.
import type { RedisConnection } from '@shopmind/redis';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { headers as natsHeaders, type MsgHdrs, type NatsConnection } from '@nats-io/transport-node';
import type { PubAck } from '@nats-io/jetstream';
import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { encodeMessage, envelopeOf, type EventDefinition, type WireFormat } from '@shopmind/contracts';
import { injectTraceContext, tracer } from '@shopmind/telemetry';
import { busMetrics } from './bus-metrics.js';
import { BUS_CONNECTION, BUS_OPTIONS, BUS_REDIS } from './bus-tokens.js';
import { resolveBusOptions, type BusOptions, type ResolvedBusOptions } from './bus-options.js';
import { MESSAGING_SYSTEM_NATS, MessagingAttributes, MessagingOperation } from './messaging-attributes.js';
import { HEADER } from './nats-headers.js';
import { prefixSubject, subjectTemplate } from './naming.js';
import { PubAckInbox } from './pub-ack-inbox.js';
import { ResultStore, type EncodedResult } from './result-store.js';

/** The effects ledger's default done-mark TTL: a stored result must outlive the done mark. */
const LEDGER_DONE_TTL_SECONDS = 7 * 24 * 3600;

export interface PublishOptions {
  /** Id of the event or request that caused this result. */
  causeEventId: string;
  /** Kind of result, e.g. 'review.analysed'. */
  kind: string;
  /** Tells apart several results of one kind from one cause (a locale, a channel). */
  discriminator?: string;
  /**
   * The customers the result is about, named as the service's erasure handler will name them (a
   * user id; a keyed hash where the service keeps identifiers only hashed). With Redis, the stored
   * copy of the result is listed under each, so `eraseResultsOf(tenant, subject)` can delete it.
   */
  subjects?: readonly string[];
}

export function resultMsgId(opts: PublishOptions): string {
  return opts.discriminator
    ? `${opts.causeEventId}:${opts.kind}:${opts.discriminator}`
    : `${opts.causeEventId}:${opts.kind}`;
}

@Injectable()
export class BusPublisher {
  private readonly acks: PubAckInbox;
  private readonly options: ResolvedBusOptions;
  private readonly format: WireFormat;
  /** Undefined without Redis: then a repeat publishes whatever it is given (the stream keeps one). */
  private readonly results?: ResultStore;

  constructor(
    @Inject(BUS_CONNECTION) nc: NatsConnection,
    @Inject(BUS_OPTIONS) options: BusOptions,
    @Optional() @Inject(BUS_REDIS) redis?: RedisConnection,
  ) {
    this.options = resolveBusOptions(options);
    this.format = this.options.publishFormat;
    this.acks = PubAckInbox.of(nc);
    if (redis) {
      const retentionSeconds = Math.ceil(this.options.retention.maxAgeMs / 1000);
      this.results = new ResultStore(redis, {
        service: this.options.service,
        ttlSeconds: Math.max(retentionSeconds, LEDGER_DONE_TTL_SECONDS),
      });
    }
  }

  /**
   * Publishes `msg` to `def.subject(tenant)`; a retried publish with the same ids is stored once.
   * With Redis, the first result published for these ids is the only one ever sent: a later
   * publish with the same ids sends nothing once the stream has that result, and until then the
   * stored result again (identical bytes, e.g. after a crash before its PubAck), whatever `msg` is.
   */
  async publish<D extends DescMessage>(
    def: EventDefinition<D>,
    tenant: string,
    msg: MessageShape<D>,
    opts: PublishOptions,
  ): Promise<PubAck> {
    const encoded = encodeMessage(def.schema, msg, this.format);
    if (!this.results) return this.send(def, tenant, msg, opts, encoded);
    const ref = {
      tenant,
      causeEventId: opts.causeEventId,
      kind: opts.kind,
      discriminator: opts.discriminator,
    };
    const subjects = (opts.subjects ?? []).filter(Boolean);
    // Listed and claimed together (one round trip). Should either fail, the event is retried and both
    // are written again, so the stored result of an acknowledged event is always listed.
    const [, claimed] = await Promise.all([
      subjects.length ? this.results.index(ref, subjects) : undefined,
      this.results.claim(ref, encoded),
    ]);
    // Already in the stream: send nothing, and answer as JetStream answers a duplicate.
    if (claimed.storedAt) return { ...claimed.storedAt, duplicate: true };
    const ack = await this.send(def, tenant, msg, opts, claimed);
    await this.results.markPublished(ref, ack);
    return ack;
  }

  /**
   * Erasure: deletes the stored copy of every result published with `subject` among its `subjects`,
   * and the index. Idempotent; resolves how many were deleted (0 without Redis, where nothing is
   * stored). The streams keep what they hold until their max age.
   */
  async eraseResultsOf(tenant: string, subject: string): Promise<number> {
    if (!this.results || !subject) return 0;
    return this.results.eraseSubject(tenant, subject);
  }

  private send<D extends DescMessage>(
    def: EventDefinition<D>,
    tenant: string,
    msg: MessageShape<D>,
    opts: PublishOptions,
    { data, contentType }: EncodedResult,
  ): Promise<PubAck> {
    const h = natsHeaders();
    h.set(HEADER.contentType, contentType);
    const msgId = resultMsgId(opts);
    // The span names the message it sends (its own event id), as the consumer's span will.
    const messageId = envelopeOf(msg)?.eventId || msgId;
    return this.publishRaw(def.subject(tenant), data, h, msgId, messageId, def.filter);
  }

  /**
   * Publishes already-encoded bytes to a logical subject (the namespace prefix is added here).
   * Used for dead letters, which keep the original payload and headers.
   */
  async publishRaw(
    subject: string,
    data: Uint8Array,
    h: MsgHdrs,
    msgId: string,
    /** The message's own id for the span; the de-duplication id when not given. */
    messageId?: string,
    template = subjectTemplate(subject),
  ): Promise<PubAck> {
    const span = tracer.startSpan(`send ${subject}`, {
      kind: SpanKind.PRODUCER,
      attributes: {
        [MessagingAttributes.system]: MESSAGING_SYSTEM_NATS,
        [MessagingAttributes.destinationName]: subject,
        [MessagingAttributes.operationType]: MessagingOperation.send,
        [MessagingAttributes.operationName]: MessagingOperation.send,
        [MessagingAttributes.messageId]: messageId ?? msgId,
      },
    });
    const spanContext = trace.setSpan(context.active(), span);
    injectTraceContext(h, spanContext);
    try {
      const ack = await this.acks.publish(prefixSubject(this.options.subjectPrefix, subject), data, h, msgId);
      if (ack.duplicate) span.setAttribute(MessagingAttributes.duplicate, true);
      busMetrics.published.add(1, { [MessagingAttributes.destinationTemplate]: template });
      return ack;
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
      throw err;
    } finally {
      span.end();
    }
  }
}
