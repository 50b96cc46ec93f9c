// A raw NATS client in a test's subject namespace, acting as a shop system or an observer: publishes
// contract events and reads what streams and consumers hold, without going through libs/bus.
import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  jetstreamManager,
  type ConsumerInfo,
  type JetStreamManager,
  type PubAck,
  type StoredMsg,
} from '@nats-io/jetstream';
import { prefixStream, prefixSubject, type EventDefinition } from '@shopmind/contracts';
import { publishEvent, type PublishEventOptions } from './publish-event.js';

export class BusProbe {
  private constructor(
    readonly nc: NatsConnection,
    readonly jsm: JetStreamManager,
    /** The namespace prefix (SHOPMIND_SUBJECT_PREFIX) of the services under test. */
    readonly prefix: string,
  ) {}

  static async connect(natsUrl: string, prefix: string): Promise<BusProbe> {
    const nc = await connect({ servers: natsUrl, name: 'bus-probe' });
    return new BusProbe(nc, await jetstreamManager(nc), prefix);
  }

  /** The stream's name in this namespace, e.g. `<PREFIX>_SHOP_EVENTS`. */
  stream(name: string): string {
    return prefixStream(this.prefix, name);
  }

  /** publishEvent in this namespace. */
  publish<D extends DescMessage>(
    definition: EventDefinition<D>,
    message: MessageShape<D>,
    options: Omit<PublishEventOptions, 'prefix'> = {},
  ): Promise<PubAck> {
    return publishEvent(this.nc, definition, message, { ...options, prefix: this.prefix });
  }

  /** Every message a stream holds on subjects matching `filter` (a NATS wildcard subject, prefix added). */
  async stored(stream: string, filter: string): Promise<StoredMsg[]> {
    const name = this.stream(stream);
    const info = await this.jsm.streams.info(name);
    const out: StoredMsg[] = [];
    const wanted = new RegExp(
      `^${prefixSubject(this.prefix, filter).replace(/\./g, '\\.').replace(/\*/g, '[^.]+').replace(/>/g, '.+')}$`,
    );
    for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
      const m = await this.jsm.streams.getMessage(name, { seq }).catch(() => null);
      if (m && wanted.test(m.subject)) out.push(m);
    }
    return out;
  }

  consumerInfo(stream: string, durable: string): Promise<ConsumerInfo> {
    return this.jsm.consumers.info(this.stream(stream), durable);
  }

  async close(): Promise<void> {
    await this.nc.drain();
  }
}
