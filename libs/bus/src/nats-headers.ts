// Bridges NATS message headers to the telemetry carrier and names the headers the bus defines.
import { Match, type MsgHdrs } from '@nats-io/transport-node';

export const HEADER = {
  contentType: 'content-type',
  error: 'Shopmind-Error',
  /** Absolute deadline of a query, epoch milliseconds. */
  deadline: 'Shopmind-Deadline',
  dlqReason: 'Shopmind-Dlq-Reason',
  dlqDeliveryCount: 'Shopmind-Dlq-Delivery-Count',
  dlqOriginalSubject: 'Shopmind-Dlq-Original-Subject',
  dlqStream: 'Shopmind-Dlq-Stream',
  dlqStreamSequence: 'Shopmind-Dlq-Stream-Sequence',
  dlqConsumer: 'Shopmind-Dlq-Consumer',
  msgId: 'Nats-Msg-Id',
} as const;

/** NATS/JetStream control headers (Nats-Msg-Id, Nats-Expected-*, …) must not travel with a copy. */
export function isControlHeader(name: string): boolean {
  return name.toLowerCase().startsWith('nats-');
}

/**
 * A header a shop system sets, matched without regard to case: NATS header names are
 * case-sensitive, and clients in other languages write `Content-Type` as often as `content-type`.
 */
export function shopHeader(headers: MsgHdrs | undefined, name: string): string | undefined {
  if (!headers?.has(name, Match.IgnoreCase)) return undefined;
  return headers.get(name, Match.IgnoreCase);
}

export function headersToRecord(headers: MsgHdrs | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  for (const [k, values] of headers) out[k] = values.join(', ');
  return out;
}

/** Header values are single-line. */
export function headerValue(text: string, max = 512): string {
  const flat = text.replace(/[\r\n]+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
