// Publishing a contract event as a shop system or an upstream service would: encoded, with its
// content-type, on its JetStream subject in the test's namespace.
import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { jetstream, type JetStreamClient, type PubAck } from '@nats-io/jetstream';
import { headers as natsHeaders, type MsgHdrs, type NatsConnection } from '@nats-io/transport-node';
import {
  encodeMessage,
  envelopeOf,
  prefixSubject,
  type EventDefinition,
  type WireFormat,
} from '@shopmind/contracts';

export interface PublishEventOptions {
  /** The tenant token of the subject (default: the message's `envelope.tenant_id`). */
  tenant?: string;
  /** The namespace prefix (SHOPMIND_SUBJECT_PREFIX) the services under test use (default none). */
  prefix?: string;
  /** Wire format (default 'json', as shop systems send). */
  format?: WireFormat;
  /** Headers to send along (e.g. a traceparent); `content-type` is set on them. */
  headers?: MsgHdrs;
  /** JetStream de-duplication id (Nats-Msg-Id). */
  msgId?: string;
  /** Bytes to send instead of the encoded message (malformed-input tests); `content-type` is left as given. */
  raw?: Uint8Array | string;
}

/** Publishes `message` on `definition`'s subject and returns the stream's acknowledgement. */
export async function publishEvent<D extends DescMessage>(
  target: NatsConnection | JetStreamClient,
  definition: EventDefinition<D>,
  message: MessageShape<D>,
  options: PublishEventOptions = {},
): Promise<PubAck> {
  const js = 'subscribe' in target ? jetstream(target) : target;
  const tenant = options.tenant ?? envelopeOf(message)?.tenantId;
  if (!tenant) throw new Error(`publishEvent(${definition.key}): no tenant option and no envelope.tenant_id`);
  const headers = options.headers ?? natsHeaders();
  let data = options.raw;
  if (data === undefined) {
    const encoded = encodeMessage(definition.schema, message, options.format ?? 'json');
    data = encoded.data;
    headers.set('content-type', encoded.contentType);
  }
  const subject = prefixSubject(options.prefix ?? '', definition.subject(tenant));
  return js.publish(subject, data, options.msgId ? { headers, msgID: options.msgId } : { headers });
}
