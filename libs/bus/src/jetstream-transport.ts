// NestJS custom transport: binds @OnEvent handlers to durable JetStream pull consumers and
// @OnQuery handlers to core NATS request/reply, provisioning streams and consumers on listen.
import type { NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
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
import { provisionConsumer, provisionStreams } from './topology.js';

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
    // Stop pulling and answering first, let running handlers finish and ack, then drain.
    await Promise.all([...this.consumers, ...this.sweepers].map((c) => c.stop()));
    await Promise.all(this.responders.map((r) => r.stop()));
    this.consumers = [];
    this.responders = [];
    this.sweepers = [];
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
    await provisionStreams(jsm, o, this.log);
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
        const spec = {
          stream: prefixStream(o.subjectPrefix, def.stream),
          durable: consumerName(o.service, def),
        };
        const provision = () =>
          provisionConsumer(jsm, { ...spec, filterSubject: prefixSubject(o.subjectPrefix, def.filter) }, o);
        await provision();
        // After a consumer or stream vanished under us: recreate what is missing, then pull again.
        const reprovision = async () => {
          await provisionStreams(jsm, o, this.log);
          await provision();
        };
        this.consumers.push(
          new EventConsumer({ ...spec, definition: def, handler }, js, o, deadLetters, this.log, reprovision),
        );
      } else {
        this.responders.push(new QueryResponder(bus.definition, handler, this.nc, o, this.log));
      }
    }
    for (const c of this.consumers) await c.start();
    for (const r of this.responders) r.start();
    if (o.sweepStrays) {
      this.sweepers = sweptStreams(o.subjectPrefix).map(
        (spec) => new StraySweeper(spec, js, jsm, o, deadLetters, this.log),
      );
      for (const s of this.sweepers) await s.start();
    }
    this.emitStatus('connected');
    this.log.info(
      { service: o.service, consumers: this.consumerNames, queries: this.responders.length },
      'bus transport listening',
    );
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
