// Builds the dead-letter copy of a message: original payload, original headers (minus NATS
// control headers) and why/when it died.
import { headers as natsHeaders, type MsgHdrs } from '@nats-io/transport-node';
import type { DeliveryInfo } from '@nats-io/jetstream';
import { deadLetterSubject, isConcreteSubject, unroutableDeadLetterSubject } from '@shopmind/contracts';
import { HEADER, headerValue, isControlHeader } from './nats-headers.js';

export interface DeadLetter {
  /** Logical subject; the publisher adds any namespace prefix. */
  subject: string;
  data: Uint8Array;
  headers: MsgHdrs;
  msgId: string;
}

export function buildDeadLetter(args: {
  service: string;
  consumer: string;
  /** The subject as the contracts name it (without namespace prefix). */
  logicalSubject: string;
  /** A delivered JsMsg, or a stored message fetched by sequence (with the delivery that found it). */
  msg: {
    headers?: MsgHdrs;
    data: Uint8Array;
    info: Pick<DeliveryInfo, 'stream' | 'streamSequence' | 'deliveryCount'>;
  };
  reason: string;
}): DeadLetter {
  const { msg } = args;
  const h = natsHeaders();
  if (msg.headers) {
    for (const [k, values] of msg.headers) {
      if (isControlHeader(k)) continue;
      for (const v of values) h.append(k, v);
    }
  }
  h.set(HEADER.dlqReason, headerValue(args.reason));
  h.set(HEADER.dlqDeliveryCount, String(msg.info.deliveryCount));
  h.set(HEADER.dlqOriginalSubject, args.logicalSubject);
  h.set(HEADER.dlqStream, msg.info.stream);
  h.set(HEADER.dlqStreamSequence, String(msg.info.streamSequence));
  h.set(HEADER.dlqConsumer, args.consumer);
  return {
    // A subject with wildcards (published literally) cannot be mirrored; the message must still
    // end somewhere, or it would be redelivered forever.
    subject: isConcreteSubject(args.logicalSubject)
      ? deadLetterSubject(args.service, args.logicalSubject)
      : unroutableDeadLetterSubject(args.service),
    data: msg.data,
    headers: h,
    // A dead letter published twice (term lost, message redelivered) is stored once. The consumer is
    // part of the id: every service that refuses the message leaves its own dead letter (JetStream
    // de-duplicates by id across the whole stream, whatever the subject).
    msgId: `dlq:${msg.info.stream}:${msg.info.streamSequence}:${args.consumer}`,
  };
}
