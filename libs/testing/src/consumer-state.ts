// Whether a JetStream consumer has finished with what it was given: every message delivered and
// acknowledged. A test that asserts something did NOT happen waits for this instead of sleeping.
import type { ConsumerInfo, JetStreamManager } from '@nats-io/jetstream';
import { prefixStream } from '@shopmind/contracts';
import { eventually, type EventuallyOptions } from './eventually.js';

export interface ConsumerSettledOptions {
  /** The namespace prefix (SHOPMIND_SUBJECT_PREFIX): `stream` is then the catalogue name, e.g. 'SHOP_EVENTS'. */
  prefix?: string;
  /** The stream sequence (a PubAck's `seq`) the consumer must have delivered at least up to. */
  streamSeq?: number;
}

export interface ConsumerSettlement {
  /** True when nothing waits for delivery or acknowledgement (and `streamSeq`, if given, was delivered). */
  settled: boolean;
  /** What is still outstanding, e.g. `'1 delivered but not acknowledged'`; empty when settled. */
  outstanding: string[];
  info: ConsumerInfo;
}

/** Reads the consumer's info once and tells whether everything delivered was acknowledged. */
export async function consumerSettled(
  jsm: JetStreamManager,
  stream: string,
  durable: string,
  options: ConsumerSettledOptions = {},
): Promise<ConsumerSettlement> {
  const info = await jsm.consumers.info(prefixStream(options.prefix ?? '', stream), durable);
  const outstanding: string[] = [];
  if (info.num_pending > 0) outstanding.push(`${info.num_pending} not yet delivered`);
  if (info.num_ack_pending > 0) outstanding.push(`${info.num_ack_pending} delivered but not acknowledged`);
  if (options.streamSeq !== undefined && info.delivered.stream_seq < options.streamSeq) {
    outstanding.push(`delivered up to stream seq ${info.delivered.stream_seq}, not yet ${options.streamSeq}`);
  }
  return { settled: outstanding.length === 0, outstanding, info };
}

/**
 * Waits until the consumer has settled (see consumerSettled) and returns its info; fails naming the
 * consumer and what is still outstanding.
 */
export async function expectConsumerIdle(
  jsm: JetStreamManager,
  stream: string,
  durable: string,
  options: ConsumerSettledOptions & Omit<EventuallyOptions, 'what'> = {},
): Promise<ConsumerInfo> {
  let last: ConsumerSettlement | undefined;
  try {
    await eventually(async () => (last = await consumerSettled(jsm, stream, durable, options)).settled, {
      timeoutMs: options.timeoutMs,
      intervalMs: options.intervalMs,
      what: `consumer ${durable} to settle`,
    });
  } catch (err) {
    if (!last) throw err;
    throw new Error(
      `consumer ${durable} on ${prefixStream(options.prefix ?? '', stream)} did not settle: ${last.outstanding.join(', ')}`,
      { cause: err },
    );
  }
  return last!.info;
}
