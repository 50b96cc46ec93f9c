// Test support for the bus's integration specs (not exported): a Nest app around one handler
// class, raw publishing of inbound events, and reading what a stream holds.
import type { MessageShape } from '@bufbuild/protobuf';
import { connect, headers as natsHeaders, type MsgHdrs, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamManager, type StoredMsg } from '@nats-io/jetstream';
import { Module, type INestMicroservice, type Type } from '@nestjs/common';
import {
  Events,
  ReviewSubmittedSchema,
  encodeMessage,
  type ReviewSubmitted,
  type WireFormat,
} from '@shopmind/contracts';
import { aReviewSubmitted } from '@shopmind/testing';
import type { BusOptions } from './bus-options.js';
import { BusModule } from './bus.module.js';
import { createBusApp } from './create-bus-app.js';
import { prefixStream, prefixSubject } from './naming.js';

/** A valid review submitted by shop `tenant` (the shared builder, tenant and overrides applied). */
export function aReview(
  tenant: string,
  overrides: Partial<Omit<ReviewSubmitted, '$typeName' | 'envelope'>> = {},
): ReviewSubmitted {
  return aReviewSubmitted({ ...overrides, envelope: { tenantId: tenant } });
}

export interface RunningService {
  app: INestMicroservice;
  close(): Promise<void>;
}

export async function startService(options: BusOptions, handlers: Type<unknown>): Promise<RunningService> {
  @Module({ imports: [BusModule.forRoot(options)], controllers: [handlers] })
  class TestServiceModule {}
  const app = await createBusApp(TestServiceModule, options, { logger: false, shutdownHooks: false });
  let closed = false;
  return {
    app,
    close: async () => {
      if (closed) return;
      closed = true;
      await app.close();
    },
  };
}

/** A raw NATS client acting as a shop system or an observer. */
export class BusProbe {
  private constructor(
    readonly nc: NatsConnection,
    readonly jsm: JetStreamManager,
    readonly prefix: string,
  ) {}

  static async connect(natsUrl: string, prefix: string): Promise<BusProbe> {
    const nc = await connect({ servers: natsUrl, name: 'bus-probe' });
    return new BusProbe(nc, await jetstreamManager(nc), prefix);
  }

  async publishReview(
    msg: ReviewSubmitted,
    opts: { format?: WireFormat; headers?: MsgHdrs; raw?: Uint8Array; msgID?: string } = {},
  ): Promise<void> {
    const h = opts.headers ?? natsHeaders();
    let data = opts.raw;
    if (!data) {
      const encoded = encodeMessage(ReviewSubmittedSchema, msg, opts.format ?? 'json');
      data = encoded.data;
      h.set('content-type', encoded.contentType);
    }
    const tenant = msg.envelope?.tenantId ?? 'acme';
    const js = jetstream(this.nc);
    const subject = prefixSubject(this.prefix, Events.reviewSubmitted.subject(tenant));
    await js.publish(subject, data, opts.msgID ? { headers: h, msgID: opts.msgID } : { headers: h });
  }

  /** Every message a stream holds on subjects matching `filter` (a NATS wildcard subject, prefix added). */
  async stored(stream: string, filter: string): Promise<StoredMsg[]> {
    const name = prefixStream(this.prefix, stream);
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

  async consumerInfo(stream: string, durable: string) {
    return this.jsm.consumers.info(prefixStream(this.prefix, stream), durable);
  }

  async close(): Promise<void> {
    await this.nc.drain();
  }
}

/** Polls `probe` until it returns a value accepted by `done` (fails after `timeoutMs`). */
export async function eventually<T>(
  probe: () => Promise<T> | T,
  done: (v: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (done(v)) return v;
    if (Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

export type { MessageShape };
