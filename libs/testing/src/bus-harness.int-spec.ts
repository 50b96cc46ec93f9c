// The bus harness against a real nats-server: publishEvent, ResultCollector, consumer state and
// BusProbe address the same subjects and streams the services use (namespace prefix included).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AckPolicy, jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { decodeMessage, encodeMessage, Events, prefixStream, Streams } from '@shopmind/contracts';
import { aReview, aReviewAnalysed } from './builders.js';
import { BusProbe } from './bus-probe.js';
import { consumerSettled, expectConsumerIdle } from './consumer-state.js';
import { startInfra, type Infra } from './infra.js';
import { publishEvent } from './publish-event.js';
import { collectResults } from './result-collector.js';
import { uniqueName } from './unique-name.js';

let infra: Infra;
let nc: NatsConnection;
let jsm: JetStreamManager;

beforeAll(async () => {
  infra = await startInfra();
  nc = await connect({ servers: infra.natsUrl, name: 'bus-harness-spec' });
  jsm = await jetstreamManager(nc);
});

afterAll(async () => {
  await nc?.drain();
  await infra?.stop();
});

/** A namespace with the inbound events stream, as a service would provision it. */
async function namespace(): Promise<string> {
  const prefix = uniqueName('harness')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
  await jsm.streams.add({
    name: prefixStream(prefix, Streams.shopEvents.name),
    subjects: [`${prefix}.shop.>`],
  });
  return prefix;
}

describe('publishEvent', () => {
  it("publishes on the event's subject in the namespace, encoded with its content-type", async () => {
    const prefix = await namespace();
    const review = aReview('acme', { rating: 2 });
    const ack = await publishEvent(nc, Events.reviewSubmitted, review, { prefix, msgId: 'm-1' });
    const again = await publishEvent(jetstream(nc), Events.reviewSubmitted, review, { prefix, msgId: 'm-1' });
    expect(again.duplicate).toBe(true);

    const stored = await jsm.streams.getMessage(prefixStream(prefix, Streams.shopEvents.name), {
      seq: ack.seq,
    });
    expect(stored!.subject).toBe(`${prefix}.shop.acme.review.submitted`);
    expect(stored!.header.get('content-type')).toBe('application/json');
    expect(decodeMessage(Events.reviewSubmitted.schema, stored!.data, 'application/json')).toEqual(review);
  });

  it('sends protobuf, extra headers, another tenant or raw bytes when asked', async () => {
    const prefix = await namespace();
    const h = natsHeaders();
    h.set('x-shop-request', 'r-1');
    const binary = await publishEvent(nc, Events.reviewSubmitted, aReview('acme'), {
      prefix,
      format: 'protobuf',
      headers: h,
      tenant: 'globex',
    });
    const raw = await publishEvent(nc, Events.reviewSubmitted, aReview('acme'), { prefix, raw: '{"oops' });
    const stream = prefixStream(prefix, Streams.shopEvents.name);
    const first = await jsm.streams.getMessage(stream, { seq: binary.seq });
    expect(first!.subject).toBe(`${prefix}.shop.globex.review.submitted`);
    expect(first!.header.get('content-type')).toBe('application/protobuf');
    expect(first!.header.get('x-shop-request')).toBe('r-1');
    const second = await jsm.streams.getMessage(stream, { seq: raw.seq });
    expect(second!.string()).toBe('{"oops');
  });
});

describe('ResultCollector', () => {
  it("decodes one tenant's results in the namespace and waits for a count or a match", async () => {
    const prefix = uniqueName('harness');
    const results = await collectResults(nc, Events.reviewAnalysed, { tenant: 'acme', prefix });
    const publish = (reviewId: string, tenant = 'acme') => {
      const msg = aReviewAnalysed({ reviewId, envelope: { tenantId: tenant } });
      const { data, contentType } = encodeMessage(Events.reviewAnalysed.schema, msg, 'json');
      const h = natsHeaders();
      h.set('content-type', contentType);
      nc.publish(`${prefix}.${Events.reviewAnalysed.subject(tenant)}`, data, { headers: h });
    };
    const waiting = results.waitFor((m) => m.reviewId === 'r-2');
    publish('r-1');
    publish('other-tenant', 'globex');
    publish('r-2');
    expect((await waiting).reviewId).toBe('r-2');
    expect((await results.waitFor(2)).map((m) => m.reviewId)).toEqual(['r-1', 'r-2']);
    expect(results.items.map((m) => m.reviewId)).toEqual(['r-1', 'r-2']);
    expect((await results.next((m) => m.reviewId === 'r-1')).headers?.get('content-type')).toBe(
      'application/json',
    );
    await results.close();
  });

  it('fails a wait with the subject and the count received when nothing matches in time', async () => {
    const results = await collectResults(nc, Events.reviewAnalysed, { prefix: uniqueName('harness') });
    await expect(results.waitFor(1, { timeoutMs: 50 })).rejects.toThrow(
      /timed out after 50 ms waiting for 1 review.analysed messages on .*\.ai\.\*\.review\.analysed \(0 received\)/,
    );
    await results.close();
  });
});

describe('consumer state', () => {
  it('tells a consumer with unacknowledged deliveries from one that has acknowledged everything', async () => {
    const prefix = await namespace();
    const stream = prefixStream(prefix, Streams.shopEvents.name);
    await jsm.consumers.add(stream, {
      durable_name: 'probe',
      ack_policy: AckPolicy.Explicit,
      ack_wait: 30e9,
    });
    const ack = await publishEvent(nc, Events.reviewSubmitted, aReview('acme'), { prefix });

    const before = await consumerSettled(jsm, Streams.shopEvents.name, 'probe', {
      prefix,
      streamSeq: ack.seq,
    });
    expect(before.settled).toBe(false);
    expect(before.outstanding).toEqual([
      '1 not yet delivered',
      `delivered up to stream seq 0, not yet ${ack.seq}`,
    ]);

    const consumer = await jetstream(nc).consumers.get(stream, 'probe');
    const msg = await consumer.next({ expires: 5000 });
    const delivered = await consumerSettled(jsm, stream, 'probe', { streamSeq: ack.seq });
    expect(delivered.outstanding).toEqual(['1 delivered but not acknowledged']);
    await expect(
      expectConsumerIdle(jsm, stream, 'probe', { streamSeq: ack.seq, timeoutMs: 100 }),
    ).rejects.toThrow(`consumer probe on ${stream} did not settle: 1 delivered but not acknowledged`);

    await msg!.ackAck();
    const info = await expectConsumerIdle(jsm, Streams.shopEvents.name, 'probe', {
      prefix,
      streamSeq: ack.seq,
    });
    expect(info.ack_floor.stream_seq).toBe(ack.seq);
  });
});

describe('BusProbe', () => {
  it('publishes in its namespace and reads back what a stream holds on a subject filter', async () => {
    const prefix = await namespace();
    const probe = await BusProbe.connect(infra.natsUrl, prefix);
    try {
      const review = aReview('acme');
      await probe.publish(Events.reviewSubmitted, review);
      await probe.publish(Events.reviewSubmitted, aReview('globex'));
      const stored = await probe.stored(Streams.shopEvents.name, 'shop.acme.>');
      expect(stored.map((m) => m.subject)).toEqual([`${prefix}.shop.acme.review.submitted`]);
      expect(probe.stream(Streams.shopEvents.name)).toBe(prefixStream(prefix, 'SHOP_EVENTS'));
    } finally {
      await probe.close();
    }
  });
});
