// Runs one durable pull consumer: reads a bounded window ahead, starts handlers with bounded
// concurrency — taking the tenants' waiting messages in turn — then acks, naks with a delay, or
// dead-letters each message.
import type { Consumer, ConsumerMessages, JetStreamClient, JsMsg } from '@nats-io/jetstream';
import type { MessageHandler } from '@nestjs/microservices';
import { SpanKind, SpanStatusCode, context, trace, type Link, type Span } from '@opentelemetry/api';
import { isObservable, lastValueFrom } from 'rxjs';
import {
  assertTenantMatches,
  decodeMessage,
  envelopeOf,
  tenantOfSubject,
  type EventDefinition,
} from '@shopmind/contracts';
import { extractTraceContext, tracer, type Logger } from '@shopmind/telemetry';
import { busMetrics, type BusMetrics } from './bus-metrics.js';
import type { ResolvedBusOptions } from './bus-options.js';
import type { BusPublisher } from './bus-publisher.js';
import { endPullWhenGone } from './pull-watch.js';
import { buildDeadLetter, type DeadLetter } from './dead-letter.js';
import { HandlerTimeoutError } from '@shopmind/errors';
import { handlerError } from './handler-decorators.js';
import { JetStreamEventContext } from './message-context.js';
import { MESSAGING_SYSTEM_NATS, MessagingAttributes, MessagingOperation } from './messaging-attributes.js';
import { HEADER, headersToRecord, shopHeader } from './nats-headers.js';
import { logicalSubject } from './naming.js';
import { TenantQueue } from './tenant-queue.js';
import {
  DelayedRedeliveryBudget,
  dispose,
  pastDeliveryLimit,
  reasonOf,
  retryDelay,
  type DeadLetterDisposition,
} from './redelivery-policy.js';

export interface EventConsumerSpec {
  definition: EventDefinition;
  stream: string;
  durable: string;
  handler: MessageHandler;
}

type Outcome = 'acked' | 'retried' | 'deferred' | 'dead_lettered';

/** The attribute every metric of a consumer carries. */
type ConsumerGroupAttributes = Record<typeof MessagingAttributes.consumerGroupName, string>;

/** A message whose handler is running: when it started, and how to give up on it. */
interface Running {
  at: number;
  abandon?: () => void;
}

/** A message pulled and not yet started. */
interface Waiting {
  readonly m: JsMsg;
  /** The subject without the namespace prefix. */
  readonly subject: string;
  /** Its fairness lane: the subject's tenant token (the same lane for all when fairness is off). */
  readonly tenant: string;
  /** When it arrived, so that a long wait is kept from being redelivered. */
  readonly at: number;
}

/** The second token of `shop.<tenant>.…` without validating it (the handler path refuses a bad one). */
function tenantToken(subject: string): string {
  const start = subject.indexOf('.') + 1;
  if (start === 0) return '';
  const end = subject.indexOf('.', start);
  return end < 0 ? subject.slice(start) : subject.slice(start, end);
}

export class EventConsumer {
  private messages?: ConsumerMessages;
  private loop?: Promise<void>;
  private stopping = false;
  private inFlight = 0;
  /** True while a pull is open on the server's consumer (false between a lost pull and its resumption). */
  private pulling = false;
  private readonly started = new Map<JsMsg, Running>();
  /** Pulled, not started: the read-ahead window less the running handlers. */
  private readonly waiting: TenantQueue<Waiting>;
  /** Resolves the reader's wait for room in the read-ahead window. */
  private roomFreed?: () => void;
  private dispatchQueued = false;
  private readonly dispatchNow = () => this.dispatch();
  private drained?: () => void;
  private heartbeat?: NodeJS.Timeout;
  private lagTimer?: NodeJS.Timeout;
  private readonly budget: DelayedRedeliveryBudget;
  private readonly baseAttributes: Record<string, string>;
  private readonly group: ConsumerGroupAttributes;
  private readonly outcomeAttributes: Record<Outcome, ConsumerGroupAttributes & { outcome: Outcome }>;
  private metrics?: Pick<BusMetrics, 'handled' | 'handlerDuration' | 'redeliveries' | 'deadLetters'>;

  constructor(
    private readonly spec: EventConsumerSpec,
    private readonly js: JetStreamClient,
    private readonly options: ResolvedBusOptions,
    private readonly deadLetters: BusPublisher,
    private readonly log: Logger,
    /** Creates the durable consumer if it is missing (it may have been deleted under us). */
    private readonly provision: () => Promise<void> = async () => undefined,
  ) {
    this.budget = new DelayedRedeliveryBudget(options.maxDelayedPerConsumer);
    this.waiting = new TenantQueue<Waiting>(options.fairness ? options.tenantConcurrency : Infinity);
    this.baseAttributes = {
      [MessagingAttributes.system]: MESSAGING_SYSTEM_NATS,
      [MessagingAttributes.operationType]: MessagingOperation.process,
      [MessagingAttributes.operationName]: MessagingOperation.process,
      [MessagingAttributes.consumerGroupName]: spec.durable,
    };
    // Attribute objects made once, not per message.
    this.group = { [MessagingAttributes.consumerGroupName]: spec.durable };
    const outcome = (o: Outcome) => ({ ...this.group, outcome: o });
    this.outcomeAttributes = {
      acked: outcome('acked'),
      retried: outcome('retried'),
      deferred: outcome('deferred'),
      dead_lettered: outcome('dead_lettered'),
    };
  }

  get durable(): string {
    return this.spec.durable;
  }

  /** Whether this consumer is bound: pulling from its durable consumer on the server. */
  get bound(): boolean {
    return this.pulling;
  }

  async start(): Promise<void> {
    // Instruments resolved once at start (the telemetry bootstrap has registered its provider by now).
    this.metrics = {
      handled: busMetrics.handled,
      handlerDuration: busMetrics.handlerDuration,
      redeliveries: busMetrics.redeliveries,
      deadLetters: busMetrics.deadLetters,
    };
    const consumer = await this.js.consumers.get(this.spec.stream, this.spec.durable);
    this.messages = await this.consume(consumer);
    // One timer per consumer keeps long handlers alive, and abandons those past the handler time
    // limit, instead of timers per message.
    const workingAfter = Math.max(50, Math.floor(this.options.ackWaitMs / 3));
    const tick = Math.max(50, Math.floor(Math.min(workingAfter, this.options.handlerTimeoutMs / 4)));
    this.heartbeat = setInterval(() => this.keepAlive(workingAfter), tick);
    this.heartbeat.unref();
    this.loop = this.run(this.messages);
    // Consumer lag (messages not yet delivered) for dashboards and autoscaling on lag.
    this.lagTimer = setInterval(() => {
      consumer
        .info(true)
        .then((info) => busMetrics.consumerLag.record(info.num_pending, this.group))
        .catch(() => undefined);
    }, this.options.lagIntervalMs);
    this.lagTimer.unref();
  }

  /** Stops pulling, hands back what was pulled but not started, and waits for running handlers. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.lagTimer);
    // Pulled but never started: let another replica have them now rather than after ack_wait.
    for (const w of this.waiting.drain()) w.m.nak();
    this.wakeReader();
    await this.messages?.close();
    await this.loop;
    if (this.inFlight > 0) await new Promise<void>((resolve) => (this.drained = resolve));
    clearInterval(this.heartbeat);
    clearInterval(this.lagTimer);
    this.budget.clear();
  }

  private async consume(consumer: Consumer): Promise<ConsumerMessages> {
    // Pull a little more than we run at once so the next batch is on its way while handlers run;
    // the iterator only asks for more once we take messages out of it, and we stop taking them
    // while the read-ahead window is full (that is our backpressure).
    const batch = Math.max(1, Math.min(this.options.concurrency * 2, this.options.readAhead));
    const messages = await consumer.consume({ max_messages: batch });
    this.pulling = true;
    void endPullWhenGone(
      messages,
      () => this.stopping,
      (notification) => this.log.warn({ consumer: this.spec.durable, notification }, 'consumer gone'),
    );
    return messages;
  }

  private async run(first: ConsumerMessages): Promise<void> {
    let messages: ConsumerMessages | undefined = first;
    for (;;) {
      try {
        for await (const m of messages ?? []) {
          if (this.stopping) {
            // Pulled but never started: let another replica have it now rather than after ack_wait.
            m.nak();
            continue;
          }
          const subject = logicalSubject(this.options.subjectPrefix, m.subject);
          const tenant = this.options.fairness ? tenantToken(subject) : '';
          this.waiting.push({ m, subject, tenant, at: Date.now() });
          this.queueDispatch();
          if (this.waiting.size + this.inFlight >= this.options.readAhead)
            await new Promise<void>((resolve) => (this.roomFreed = resolve));
        }
      } catch (err) {
        this.log.error({ err, consumer: this.spec.durable }, 'consumer loop failed');
      }
      this.pulling = false;
      if (this.stopping) return;
      // The pull ended without us asking (consumer deleted, connection closed under us): resume
      // pulling rather than leave the service up but deaf.
      this.log.warn({ consumer: this.spec.durable }, 'consumer stopped unexpectedly; resuming in 1 s');
      await new Promise((resolve) => setTimeout(resolve, 1000));
      if (this.stopping) return;
      try {
        await this.provision();
        messages = await this.consume(await this.js.consumers.get(this.spec.stream, this.spec.durable));
        this.messages = messages;
      } catch (err) {
        this.log.error({ err, consumer: this.spec.durable }, 'cannot resume consuming');
        messages = undefined;
      }
    }
  }

  /**
   * Starts waiting messages at the end of the current turn of the event loop rather than one by
   * one: everything that arrived (or finished) in this turn is seen together, so the tenants'
   * turns cover all of it, and the handlers' first publishes leave in one socket write.
   */
  private queueDispatch(): void {
    if (this.dispatchQueued) return;
    this.dispatchQueued = true;
    setImmediate(this.dispatchNow);
  }

  private dispatch(): void {
    this.dispatchQueued = false;
    while (this.inFlight < this.options.concurrency && !this.stopping) {
      const next = this.waiting.take();
      if (!next) return;
      this.startHandler(next);
    }
  }

  private startHandler(w: Waiting): void {
    this.inFlight++;
    this.started.set(w.m, { at: Date.now() });
    this.process(w.m, w.subject).then(
      () => this.release(w),
      // Only settling can fail here (e.g. the connection closed under an ack); the message then
      // comes back after ack_wait. Never let it become an unhandled rejection.
      (err: unknown) => {
        this.log.error({ err, consumer: this.spec.durable }, 'could not settle message');
        this.release(w);
      },
    );
  }

  private release(w: Waiting): void {
    this.started.delete(w.m);
    this.inFlight--;
    this.waiting.done(w.tenant);
    if (this.waiting.size > 0) this.queueDispatch();
    if (this.waiting.size + this.inFlight < this.options.readAhead) this.wakeReader();
    if (this.inFlight === 0) this.drained?.();
  }

  private wakeReader(): void {
    const wake = this.roomFreed;
    this.roomFreed = undefined;
    wake?.();
  }

  private keepAlive(olderThanMs: number): void {
    const now = Date.now();
    const limit = now - olderThanMs;
    const overdue = now - this.options.handlerTimeoutMs;
    for (const [m, running] of this.started) {
      if (running.at <= overdue && running.abandon) {
        // No more working() for it: from here on the message is settled as a failure.
        this.started.delete(m);
        running.abandon();
      } else if (running.at < limit) m.working();
    }
    // Waiting in the read-ahead window behind other tenants or a full house is no reason for the
    // server to hand the message to another replica.
    this.waiting.forEachWaiting((w) => {
      if (w.at < limit) w.m.working();
    });
  }

  /**
   * Runs the handler until it settles or is abandoned at the time limit (then rejects with
   * HandlerTimeoutError). An abandoned handler keeps running, but what it does later never
   * settles the message again: only this promise decides ack, nak or dead letter.
   */
  private runHandler(m: JsMsg, msg: unknown, ctx: JetStreamEventContext, subject: string): Promise<void> {
    const done = this.callHandler(msg, ctx);
    const running = this.started.get(m);
    if (!running) return done;
    return new Promise<void>((resolve, reject) => {
      running.abandon = () => {
        const at = {
          consumer: this.spec.durable,
          subject,
          eventId: ctx.eventId,
          deliveryCount: ctx.deliveryCount,
        };
        this.log.error(
          { ...at, timeoutMs: this.options.handlerTimeoutMs },
          'handler timed out; abandoned, counted as a transient failure',
        );
        done.then(
          () => this.log.warn(at, 'abandoned handler finished late; its message was already settled'),
          (err: unknown) =>
            this.log.warn({ ...at, err: reasonOf(handlerError(err)) }, 'abandoned handler failed late'),
        );
        reject(new HandlerTimeoutError(this.options.handlerTimeoutMs));
      };
      done.then(
        () => {
          running.abandon = undefined;
          resolve();
        },
        (err: unknown) => {
          running.abandon = undefined;
          reject(err);
        },
      );
    });
  }

  private async callHandler(msg: unknown, ctx: JetStreamEventContext): Promise<void> {
    const result: unknown = await this.spec.handler(msg, ctx);
    if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
  }

  private async process(m: JsMsg, subject: string): Promise<void> {
    const parent = extractTraceContext(m.headers);
    const producer = trace.getSpanContext(parent);
    const links: Link[] = producer ? [{ context: producer }] : [];
    const span = tracer.startSpan(
      `process ${subject}`,
      {
        kind: SpanKind.CONSUMER,
        links,
        attributes: { ...this.baseAttributes, [MessagingAttributes.destinationName]: subject },
      },
      parent,
    );
    const t0 = performance.now();
    const outcome = await context.with(trace.setSpan(parent, span), () => this.handle(m, subject, span));
    const attrs = this.outcomeAttributes[outcome];
    const metrics = this.metrics ?? busMetrics;
    metrics.handled.add(1, attrs);
    metrics.handlerDuration.record((performance.now() - t0) / 1000, attrs);
    if (m.info.deliveryCount > 1) metrics.redeliveries.add(1, this.group);
    span.setAttribute('shopmind.outcome', outcome);
    span.end();
  }

  private async handle(m: JsMsg, subject: string, span: Span): Promise<Outcome> {
    const { deliveryCount, streamSequence } = m.info;
    span.setAttribute(MessagingAttributes.deliveryCount, deliveryCount);
    const exhausted = pastDeliveryLimit(deliveryCount, this.options);
    if (exhausted) return this.deadLetter(m, subject, span, exhausted);
    try {
      const contentType = shopHeader(m.headers, HEADER.contentType);
      const msg = decodeMessage(this.spec.definition.schema, m.data, contentType);
      assertTenantMatches(msg, subject);
      const envelope = envelopeOf(msg);
      const eventId = envelope?.eventId ?? '';
      if (eventId) span.setAttribute(MessagingAttributes.messageId, eventId);
      const ctx = new JetStreamEventContext(
        subject,
        envelope?.tenantId || tenantOfSubject(subject),
        eventId,
        envelope?.correlationId ?? '',
        deliveryCount,
        this.options.maxDeliver,
        streamSequence,
        this.spec.durable,
        this.budget.hasRoom() && this.options.maxDeliver - deliveryCount >= this.options.deferReserve,
        () => headersToRecord(m.headers),
        // Ignored once the message is settled or its handler abandoned.
        () => {
          if (this.started.has(m)) m.working();
        },
      );
      await this.runHandler(m, msg, ctx, subject);
      m.ack();
      return 'acked';
    } catch (thrown) {
      return this.fail(m, subject, span, handlerError(thrown));
    }
  }

  private async fail(m: JsMsg, subject: string, span: Span, error: unknown): Promise<Outcome> {
    const { deliveryCount } = m.info;
    const disposition = dispose(error, deliveryCount, this.options);
    if (error instanceof Error) span.recordException(error);
    if (disposition.action === 'retry') {
      span.setStatus({ code: SpanStatusCode.ERROR, message: disposition.reason });
      m.nak(disposition.delayMs);
      this.budget.hold(disposition.delayMs);
      this.log.warn(
        {
          consumer: this.spec.durable,
          subject,
          deliveryCount,
          delayMs: disposition.delayMs,
          reason: disposition.reason,
        },
        disposition.deferred ? 'deferred' : 'handler failed; redelivering later',
      );
      return disposition.deferred ? 'deferred' : 'retried';
    }
    return this.deadLetter(m, subject, span, disposition);
  }

  private async deadLetter(
    m: JsMsg,
    subject: string,
    span: Span,
    disposition: DeadLetterDisposition,
  ): Promise<Outcome> {
    const { deliveryCount } = m.info;
    span.setStatus({ code: SpanStatusCode.ERROR, message: disposition.reason });
    try {
      const letter = buildDeadLetter({
        service: this.options.service,
        consumer: this.spec.durable,
        logicalSubject: subject,
        msg: m,
        reason: disposition.reason,
      });
      await this.publishDeadLetter(m, letter);
      // nats-server 2.9 ignores a term() reason and then redelivers: terminate plainly.
      m.term();
      (this.metrics ?? busMetrics).deadLetters.add(1, { ...this.group, reason: disposition.kind });
      this.log.error(
        {
          consumer: this.spec.durable,
          subject,
          deliveryCount,
          reason: disposition.reason,
          dlq: letter.subject,
        },
        'dead-lettered',
      );
      return 'dead_lettered';
    } catch (err) {
      // Not acknowledged, not terminated: the server's consumer has no delivery limit, so the
      // message comes back after the delay and, past `maxDeliver`, is dead-lettered again without
      // running the handler — until the dead letter is stored (or the stream's max age expires it).
      const delayMs = retryDelay(deliveryCount, this.options);
      m.nak(delayMs);
      this.budget.hold(delayMs);
      this.log.error(
        {
          err: reasonOf(err),
          consumer: this.spec.durable,
          subject,
          deliveryCount,
          streamSeq: m.info.streamSequence,
          delayMs,
          reason: disposition.reason,
        },
        'dead letter publish failed; redelivering later to try again',
      );
      return 'retried';
    }
  }

  /** A few quick attempts bridge a brief outage without waiting for a redelivery. */
  private async publishDeadLetter(m: JsMsg, letter: DeadLetter): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.deadLetters.publishRaw(letter.subject, letter.data, letter.headers, letter.msgId);
        return;
      } catch (err) {
        if (attempt >= 4) throw err;
        m.working();
        await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
      }
    }
  }
}
