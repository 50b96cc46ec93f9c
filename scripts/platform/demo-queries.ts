// How the demo asks ShopMind, as any shop system can: core NATS request/reply with proto3 JSON
// (examples/*.mjs do the same), and a JetStream consumer over AI_RESULTS for the stored results.
import { randomUUID } from 'node:crypto';
import { jetstream, type JetStreamManager } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import { Streams } from '@shopmind/contracts';

/** An ErrorReply: the service answered with `Shopmind-Error` (not_found, unavailable, …). */
export class QueryFailed extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

export type Json = Record<string, unknown>;

export async function ask<T = Json>(
  nc: NatsConnection,
  tenant: string,
  query: string,
  body: Json,
  timeoutMs = 5_000,
): Promise<T> {
  const h = headers();
  h.set('content-type', 'application/json');
  const request = { meta: { requestId: randomUUID(), tenantId: tenant }, ...body };
  const reply = await nc.request(`q.${tenant}.${query}`, JSON.stringify(request), {
    headers: h,
    timeout: timeoutMs,
  });
  const answer = reply.json<Json>();
  if (reply.headers?.get('Shopmind-Error'))
    throw new QueryFailed(String(answer.code), String(answer.message ?? ''));
  return answer as T;
}

/** Asks until `ready` accepts the answer or the time is up; then the last answer (or error) stands. */
export async function askUntil<T = Json>(
  attempt: () => Promise<T>,
  ready: (answer: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const answer = await attempt();
      if (ready(answer) || Date.now() >= deadline) return answer;
    } catch (err) {
      // not_found while the service has not taken the event in yet; anything else is final
      if (!(err instanceof QueryFailed && err.code === 'not_found') || Date.now() >= deadline) throw err;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

export interface StoredResult {
  subject: string;
  body: Json;
}

/** The results AI_RESULTS holds on `filter` (e.g. `ai.demo.fraud.>`), oldest first. */
export async function storedResults(
  nc: NatsConnection,
  jsm: JetStreamManager,
  filter: string,
): Promise<StoredResult[]> {
  const info = await jsm.streams.info(Streams.aiResults.name, { subjects_filter: filter });
  const total = Object.values(info.state.subjects ?? {}).reduce((a, b) => a + b, 0);
  const out: StoredResult[] = [];
  if (total === 0) return out;
  const consumer = await jetstream(nc).consumers.get(Streams.aiResults.name, { filter_subjects: filter });
  const messages = await consumer.consume();
  for await (const m of messages) {
    try {
      out.push({ subject: m.subject, body: m.json<Json>() });
    } catch {
      out.push({ subject: m.subject, body: {} }); // a protobuf result: counted, not shown
    }
    if (out.length >= total) break;
  }
  await messages.close();
  return out;
}

/** How many results AI_RESULTS holds per subject under `filter`. */
export async function resultCounts(jsm: JetStreamManager, filter: string): Promise<Record<string, number>> {
  const info = await jsm.streams.info(Streams.aiResults.name, { subjects_filter: filter });
  return info.state.subjects ?? {};
}
