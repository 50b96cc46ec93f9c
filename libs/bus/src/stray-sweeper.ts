// Finds what an inbound stream stores but no service consumer is ever handed, dead-letters it to
// dlq.bus.unroutable and deletes it from the stream, so that nothing is kept silently until max age.
import type { ConsumerMessages, JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import { Events, Streams, isConcreteSubject, type EventDefinition } from '@shopmind/contracts';
import type { Logger } from '@shopmind/telemetry';
import { busMetrics } from './bus-metrics.js';
import type { ResolvedBusOptions } from './bus-options.js';
import type { BusPublisher } from './bus-publisher.js';
import { buildDeadLetter } from './dead-letter.js';
import { MessagingAttributes } from './messaging-attributes.js';
import { logicalSubject, prefixStream, prefixSubject } from './naming.js';
import { reasonOf, retryDelay } from './redelivery-policy.js';
import { provisionSweeperConsumer } from './topology.js';
import { endPullWhenGone } from './pull-watch.js';

/** One durable per stream for the whole platform: every replica of every service shares it. */
export const SWEEPER_DURABLE = 'shopmind__strays';
/** Strays are dead-lettered under this name, whichever service swept them: `dlq.bus.unroutable`. */
export const SWEEPER_DEAD_LETTER_SERVICE = 'bus';
/** Messages pulled at once (headers only, so a batch is small); also the ack window per replica. */
export const SWEEPER_BATCH = 256;
const SWEEPER_ACK_WAIT_MS = 30_000;
const SWEEPER_MAX_ACK_PENDING = 4 * SWEEPER_BATCH;
const REASON = 'unroutable_subject: stored under a stream wildcard, but no consumer filter is handed it';

/**
 * Whether nats-server hands a stored `subject` to a consumer filtered on `filter`. Not the
 * publish-side match: a literal `*` token is handed to a filter's `*`, a literal `>` token only to
 * a filter's `>` (so `shop.>.review.submitted` reaches no `shop.*.review.submitted` consumer).
 */
export function filterHandsOver(filter: string, subject: string): boolean {
  const f = filter.split('.');
  const s = subject.split('.');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '>') return s.length > i;
    if (i >= s.length || s[i] === '>') return false;
    if (f[i] !== '*' && f[i] !== s[i]) return false;
  }
  return f.length === s.length;
}

export interface SweptStream {
  /** The stream's name in this namespace. */
  stream: string;
  /** Covers the whole stream: `<prefix>.>` (or `>`). */
  filterSubject: string;
  /** The filters of the service consumers reading it (prefixed): what they are handed is theirs. */
  consumerFilters: string[];
}

/** The inbound streams (written by systems outside ShopMind) and the consumer filters reading them. */
export function sweptStreams(prefix: string): SweptStream[] {
  const inbound = Object.values(Events).filter((e: EventDefinition) => e.direction === 'inbound');
  return [
    {
      stream: prefixStream(prefix, Streams.shopEvents.name),
      filterSubject: prefixSubject(prefix, '>'),
      consumerFilters: inbound.map((e) => prefixSubject(prefix, e.filter)),
    },
  ];
}

/**
 * Reads one stream through the shared durable, headers only; acks every message whose subject is
 * concrete or handed to a service consumer (that consumer settles it), and for any other fetches
 * the message, stores its dead letter, deletes it, then acks. A failure naks with the retry delay.
 */
export class StraySweeper {
  private messages?: ConsumerMessages;
  private loop?: Promise<void>;
  private stopping = false;
  /** Handed to a service consumer, to be acked together at the end of this turn of the event loop. */
  private handed: JsMsg[] = [];
  private readonly ackHanded = () => {
    const handed = this.handed;
    this.handed = [];
    // One synchronous run of acks leaves in one socket write (one write per ack cost about a
    // tenth of the CPU per event when every event passes through here).
    for (const m of handed) m.ack();
  };

  constructor(
    private readonly spec: SweptStream,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly options: ResolvedBusOptions,
    private readonly deadLetters: BusPublisher,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    await this.provision();
    this.messages = await this.consume();
    this.loop = this.run(this.messages);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.messages?.close();
    await this.loop;
    this.ackHanded();
  }

  private provision(): Promise<void> {
    return provisionSweeperConsumer(
      this.jsm,
      {
        stream: this.spec.stream,
        durable: SWEEPER_DURABLE,
        filterSubject: this.spec.filterSubject,
        ackWaitMs: SWEEPER_ACK_WAIT_MS,
        maxAckPending: SWEEPER_MAX_ACK_PENDING,
      },
      this.options,
    );
  }

  private async consume(): Promise<ConsumerMessages> {
    const consumer = await this.js.consumers.get(this.spec.stream, SWEEPER_DURABLE);
    const messages = await consumer.consume({ max_messages: SWEEPER_BATCH });
    void endPullWhenGone(messages, () => this.stopping);
    return messages;
  }

  private async run(first: ConsumerMessages): Promise<void> {
    let messages: ConsumerMessages | undefined = first;
    for (;;) {
      try {
        for await (const m of messages ?? []) {
          if (this.stopping) {
            // Let another replica have it now rather than after ack_wait.
            m.nak();
            continue;
          }
          if (this.handedToAConsumer(m.subject)) {
            if (this.handed.push(m) === 1) setImmediate(this.ackHanded);
          } else await this.sweep(m);
        }
      } catch (err) {
        this.log.error({ err, consumer: SWEEPER_DURABLE }, 'stray sweeper loop failed');
      }
      if (this.stopping) return;
      await new Promise((resolve) => setTimeout(resolve, 1000));
      if (this.stopping) return;
      try {
        // The stream itself is never created here: an admin re-provisions it (`shopmind provision`).
        await this.provision();
        messages = await this.consume();
        this.messages = messages;
      } catch (err) {
        this.log.warn({ err: reasonOf(err), consumer: SWEEPER_DURABLE }, 'stray sweeper cannot resume yet');
        messages = undefined;
      }
    }
  }

  private handedToAConsumer(subject: string): boolean {
    return isConcreteSubject(subject) || this.spec.consumerFilters.some((f) => filterHandsOver(f, subject));
  }

  private async sweep(m: JsMsg): Promise<void> {
    const { stream, streamSequence, deliveryCount } = m.info;
    const subject = logicalSubject(this.options.subjectPrefix, m.subject);
    try {
      // Delivered headers only: the payload is read once, for the dead letter.
      const stored = await this.jsm.streams.getMessage(stream, { seq: streamSequence });
      if (stored) {
        const letter = buildDeadLetter({
          service: SWEEPER_DEAD_LETTER_SERVICE,
          consumer: SWEEPER_DURABLE,
          logicalSubject: subject,
          msg: { headers: stored.header, data: stored.data, info: { stream, streamSequence, deliveryCount } },
          reason: REASON,
        });
        // Stored once even if a crash before the ack makes us sweep it again (same Nats-Msg-Id).
        await this.deadLetters.publishRaw(letter.subject, letter.data, letter.headers, letter.msgId);
        // Already gone (a second sweep, max age) is as good as deleted.
        await this.jsm.streams.deleteMessage(stream, streamSequence, false).catch(async (err: unknown) => {
          if (await this.jsm.streams.getMessage(stream, { seq: streamSequence })) throw err;
        });
        busMetrics.deadLetters.add(1, {
          [MessagingAttributes.consumerGroupName]: SWEEPER_DURABLE,
          reason: 'unroutable',
        });
        this.log.error(
          { consumer: SWEEPER_DURABLE, stream, streamSeq: streamSequence, subject, dlq: letter.subject },
          'stray dead-lettered and deleted',
        );
      }
      m.ack();
    } catch (err) {
      const delayMs = retryDelay(deliveryCount, this.options);
      m.nak(delayMs);
      this.log.error(
        { err: reasonOf(err), consumer: SWEEPER_DURABLE, subject, streamSeq: streamSequence, delayMs },
        'stray could not be dead-lettered; trying again later',
      );
    }
  }
}
