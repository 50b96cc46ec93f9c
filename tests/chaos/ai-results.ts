// What a shop reads from AI_RESULTS, the way the README tells it to: a JetStream (ordered) consumer
// over the stream filtered to its tenant, not a core subscription. Each stored result is reduced to
// what the exactly-once check needs: its kind, the event that caused it and its Nats-Msg-Id.
import { jetstream, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { decodeMessage, envelopeOf, eventForSubject, Streams } from '@shopmind/contracts';

export interface StoredResult {
  seq: number;
  /** The result's event key, e.g. 'review.analysed'. */
  kind: string;
  /** '' when the message does not decode (poison published on a result subject). */
  causationId: string;
  /** '' when the publisher set none (services always do). */
  msgId: string;
}

/** How many results AI_RESULTS holds for the tenant (one stream info call). */
export async function countResults(jsm: JetStreamManager, tenant: string): Promise<number> {
  const info = await jsm.streams.info(Streams.aiResults.name, { subjects_filter: `ai.${tenant}.>` });
  return Object.values(info.state.subjects ?? {}).reduce((a, b) => a + b, 0);
}

/** Every result AI_RESULTS holds for the tenant, decoded. */
export async function readResults(
  nc: NatsConnection,
  jsm: JetStreamManager,
  tenant: string,
): Promise<StoredResult[]> {
  const total = await countResults(jsm, tenant);
  const out: StoredResult[] = [];
  if (total === 0) return out;
  const consumer = await jetstream(nc).consumers.get(Streams.aiResults.name, {
    filter_subjects: `ai.${tenant}.>`, // one subject: nats-server 2.9 takes no list
  });
  const messages = await consumer.consume();
  for await (const m of messages) {
    const def = eventForSubject(m.subject);
    let causationId = '';
    try {
      if (def)
        causationId =
          envelopeOf(decodeMessage(def.schema, m.data, m.headers?.get('content-type')))?.causationId ?? '';
    } catch {
      // not a service's result: poison a test published on a result subject
    }
    out.push({
      seq: m.seq,
      kind: def?.key ?? m.subject,
      causationId,
      msgId: m.headers?.get('Nats-Msg-Id') ?? '',
    });
    if (out.length >= total) break;
  }
  await messages.close();
  return out;
}

/** Keys that occur more than once, with their counts. */
export function repeated(keys: string[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return Object.fromEntries([...counts].filter(([, n]) => n > 1));
}

/**
 * Which expected results are missing and which are stored more than once: `expects` names result
 * kinds each event must produce once; an inner array means exactly one of those kinds.
 */
export function exactlyOnce(
  events: { eventId: string; label: string; expects: (string | string[])[] }[],
  results: StoredResult[],
): { lost: string[]; twice: string[] } {
  const byCause = new Map<string, string[]>();
  for (const r of results) byCause.set(r.causationId, [...(byCause.get(r.causationId) ?? []), r.kind]);
  const lost: string[] = [];
  const twice: string[] = [];
  for (const e of events) {
    const kinds = byCause.get(e.eventId) ?? [];
    for (const expected of e.expects) {
      const options = Array.isArray(expected) ? expected : [expected];
      const found = kinds.filter((k) => options.includes(k)).length;
      if (found === 0) lost.push(`${e.label} ${e.eventId} → ${options.join(' | ')}`);
      if (found > 1) twice.push(`${e.label} ${e.eventId} → ${options.join(' | ')} ×${found}`);
    }
  }
  return { lost, twice };
}

export interface DeadLetter {
  subject: string;
  reason: string;
  consumer: string;
  stream: string;
  streamSeq: number;
}

/** Every dead letter DEAD_LETTERS holds, with the headers that say where it came from and why. */
export async function readDeadLetters(nc: NatsConnection, jsm: JetStreamManager): Promise<DeadLetter[]> {
  const info = await jsm.streams.info(Streams.deadLetters.name);
  const out: DeadLetter[] = [];
  if (info.state.messages === 0) return out;
  const messages = await (await jetstream(nc).consumers.get(Streams.deadLetters.name)).consume();
  for await (const m of messages) {
    out.push({
      subject: m.subject,
      reason: m.headers?.get('Shopmind-Dlq-Reason') ?? '',
      consumer: m.headers?.get('Shopmind-Dlq-Consumer') ?? '',
      stream: m.headers?.get('Shopmind-Dlq-Stream') ?? '',
      streamSeq: Number(m.headers?.get('Shopmind-Dlq-Stream-Sequence')),
    });
    if (m.info.pending === 0) break;
  }
  await messages.close();
  return out;
}
