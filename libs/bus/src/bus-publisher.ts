// Publishes results to JetStream with a de-duplication id, the wire format's content type and the
// current trace context; resolves once the stream has stored the message.
import { Inject, Injectable } from '@nestjs/common';
import { headers as natsHeaders, type MsgHdrs, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, type JetStreamClient, type PubAck } from '@nats-io/jetstream';
import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { encodeMessage, envelopeOf, type EventDefinition, type WireFormat } from '@shopmind/contracts';
import { busMetrics, injectTraceContext, tracer } from '@shopmind/telemetry';
import { BUS_CONNECTION, BUS_OPTIONS } from './bus-tokens.js';
import { resolveBusOptions, type BusOptions, type ResolvedBusOptions } from './bus-options.js';
import { HEADER } from './nats-headers.js';
import { prefixSubject, subjectTemplate } from './naming.js';

export interface PublishOptions {
  /** Id of the event or request that caused this result. */
  causeEventId: string;
  /** Kind of result, e.g. 'review.analysed'. */
  kind: string;
  /** Tells apart several results of one kind from one cause (a locale, a channel). */
  discriminator?: string;
}

export function resultMsgId(opts: PublishOptions): string {
  return opts.discriminator
    ? `${opts.causeEventId}:${opts.kind}:${opts.discriminator}`
    : `${opts.causeEventId}:${opts.kind}`;
}

@Injectable()
export class BusPublisher {
  private readonly js: JetStreamClient;
  private readonly options: ResolvedBusOptions;
  private readonly format: WireFormat;

  constructor(@Inject(BUS_CONNECTION) nc: NatsConnection, @Inject(BUS_OPTIONS) options: BusOptions) {
    this.options = resolveBusOptions(options);
    this.format = this.options.publishFormat;
    this.js = jetstream(nc);
  }

  /** Publishes `msg` to `def.subject(tenant)`; a retried publish with the same ids is stored once. */
  async publish<D extends DescMessage>(
    def: EventDefinition<D>,
    tenant: string,
    msg: MessageShape<D>,
    opts: PublishOptions,
  ): Promise<PubAck> {
    const { data, contentType } = encodeMessage(def.schema, msg, this.format);
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
        'messaging.system': 'nats',
        'messaging.destination.name': subject,
        'messaging.operation.type': 'send',
        'messaging.operation.name': 'send',
        'messaging.message.id': messageId ?? msgId,
      },
    });
    const spanContext = trace.setSpan(context.active(), span);
    injectTraceContext(h, spanContext);
    try {
      const ack = await this.js.publish(prefixSubject(this.options.subjectPrefix, subject), data, {
        msgID: msgId,
        headers: h,
      });
      if (ack.duplicate) span.setAttribute('messaging.nats.duplicate', true);
      busMetrics.published.add(1, { 'messaging.destination.template': template });
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
