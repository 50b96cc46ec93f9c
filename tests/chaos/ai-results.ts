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
  causationId: string;
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
    if (!def) throw new Error(`AI_RESULTS holds ${m.subject}, which no result contract names`);
    const decoded = decodeMessage(def.schema, m.data, m.headers?.get('content-type'));
    out.push({
      seq: m.seq,
      kind: def.key,
      causationId: envelopeOf(decoded)?.causationId ?? '',
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
