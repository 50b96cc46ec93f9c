// Waits until the services have worked through everything the demo published, by the servers'
// own account: every durable consumer of the running services, on the shop events and on the
// results, has nothing pending and nothing unacknowledged, and no result arrived while we looked.
import type { JetStreamManager } from '@nats-io/jetstream';
import { Streams } from '@shopmind/contracts';

export interface QuietOptions {
  services: string[];
  timeoutMs: number;
}

async function busy(jsm: JetStreamManager, services: string[]): Promise<string[]> {
  const out: string[] = [];
  // Shop events first: a handler publishes its result before it acknowledges, so once they are
  // done every result they cause is already on AI_RESULTS, which is looked at next.
  for (const stream of [Streams.shopEvents.name, Streams.aiResults.name]) {
    for await (const c of jsm.consumers.list(stream)) {
      const name = c.config.durable_name ?? '';
      if (!services.some((s) => name.startsWith(`${s}__`))) continue;
      if (c.num_pending > 0 || c.num_ack_pending > 0)
        out.push(`${name} (${c.num_pending} pending, ${c.num_ack_pending} unacknowledged)`);
    }
  }
  return out;
}

/** Resolves with '' once quiet, or with what was still busy when the time ran out. */
export async function waitUntilQuiet(
  jsm: JetStreamManager,
  { services, timeoutMs }: QuietOptions,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let still: string[] = [];
  while (Date.now() < deadline) {
    const before = (await jsm.streams.info(Streams.aiResults.name)).state.last_seq;
    still = await busy(jsm, services);
    const after = (await jsm.streams.info(Streams.aiResults.name)).state.last_seq;
    if (still.length === 0 && before === after) return '';
    await new Promise((r) => setTimeout(r, 250));
  }
  return still.join(', ') || 'results still arriving';
}
