// NestJS custom transport: binds @OnEvent handlers to durable JetStream pull consumers and
// @OnQuery handlers to core NATS request/reply. On listen it verifies the streams it reads (it never
// creates them: `shopmind provision` does), then creates its own durable consumers; until the
// streams are right it keeps checking and tells readiness why it is not ready.
import type { NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { consumerName } from '@shopmind/contracts';
import { createLogger, type Logger } from '@shopmind/telemetry';
import { resolveBusOptions, type BusOptions, type ResolvedBusOptions } from './bus-options.js';
import { BusPublisher } from './bus-publisher.js';
import { EventConsumer } from './event-consumer.js';
import { busExtrasOf } from './handler-decorators.js';
import { prefixStream, prefixSubject } from './naming.js';
import { acquireConnection, releaseConnection } from './nats-connections.js';
import { QueryResponder } from './query-responder.js';
import { StraySweeper, sweptStreams } from './stray-sweeper.js';
import {
  provisionConsumer,
  StreamsNotProvisionedError,
  streamProblemReason,
  verifyStreams,
  type ConsumerSpec,
  type StreamRead,
} from './topology.js';

/** Transports listening in this process (see closeRunningTransports). */
const running = new Set<JetStreamTransport>();

/** Closes every listening transport in this process: stop pulling, finish in-flight handlers. */
export async function closeRunningTransports(): Promise<void> {
  await Promise.all([...running].map((t) => t.close()));
}

export type JetStreamTransportStatus = 'connected' | 'disconnected' | 'reconnecting' | 'closed';

type JetStreamTransportEvents = {
  status: (status: JetStreamTransportStatus) => void;
  error: (error: unknown) => void;
};

export class JetStreamTransport
  extends Server<JetStreamTransportEvents, JetStreamTransportStatus>
  implements CustomTransportStrategy
{
  // Handler errors must reach us (to nak or dead-letter), not be logged and dropped by Nest.
  override readonly propagatesEventHandlerErrors = true;
  private readonly options: ResolvedBusOptions;
  private readonly log: Logger;
  private nc?: NatsConnection;
  private closing?: Promise<void>;
  private current: JetStreamTransportStatus = 'closed';
  private consumers: EventConsumer[] = [];
  private responders: QueryResponder[] = [];
  /** Not among `consumers`: readiness and consumer counts are the service's own consumers. */
  private sweepers: StraySweeper[] = [];
  /** Consumers (and their specs) whose durable is created and which pull; filled once verified. */
  private readonly bound = new Set<EventConsumer>();
  private readonly specs = new Map<EventConsumer, ConsumerSpec>();
  private sweepersStarted = false;
  /** Why the streams are not usable: at start-up (`start`) or per consumer that lost its stream. */
  private readonly streamProblems = new Map<string, string>();
  private verifyTimer?: NodeJS.Timeout;
  private readonly listeners: { [K in keyof JetStreamTransportEvents]: JetStreamTransportEvents[K][] } = {
    status: [],
    error: [],
  };

  constructor(options: BusOptions) {
    super();
    this.options = resolveBusOptions(options);
    this.log = createLogger('bus');
  }

  /** Connection status as last reported (`closed` before listen and after close). */
  get connectionStatus(): JetStreamTransportStatus {
    return this.current;
  }

  /** Durable consumers that are not pulling right now (lost and not yet resumed). */
  get unboundConsumers(): string[] {
    return this.consumers.filter((c) => !c.bound).map((c) => c.durable);
  }

  /**
   * Why the streams this transport reads are not usable (missing, or lacking a subject it consumes),
   * naming what is missing and `shopmind provision`; undefined when they are fine.
   */
  get streamProblem(): string | undefined {
    return this.streamProblems.size ? [...new Set(this.streamProblems.values())].join(' | ') : undefined;
  }

  /** Durable consumer names this transport reads from (after listen). */
  get consumerNames(): string[] {
    return this.consumers.map((c) => c.durable);
  }

  async listen(callback: (...optionalParams: unknown[]) => unknown): Promise<void> {
    try {
      await this.start();
    } catch (err) {
      this.log.error({ err }, 'bus transport failed to start');
      if (this.nc) await releaseConnection(this.nc).catch(() => undefined);
      this.nc = undefined;
      callback(err);
      return;
    }
    callback();
  }

  /** Idempotent: Nest calls it when the app closes, graceful-shutdown.ts may have called it before. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    running.delete(this);
    clearTimeout(this.verifyTimer);
    // Stop pulling and answering first, let running handlers finish and ack, then drain.
    await Promise.all([...this.consumers, ...this.sweepers].map((c) => c.stop()));
    await Promise.all(this.responders.map((r) => r.stop()));
    this.consumers = [];
    this.responders = [];
    this.sweepers = [];
    this.bound.clear();
    this.specs.clear();
    const nc = this.nc;
    this.nc = undefined;
    if (nc) await releaseConnection(nc);
    this.emitStatus('closed');
  }

  on<EventKey extends keyof JetStreamTransportEvents>(
    event: EventKey,
    callback: JetStreamTransportEvents[EventKey],
  ): void {
    this.listeners[event].push(callback);
  }

  unwrap<T>(): T {
    if (!this.nc) throw new Error('JetStreamTransport is not connected; call listen() first');
    return this.nc as T;
  }

  private async start(): Promise<void> {
    const o = this.options;
    running.add(this);
    this.nc = await acquireConnection(o);
    void this.watchStatus(this.nc);
    const jsm = await jetstreamManager(this.nc);
    const js = jetstream(this.nc);
    const deadLetters = new BusPublisher(this.nc, o);
    for (const [pattern, handler] of this.getHandlers()) {
      const bus = busExtrasOf(handler.extras);
      if (!bus) {
        this.log.warn({ pattern }, 'handler not declared with @OnEvent/@OnQuery; ignored by the bus');
        continue;
      }
      if (bus.kind === 'event') {
        const def = bus.definition;
        const spec: ConsumerSpec = {
          stream: prefixStream(o.subjectPrefix, def.stream),
          durable: consumerName(o.service, def),
          filterSubject: prefixSubject(o.subjectPrefix, def.filter),
        };
        // After a consumer or stream vanished under us: check the stream is back (an admin
        // re-provisions it, never the service), recreate our consumer, then pull again.
        const reprovision = async () => {
          const problems = await verifyStreams(jsm, [spec]);
          if (problems.length) {
            this.streamProblems.set(spec.durable, streamProblemReason(problems));
            throw new StreamsNotProvisionedError(problems);
          }
          await provisionConsumer(jsm, spec, o);
          this.streamProblems.delete(spec.durable);
        };
        const consumer = new EventConsumer(
          { stream: spec.stream, durable: spec.durable, definition: def, handler },
          js,
          o,
          deadLetters,
          this.log,
          reprovision,
        );
        this.consumers.push(consumer);
        this.specs.set(consumer, spec);
      } else {
        this.responders.push(new QueryResponder(bus.definition, handler, this.nc, o, this.log));
      }
    }
    // Strays are what no consumer is handed: a process that consumes nothing (the HTTP edge) has
    // none to look after, and needs no right to read or delete inbound events by sequence.
    if (o.sweepStrays && this.consumers.length > 0) {
      this.sweepers = sweptStreams(o.subjectPrefix).map(
        (spec) => new StraySweeper(spec, js, jsm, o, deadLetters, this.log),
      );
    }
    // Queries need no stream: they are answered even while the streams are not provisioned.
    const bound = await this.bindConsumers(jsm);
    for (const r of this.responders) r.start();
    this.emitStatus('connected');
    this.log.info(
      { service: o.service, consumers: this.consumerNames, queries: this.responders.length, bound },
      bound ? 'bus transport listening' : 'bus transport listening; consumers wait for the streams',
    );
    if (!bound) this.scheduleBind(jsm);
  }

  /** What this transport reads: each consumer's filter on its stream, and the swept streams. */
  private reads(): StreamRead[] {
    return [
      ...this.specs.values(),
      ...(this.sweepers.length > 0
        ? sweptStreams(this.options.subjectPrefix).map((s) => ({ stream: s.stream }))
        : []),
    ];
  }

  /**
   * Verifies the streams, then creates this service's durable consumers and starts pulling (and
   * the stray sweepers). False, with the reason recorded for readiness, while the streams are not
   * right or the consumers cannot be created yet.
   */
  private async bindConsumers(jsm: JetStreamManager): Promise<boolean> {
    try {
      const problems = await verifyStreams(jsm, this.reads());
      if (problems.length) {
        const reason = streamProblemReason(problems);
        if (this.streamProblems.get('start') !== reason)
          this.log.error({ service: this.options.service, problems }, `streams not provisioned: ${reason}`);
        this.streamProblems.set('start', reason);
        return false;
      }
      for (const consumer of this.consumers) {
        if (this.bound.has(consumer) || this.closing) continue;
        await provisionConsumer(jsm, this.specs.get(consumer) as ConsumerSpec, this.options);
        await consumer.start();
        this.bound.add(consumer);
      }
      if (!this.sweepersStarted && !this.closing) {
        for (const s of this.sweepers) await s.start();
        this.sweepersStarted = true;
      }
      if (this.streamProblems.delete('start'))
        this.log.info({ service: this.options.service }, 'streams verified; consumers bound');
      return true;
    } catch (err) {
      const reason = `cannot verify the streams or create the consumers: ${err instanceof Error ? err.message : String(err)}`;
      if (this.streamProblems.get('start') !== reason) this.log.error({ err }, reason);
      this.streamProblems.set('start', reason);
      return false;
    }
  }

  /** Checks again every `verifyRetryMs` until the streams are provisioned (or the transport closes). */
  private scheduleBind(jsm: JetStreamManager): void {
    if (this.closing) return;
    this.verifyTimer = setTimeout(() => {
      void this.bindConsumers(jsm).then((bound) => {
        if (!bound) this.scheduleBind(jsm);
      });
    }, this.options.verifyRetryMs);
    this.verifyTimer.unref();
  }

  private async watchStatus(nc: NatsConnection): Promise<void> {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect') this.emitStatus('disconnected');
      else if (s.type === 'reconnecting') this.emitStatus('reconnecting');
      else if (s.type === 'reconnect') this.emitStatus('connected');
      else if (s.type === 'error') for (const l of this.listeners.error) l(s.error);
    }
  }

  private emitStatus(status: JetStreamTransportStatus): void {
    this.current = status;
    this._status$.next(status);
    for (const l of this.listeners.status) l(status);
  }
}
