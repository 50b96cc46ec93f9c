// Publishes the demo's events to JetStream in order, each with its event id as Nats-Msg-Id (a
// second run within the duplicate window is stored once; after it, the services' own
// de-duplication by event id applies). A progress bar on a terminal, a few plain lines otherwise.
import cliProgress from 'cli-progress';
import type { JetStreamClient } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';
import type { ReplayLine } from '../demo/toy-shop-generator.js';

/** Publishes in flight at once; the server stores them in the order they were sent. */
const WINDOW = 64;

export interface ReplayOptions {
  /**
   * Lines after which the replay waits for everything sent to be stored and then for `settle`:
   * an event another consumer must have applied before the next ones arrive (a chargeback before
   * the card is used again). Days pass between them in the shop; a replay takes a second.
   */
  settleAfter?: (line: ReplayLine) => boolean;
  settle?: () => Promise<void>;
}

export async function replayEvents(
  js: JetStreamClient,
  lines: ReplayLine[],
  options: ReplayOptions = {},
): Promise<void> {
  const total = lines.length;
  const bar = process.stdout.isTTY
    ? new cliProgress.SingleBar(
        {
          stream: process.stdout,
          format: '  replaying [{bar}] {value}/{total} events {percentage}%',
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  bar?.start(total, 0);
  let done = 0;
  let nextMark = 0.25;
  const progressed = () => {
    done++;
    bar?.update(done);
    if (!bar && done / total >= nextMark) {
      console.log(`  replayed ${done}/${total} events`);
      nextMark += 0.25;
    }
  };
  const inFlight = new Set<Promise<unknown>>();
  for (const line of lines) {
    const eventId = (line.data.envelope as { eventId: string }).eventId;
    const h = headers();
    h.set('content-type', 'application/json');
    const p = js
      .publish(line.subject, JSON.stringify(line.data), { headers: h, msgID: eventId })
      .then(progressed)
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (options.settleAfter?.(line)) {
      await Promise.all(inFlight);
      await options.settle?.();
    } else if (inFlight.size >= WINDOW) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  bar?.stop();
}
