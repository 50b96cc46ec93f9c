// What the platform bench watches while the load runs, per service and path:
//  - results: every message on AI_RESULTS, read through an ordered consumer (so each comes with its
//    stream sequence), matched to its cause by `Nats-Msg-Id` = `<cause event id>:<kind>[:…]`;
//    publish → result seen. Every result id is counted (a count above one is a duplicate), and so
//    are the results a plain core subscriber gets (more than the stream holds: a repeated publish).
//  - acknowledgements: for a consumer that publishes nothing for a message (interactions, a review
//    at fraud detection), the durable's ack floor, polled every 10 ms from its consumer info, passing
//    the message's stream sequence; publish → ack floor past it (an upper bound: the floor moves only
//    once every earlier message is acked too, and the poll adds up to 10 ms and its round trip).
//  - queries: request → reply, through an inbox of the bench's own, so a second reply to one
//    request is counted, not dropped.
import type { JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import { createInbox, headers as natsHeaders, type Msg, type NatsConnection } from '@nats-io/transport-node';
import { consumerName, Events, prefixStream, Streams, type EventDefinition } from '@shopmind/contracts';
import { percentile, round } from './bench-kit.js';
import type { ServiceName } from './platform-services.js';

export interface PathFigures {
  /** Completed (result seen, acked, answered). */
  n: number;
  /** Of them within the load window. */
  in_window: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  /** Expected and never completed by the end of the drain. */
  missing: number;
  /** Error replies (queries). */
  errors?: number;
}

/** One path of one service, e.g. review-sentiment `review.submitted → review.analysed`. */
export class Path {
  readonly latencies: number[] = [];
  inWindow = 0;
  waiting = 0;
  errors = 0;

  constructor(
    readonly service: ServiceName,
    readonly label: string,
  ) {}

  complete(t0: number, windowEnd: number): void {
    const now = performance.now();
    this.latencies.push(now - t0);
    if (now <= windowEnd) this.inWindow++;
    this.waiting--;
  }

  /** An error reply: counted, not timed. */
  fail(): void {
    this.errors++;
    this.waiting--;
  }

  figures(): PathFigures {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return {
      n: sorted.length,
      in_window: this.inWindow,
      p50_ms: round(percentile(sorted, 50), 1),
      p99_ms: round(percentile(sorted, 99), 1),
      max_ms: round(sorted.at(-1) ?? NaN, 1),
      missing: this.waiting,
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}

interface Waiter {
  path: Path;
  t0: number;
}

/** One durable consumer whose ack floor is polled while something waits on it. */
class AckFloorWatch {
  /** Waiting messages by stream sequence, ascending. */
  private readonly queue: (Waiter & { seq: number })[] = [];
  private polling = false;
  polls = 0;

  constructor(
    readonly stream: string,
    readonly durable: string,
    private readonly jsm: JetStreamManager,
    private readonly tracker: LoadTracker,
  ) {}

  add(seq: number, w: Waiter): void {
    // Acks of concurrent publishes come back nearly in order: insert from the end.
    let i = this.queue.length;
    while (i > 0 && this.queue[i - 1]!.seq > seq) i--;
    this.queue.splice(i, 0, { seq, ...w });
    if (!this.polling) void this.poll();
  }

  get size(): number {
    return this.queue.length;
  }

  private async poll(): Promise<void> {
    this.polling = true;
    try {
      while (this.queue.length && !this.tracker.stopped) {
        const info = await this.jsm.consumers.info(this.stream, this.durable).catch(() => undefined);
        this.polls++;
        const floor = info?.ack_floor.stream_seq ?? 0;
        let done = 0;
        while (done < this.queue.length && this.queue[done]!.seq <= floor) {
          const w = this.queue[done++]!;
          w.path.complete(w.t0, this.tracker.windowEnd);
        }
        if (done) this.queue.splice(0, done);
        await new Promise((r) => setTimeout(r, 10));
      }
    } finally {
      this.polling = false;
    }
  }
}

/** A result kind a service's path waits for, with the service's consumers of that result. */
const RESULT_PATHS = {
  'review.analysed': ['review-sentiment', 'review.submitted → review.analysed'],
  'copy.generated': ['product-copy', 'product_upserted → copy.generated'],
  'graph.updated': ['knowledge-graph', 'product_upserted → graph.updated'],
  'fraud.order_scored': ['fraud-detection', 'order.placed → order_scored'],
} as const satisfies Record<string, [ServiceName, string]>;
type ResultKind = keyof typeof RESULT_PATHS;

export class LoadTracker {
  readonly paths = new Map<string, Path>();
  /** Result ids (`Nats-Msg-Id`) in AI_RESULTS and how often each was stored. */
  readonly resultCounts = new Map<string, number>();
  coreResults = 0;
  streamResults = 0;
  /** Replies per query slot. */
  readonly replies = new Map<number, number>();
  windowEnd = Infinity;
  stopped = false;
  /** Off while the seed's results are read: only the load's messages are timed. */
  timing = false;
  private readonly resultWaiters = new Map<string, Waiter>();
  private readonly queryWaiters = new Map<number, Waiter>();
  private readonly watches = new Map<string, AckFloorWatch>();
  private readonly inbox = createInbox();
  private readonly closers: (() => Promise<void> | void)[] = [];

  constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly prefix: string,
  ) {}

  path(service: ServiceName, label: string): Path {
    const key = `${service}|${label}`;
    let p = this.paths.get(key);
    if (!p) this.paths.set(key, (p = new Path(service, label)));
    return p;
  }

  /** Starts reading results (from the stream's start) and counting them on a core subscription. */
  async start(): Promise<void> {
    const filter = `${this.prefix}.ai.>`;
    const core = this.nc.subscribe(filter, {
      callback: () => {
        this.coreResults++;
      },
    });
    this.closers.push(() => core.unsubscribe());
    const replies = this.nc.subscribe(`${this.inbox}.*`, { callback: (_e, m) => this.reply(m) });
    this.closers.push(() => replies.unsubscribe());
    const consumer = await this.js.consumers.get(prefixStream(this.prefix, Streams.aiResults.name), {
      filter_subjects: filter,
    });
    const messages = await consumer.consume();
    this.closers.push(() => messages.close().then(() => undefined));
    void (async () => {
      for await (const m of messages) this.result(m);
    })();
    await this.nc.flush();
  }

  /** An event was sent at `t0` (its PubAck not yet back): the results its consumers will publish. */
  sent(kind: 'interaction' | 'review' | 'upsert' | 'order', eventId: string, t0: number): void {
    const expect = (result: ResultKind) => {
      const [service, label] = RESULT_PATHS[result];
      const path = this.path(service, label);
      path.waiting++;
      this.resultWaiters.set(`${eventId}:${result}`, { path, t0 });
    };
    if (kind === 'review') expect('review.analysed');
    if (kind === 'upsert') {
      expect('copy.generated');
      expect('graph.updated');
    }
    if (kind === 'order') expect('fraud.order_scored');
  }

  /** The event's PubAck came back: the consumers that only acknowledge it. */
  stored(kind: 'interaction' | 'review' | 'upsert' | 'order', seq: number, t0: number): void {
    const acks: [ServiceName, EventDefinition][] = {
      interaction: [['recommendation', Events.userInteracted]] as [ServiceName, EventDefinition][],
      review: [['fraud-detection', Events.reviewSubmitted]] as [ServiceName, EventDefinition][],
      upsert: [
        ['recommendation', Events.productUpserted],
        ['customer-service', Events.productUpserted],
      ] as [ServiceName, EventDefinition][],
      order: [
        ['recommendation', Events.orderPlaced],
        ['customer-service', Events.orderPlaced],
      ] as [ServiceName, EventDefinition][],
    }[kind];
    for (const [service, def] of acks) this.expectAck(service, def, seq, t0);
  }

  /** Sends query `slot` (request id known to the caller) and waits for its reply on the bench's inbox. */
  ask(service: ServiceName, label: string, subject: string, data: Uint8Array, slot: number): void {
    const path = this.path(service, label);
    path.waiting++;
    const h = natsHeaders();
    h.set('content-type', 'application/json');
    this.queryWaiters.set(slot, { path, t0: performance.now() });
    this.nc.publish(subject, data, { reply: `${this.inbox}.${slot}`, headers: h });
  }

  /** What still waits: results, acks, replies. */
  get outstanding(): number {
    let acks = 0;
    for (const w of this.watches.values()) acks += w.size;
    return this.resultWaiters.size + this.queryWaiters.size + acks;
  }

  /** Results still awaited (`<cause>:<kind>`), at most `n`. */
  missingResults(n: number): string[] {
    return [...this.resultWaiters.keys()].slice(0, n);
  }

  /** Consumer info requests made so far (the polling's own load on NATS). */
  get polls(): number {
    let n = 0;
    for (const w of this.watches.values()) n += w.polls;
    return n;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const close of this.closers) await close();
  }

  private expectAck(service: ServiceName, def: EventDefinition, seq: number, t0: number): void {
    const durable = consumerName(service, def);
    const label = `${def.key} (ack)`;
    let watch = this.watches.get(durable);
    if (!watch) {
      watch = new AckFloorWatch(prefixStream(this.prefix, def.stream), durable, this.jsm, this);
      this.watches.set(durable, watch);
    }
    const path = this.path(service, label);
    path.waiting++;
    watch.add(seq, { path, t0 });
  }

  private result(m: JsMsg): void {
    this.streamResults++;
    const id = m.headers?.get('Nats-Msg-Id') ?? '';
    this.resultCounts.set(id, (this.resultCounts.get(id) ?? 0) + 1);
    const [cause, kind] = id.split(':');
    const key = `${cause}:${kind}`;
    const waiter = this.resultWaiters.get(key);
    if (waiter) {
      this.resultWaiters.delete(key);
      waiter.path.complete(waiter.t0, this.windowEnd);
    }
    // Results other services consume: from the moment the result is in the stream.
    if (!this.timing) return;
    const now = performance.now();
    if (kind === 'review.analysed') {
      this.expectAck('fraud-detection', Events.reviewAnalysed, m.info.streamSequence, now);
      this.expectAck('knowledge-graph', Events.reviewAnalysed, m.info.streamSequence, now);
    }
    if (kind === 'graph.updated')
      this.expectAck('recommendation', Events.graphUpdated, m.info.streamSequence, now);
  }

  private reply(m: Msg): void {
    const slot = Number(m.subject.slice(this.inbox.length + 1));
    this.replies.set(slot, (this.replies.get(slot) ?? 0) + 1);
    const waiter = this.queryWaiters.get(slot);
    if (!waiter) return;
    this.queryWaiters.delete(slot);
    if (!m.headers?.get('Shopmind-Error')) return waiter.path.complete(waiter.t0, this.windowEnd);
    if (waiter.path.errors === 0)
      console.error(`bench: ${waiter.path.service} ${waiter.path.label} error reply: ${m.string()}`);
    waiter.path.fail();
  }
}
