// The bus on a real nats-server (JetStream) and a real Redis: each test runs in its own subject
// namespace (own streams and consumers).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { clone, create, fromBinary, fromJson, type JsonValue } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { Controller, Inject, Module, type OnModuleDestroy } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SpanKind, context, trace } from '@opentelemetry/api';
import { Redis } from 'ioredis';
import {
  EnvelopeSchema,
  ErrorReplySchema,
  Events,
  Polarity,
  Queries,
  ReplyMetaSchema,
  RequestMetaSchema,
  ResultSourceSchema,
  ReviewAnalysedSchema,
  ReviewSubmittedSchema,
  ReviewSummaryReplySchema,
  ReviewSummaryRequestSchema,
  SourceTier,
  Streams,
  encodeMessage,
  type ReviewSubmitted,
  type ReviewSummaryReply,
  type ReviewSummaryRequest,
} from '@shopmind/contracts';
import { injectTraceContext, tracer } from '@shopmind/telemetry';
import { installTestTelemetry, type TestTelemetry } from '@shopmind/telemetry/testing';
import {
  aReview,
  BusProbe,
  eventually,
  expectConsumerIdle,
  startInfra,
  provisionNamespace,
  uniqueName,
  type Infra,
} from '@shopmind/testing';
import { resolveBusOptions, type BusOptions } from './bus-options.js';
import { BusPublisher } from './bus-publisher.js';
import { BUS_OPTIONS } from './bus-tokens.js';
import { BusModule } from './bus.module.js';
import { JetStreamTransport } from './jetstream-transport.js';
import { startBusTestApp, type RunningBusTestApp } from './bus-test-app.js';
import { closeBusApp } from './graceful-shutdown.js';
import { EffectsLedger } from '@shopmind/redis';
import { DeferError, NotFoundError, TransientError } from '@shopmind/errors';
import { OnEvent, OnQuery } from './handler-decorators.js';
import type { EventContext, QueryContext } from './message-context.js';
import { provisionStreams } from './topology.js';

type Behaviour = (msg: ReviewSubmitted, ctx: EventContext, h: ReviewHandlers) => Promise<void>;
let behaviour: Behaviour = async (msg, ctx, h) => h.publishAnalysis(msg, ctx);
/** The deadline each query handler call was given. */
const queryDeadlines: number[] = [];

@Controller()
class ReviewHandlers {
  constructor(
    @Inject(BusPublisher) readonly bus: BusPublisher,
    @Inject(EffectsLedger) readonly ledger: EffectsLedger,
    @Inject(BUS_OPTIONS) readonly options: BusOptions,
  ) {}

  @OnEvent(Events.reviewSubmitted)
  async reviewSubmitted(msg: ReviewSubmitted, ctx: EventContext): Promise<void> {
    await behaviour(msg, ctx, this);
  }

  @OnQuery(Queries.reviewSummary)
  async reviewSummary(req: ReviewSummaryRequest, ctx: QueryContext): Promise<ReviewSummaryReply> {
    queryDeadlines.push(ctx.deadline);
    if (req.productId === 'missing') throw new NotFoundError(`no reviews for ${req.productId}`);
    if (req.productId === 'slow') await new Promise((r) => setTimeout(r, 3000));
    if (req.productId === 'takes-100ms') await new Promise((r) => setTimeout(r, 100));
    return create(ReviewSummaryReplySchema, {
      meta: create(ReplyMetaSchema, { requestId: ctx.requestId, correlationId: ctx.correlationId }),
      productId: req.productId,
      reviewCount: 3,
      averageRating: 4.5,
    });
  }

  async publishAnalysis(msg: ReviewSubmitted, ctx: EventContext, source = 'local'): Promise<void> {
    const analysed = create(ReviewAnalysedSchema, {
      envelope: create(EnvelopeSchema, {
        eventId: `${ctx.eventId}:analysed`,
        occurredAt: timestampFromMs(Date.now()),
        producer: 'bus-test',
        tenantId: ctx.tenant,
        schemaVersion: 1,
        correlationId: ctx.correlationId,
        causationId: ctx.eventId,
      }),
      reviewId: msg.reviewId,
      productId: msg.productId,
      rating: msg.rating,
      polarity: Polarity.POSITIVE,
      score: 0.5,
      confidence: 0.9,
      source: create(ResultSourceSchema, { tier: SourceTier.LOCAL, provider: source }),
    });
    await this.bus.publish(Events.reviewAnalysed, ctx.tenant, analysed, {
      causeEventId: ctx.eventId,
      kind: 'review.analysed',
    });
  }
}

/** Stands in for a Redis-backed store a handler needs, closed by its module on shutdown. */
class ClosableStore {
  uses = 0;
  usedAfterClose = false;
  private closed = false;
  use(): void {
    this.uses++;
    if (this.closed) this.usedAfterClose = true;
  }
  close(): void {
    this.closed = true;
  }
}

let infra: Infra;
let telemetry: TestTelemetry;
const running: RunningBusTestApp[] = [];
const probes: BusProbe[] = [];

function optionsFor(prefix: string, overrides: Partial<BusOptions> = {}): BusOptions {
  return {
    service: 'review-test',
    natsUrl: infra.natsUrl,
    redisUrl: infra.redisUrl,
    subjectPrefix: prefix,
    maxDeliver: 3,
    ackWaitMs: 3000,
    retryDelayMs: 200,
    maxRetryDelayMs: 2000,
    concurrency: 8,
    ...overrides,
  };
}

async function setUp(
  overrides: Partial<BusOptions> = {},
): Promise<{ service: RunningBusTestApp; probe: BusProbe; options: BusOptions }> {
  const prefix = await provisionNamespace(infra.natsUrl, uniqueName('bus'));
  const options = optionsFor(prefix, overrides);
  const service = await startBusTestApp(options, ReviewHandlers);
  running.push(service);
  const probe = await BusProbe.connect(infra.natsUrl, prefix);
  probes.push(probe);
  return { service, probe, options };
}

const consumer = 'review-test__review_submitted';
const results = (probe: BusProbe) => probe.stored(Streams.aiResults.name, 'ai.*.review.analysed');
const deadLetters = (probe: BusProbe) => probe.stored(Streams.deadLetters.name, 'dlq.>');
const analysedOf = (data: Uint8Array) =>
  fromJson(ReviewAnalysedSchema, JSON.parse(new TextDecoder().decode(data)) as JsonValue);

beforeAll(async () => {
  infra = await startInfra();
  telemetry = installTestTelemetry();
});

afterAll(async () => {
  for (const s of running) await s.close();
  for (const p of probes) await p.close();
  await telemetry?.shutdown();
  await infra?.stop();
});

describe('JetStreamTransport', () => {
  it('acks a handled event once and publishes its result in the same trace', async () => {
    behaviour = async (msg, ctx, h) => h.publishAnalysis(msg, ctx);
    const { probe } = await setUp();
    const review = aReview('acme');
    const shopSpan = tracer.startSpan('shop publishes review', { kind: SpanKind.PRODUCER });
    const h = natsHeaders();
    injectTraceContext(h, trace.setSpan(context.active(), shopSpan));
    await probe.publish(Events.reviewSubmitted, review, { headers: h });
    shopSpan.end();

    const stored = await eventually(
      () => results(probe),
      (r) => r.length === 1,
    );
    expect(stored).toHaveLength(1);
    const result = analysedOf(stored[0].data);
    expect(result.envelope?.causationId).toBe(review.envelope?.eventId);
    expect(stored[0].header.get('Nats-Msg-Id')).toBe(`${review.envelope?.eventId}:review.analysed`);

    const info = await eventually(
      () => probe.consumerInfo(Streams.shopEvents.name, consumer),
      (i) => i.ack_floor.stream_seq === 1,
    );
    expect(info.ack_floor.stream_seq).toBe(1);
    expect(info.num_ack_pending).toBe(0);
    expect(info.num_redelivered).toBe(0);
    expect(info.delivered.consumer_seq).toBe(1);

    const traceId = shopSpan.spanContext().traceId;
    const spans = await eventually(
      () => telemetry.spans().filter((s) => s.spanContext().traceId === traceId),
      (s) => s.some((x) => x.name.startsWith('process')),
    );
    const processSpan = spans.find((s) => s.name === 'process shop.acme.review.submitted');
    const sendSpan = spans.find((s) => s.name === 'send ai.acme.review.analysed');
    expect(processSpan?.kind).toBe(SpanKind.CONSUMER);
    expect(processSpan?.parentSpanContext?.spanId).toBe(shopSpan.spanContext().spanId);
    expect(processSpan?.links.map((l) => l.context.spanId)).toEqual([shopSpan.spanContext().spanId]);
    expect(processSpan?.attributes).toMatchObject({
      'messaging.system': 'nats',
      'messaging.destination.name': 'shop.acme.review.submitted',
      'messaging.operation.type': 'process',
      'messaging.message.id': review.envelope?.eventId,
      'messaging.consumer.group.name': consumer,
    });
    expect(sendSpan?.kind).toBe(SpanKind.PRODUCER);
    expect(sendSpan?.parentSpanContext?.spanId).toBe(processSpan?.spanContext().spanId);
    expect(sendSpan?.attributes).toMatchObject({
      'messaging.operation.type': 'send',
      'messaging.destination.name': 'ai.acme.review.analysed',
      'messaging.message.id': result.envelope?.eventId,
    });
    expect(stored[0].header.get('traceparent')).toContain(traceId);
  });

  it('dead-letters a malformed payload with its reason and original headers, and goes on with the next message', async () => {
    behaviour = async (msg, ctx, h) => h.publishAnalysis(msg, ctx);
    const { probe } = await setUp();
    const bad = natsHeaders();
    bad.set('content-type', 'application/json');
    bad.set('x-shop-request', 'r-42');
    await probe.publish(Events.reviewSubmitted, aReview('acme'), {
      raw: new TextEncoder().encode('{"envelope": oops'),
      headers: bad,
      msgId: 'shop-msg-1',
    });
    // Envelope says 'other', subject says 'acme'.
    const wrongTenant = aReview('other');
    await probe.publish(Events.reviewSubmitted, wrongTenant, { tenant: 'acme' });
    const good = aReview('acme');
    await probe.publish(Events.reviewSubmitted, good);

    const letters = await eventually(
      () => deadLetters(probe),
      (d) => d.length === 2,
    );
    expect(letters.map((l) => l.subject.split('.').slice(1).join('.'))).toEqual([
      'dlq.review-test.shop.acme.review.submitted',
      'dlq.review-test.shop.acme.review.submitted',
    ]);
    const [malformed, mismatched] = letters;
    expect(new TextDecoder().decode(malformed.data)).toBe('{"envelope": oops');
    expect(malformed.header.get('Shopmind-Dlq-Reason')).toContain('contract undecodable');
    expect(malformed.header.get('Shopmind-Dlq-Delivery-Count')).toBe('1');
    expect(malformed.header.get('Shopmind-Dlq-Original-Subject')).toBe('shop.acme.review.submitted');
    expect(malformed.header.get('Shopmind-Dlq-Stream-Sequence')).toBe('1');
    expect(malformed.header.get('x-shop-request')).toBe('r-42');
    expect(malformed.header.get('content-type')).toBe('application/json');
    // NATS control headers of the original are not copied (the dead letter has its own id).
    expect(malformed.header.values('Nats-Msg-Id')).toEqual([
      `dlq:${probe.prefix.toUpperCase()}_SHOP_EVENTS:1:review-test__review_submitted`,
    ]);
    expect(mismatched.header.get('Shopmind-Dlq-Reason')).toContain('tenant_mismatch');

    const stored = await eventually(
      () => results(probe),
      (r) => r.length === 1,
    );
    expect(stored.map((s) => analysedOf(s.data).envelope?.causationId)).toEqual([good.envelope?.eventId]);
    const info = await eventually(
      () => probe.consumerInfo(Streams.shopEvents.name, consumer),
      (i) => i.ack_floor.stream_seq === 3,
    );
    expect(info.num_pending + info.num_ack_pending).toBe(0);
  });

  it('dead-letters an event on the literal subject shop.*.review.submitted (no tenant, no mirror subject) once to dlq.<service>.unroutable and settles it', async () => {
    behaviour = async (msg, ctx, h) => h.publishAnalysis(msg, ctx);
    const { probe } = await setUp();
    // A shop system publishing raw bytes on a literal wildcard subject: JetStream stores it, and
    // the consumer's filter `shop.*.review.submitted` hands it over.
    const encoded = encodeMessage(ReviewSubmittedSchema, aReview('acme'), 'json');
    const h = natsHeaders();
    h.set('content-type', encoded.contentType);
    const ack = await jetstream(probe.nc).publish(`${probe.prefix}.shop.*.review.submitted`, encoded.data, {
      headers: h,
    });

    const info = await expectConsumerIdle(probe.jsm, Streams.shopEvents.name, consumer, {
      prefix: probe.prefix,
      streamSeq: ack.seq,
    });
    // Acknowledged on its first delivery and never handed out again.
    expect(info.num_redelivered).toBe(0);
    expect(info.delivered.consumer_seq).toBe(1);
    expect(info.ack_floor.stream_seq).toBe(ack.seq);
    const letters = await deadLetters(probe);
    expect(letters.map((l) => l.subject)).toEqual([`${probe.prefix}.dlq.review-test.unroutable`]);
    expect(letters[0].header.get('Shopmind-Dlq-Original-Subject')).toBe('shop.*.review.submitted');
    expect(letters[0].header.get('Shopmind-Dlq-Reason')).toContain('contract');
    expect(new TextDecoder().decode(letters[0].data)).toBe(new TextDecoder().decode(encoded.data));
  });

  it('dead-letters an event on shop.>.review.submitted, which no service consumer is handed, once to dlq.bus.unroutable and deletes it from SHOP_EVENTS; the literal shop.*.… stays with its service consumer (one dead letter each)', async () => {
    behaviour = async (msg, ctx, h) => h.publishAnalysis(msg, ctx);
    const { probe } = await setUp();
    const encoded = encodeMessage(ReviewSubmittedSchema, aReview('acme'), 'json');
    const h = natsHeaders();
    h.set('content-type', encoded.contentType);
    h.set('x-shop-request', 'r-7');
    const js = jetstream(probe.nc);
    // SHOP_EVENTS (`shop.*.review.submitted`) stores both, but the service consumer's filter
    // `shop.*.review.submitted` never hands over, nor counts as pending, the one with a literal `>`.
    const deep = await js.publish(`${probe.prefix}.shop.>.review.submitted`, encoded.data, { headers: h });
    const star = await js.publish(`${probe.prefix}.shop.*.review.submitted`, encoded.data, { headers: h });
    const good = await probe.publish(Events.reviewSubmitted, aReview('acme'));

    const letters = await eventually(
      () => deadLetters(probe),
      (d) => d.length >= 2,
    );
    // Both mechanisms have finished with everything published: nothing more can come.
    await expectConsumerIdle(probe.jsm, Streams.shopEvents.name, 'shopmind__strays', {
      prefix: probe.prefix,
      streamSeq: good.seq,
    });
    await expectConsumerIdle(probe.jsm, Streams.shopEvents.name, consumer, {
      prefix: probe.prefix,
      streamSeq: good.seq,
    });
    const all = await deadLetters(probe);
    expect(all).toHaveLength(letters.length);
    const bySubject = all.map((l) => [l.subject, l.header.get('Shopmind-Dlq-Original-Subject')]);
    expect(bySubject).toEqual(
      expect.arrayContaining([
        [`${probe.prefix}.dlq.bus.unroutable`, 'shop.>.review.submitted'],
        [`${probe.prefix}.dlq.review-test.unroutable`, 'shop.*.review.submitted'],
      ]),
    );
    expect(all).toHaveLength(2);
    const swept = all.find((l) => l.subject === `${probe.prefix}.dlq.bus.unroutable`)!;
    expect(swept.header.get('Shopmind-Dlq-Reason')).toContain('unroutable_subject');
    expect(swept.header.get('Shopmind-Dlq-Stream-Sequence')).toBe(String(deep.seq));
    expect(swept.header.get('Shopmind-Dlq-Consumer')).toBe('shopmind__strays');
    expect(swept.header.get('x-shop-request')).toBe('r-7');
    expect(new TextDecoder().decode(swept.data)).toBe(new TextDecoder().decode(encoded.data));

    // Not kept: gone from the stream. The literal `*` one was dead-lettered by its service consumer.
    const stream = probe.stream(Streams.shopEvents.name);
    const { state } = await probe.jsm.streams.info(stream, { subjects_filter: '>' });
    expect(Object.keys(state.subjects ?? {})).not.toContain(`${probe.prefix}.shop.>.review.submitted`);
    await expect(probe.jsm.streams.getMessage(stream, { seq: deep.seq })).resolves.toBeNull();
    expect((await probe.jsm.streams.getMessage(stream, { seq: star.seq }))?.subject).toBe(
      `${probe.prefix}.shop.*.review.submitted`,
    );
    expect(
      (
        await eventually(
          () => results(probe),
          (r) => r.length === 1,
        )
      ).map((r) => analysedOf(r.data).reviewId),
    ).toHaveLength(1);
  });

  it('redelivers a transiently failing event after a delay, then dead-letters it after the maximum deliveries', async () => {
    const deliveries: { count: number; at: number; max: number }[] = [];
    behaviour = async (msg, ctx, h) => {
      if (msg.body === 'flaky') {
        deliveries.push({ count: ctx.deliveryCount, at: Date.now(), max: ctx.maxDeliver });
        throw new TransientError('sentiment store unavailable');
      }
      await h.publishAnalysis(msg, ctx);
    };
    const { probe } = await setUp({ maxDeliver: 3, retryDelayMs: 300 });
    await probe.publish(Events.reviewSubmitted, aReview('acme', { body: 'flaky' }));
    const other = aReview('acme');
    await probe.publish(Events.reviewSubmitted, other);

    const letters = await eventually(
      () => deadLetters(probe),
      (d) => d.length === 1,
    );
    expect(letters).toHaveLength(1);
    expect(deliveries.map((d) => d.count)).toEqual([1, 2, 3]);
    expect(deliveries.every((d) => d.max === 3)).toBe(true);
    // nak(delay) grows with the delivery count: 300 ms, then 600 ms.
    expect(deliveries[1].at - deliveries[0].at).toBeGreaterThanOrEqual(250);
    expect(deliveries[2].at - deliveries[1].at).toBeGreaterThanOrEqual(550);
    expect(letters[0].header.get('Shopmind-Dlq-Delivery-Count')).toBe('3');
    expect(letters[0].header.get('Shopmind-Dlq-Reason')).toContain('max deliveries (3)');
    expect(letters[0].header.get('Shopmind-Dlq-Reason')).toContain('sentiment store unavailable');
    const deadLetterPoints = await telemetry.metricPoints('shopmind.bus.dead_letters');
    expect(
      deadLetterPoints.find((p) => p.attributes.reason === 'max_deliveries')?.value,
    ).toBeGreaterThanOrEqual(1);
    const handled = await telemetry.metricPoints('shopmind.bus.messages.handled');
    expect(handled.find((p) => p.attributes.outcome === 'retried')?.value).toBeGreaterThanOrEqual(2);
    // Deliveries 2 and 3 count as redeliveries; every handled delivery has a duration by outcome.
    const [redeliveries] = await telemetry.metricPoints('shopmind.bus.redeliveries');
    expect(redeliveries?.value).toBeGreaterThanOrEqual(2);
    const durations = await telemetry.metricPoints('shopmind.bus.handler.duration');
    expect(durations.find((p) => p.attributes.outcome === 'retried')?.value).toBeGreaterThanOrEqual(2);
    expect(durations.find((p) => p.attributes.outcome === 'dead_lettered')?.value).toBeGreaterThanOrEqual(1);
    // The failing event did not hold up the one behind it.
    expect((await results(probe)).map((s) => analysedOf(s.data).envelope?.causationId)).toEqual([
      other.envelope?.eventId,
    ]);
  });

  it('keeps an always-failing event whose dead letter cannot be stored, and dead-letters it once the dead-letter stream is back', async () => {
    let calls = 0;
    behaviour = async (msg, ctx, h) => {
      if (msg.body !== 'always failing') return h.publishAnalysis(msg, ctx);
      calls++;
      throw new TransientError('model server down');
    };
    const { probe, options } = await setUp({ maxDeliver: 2, retryDelayMs: 100, maxRetryDelayMs: 300 });
    // The dead-letter stream is gone: publishing a dead letter fails (no stream answers).
    await probe.jsm.streams.delete(probe.stream(Streams.deadLetters.name));
    await probe.publish(Events.reviewSubmitted, aReview('acme', { body: 'always failing' }));

    // The server keeps redelivering past the configured limit, so the failed dead letter is tried
    // again on every later delivery — without running the handler again.
    const retrying = await eventually(
      () => probe.consumerInfo(Streams.shopEvents.name, consumer),
      (i) => i.delivered.consumer_seq >= 4,
      { timeoutMs: 20_000 },
    );
    expect(retrying.delivered.consumer_seq).toBeGreaterThanOrEqual(4);
    expect(retrying.num_ack_pending).toBe(1);
    expect(calls).toBe(2);

    await provisionStreams(probe.jsm, resolveBusOptions(options));
    const letters = await eventually(
      () => deadLetters(probe),
      (d) => d.length === 1,
      { timeoutMs: 20_000 },
    );
    expect(letters).toHaveLength(1);
    expect(letters[0].header.get('Shopmind-Dlq-Reason')).toContain('max deliveries (2)');
    expect(Number(letters[0].header.get('Shopmind-Dlq-Delivery-Count'))).toBeGreaterThan(2);
    expect(calls).toBe(2);
    const settled = await eventually(
      () => probe.consumerInfo(Streams.shopEvents.name, consumer),
      (i) => i.num_ack_pending + i.num_pending === 0,
    );
    expect(settled.num_ack_pending + settled.num_pending).toBe(0);
  }, 60_000);

  it('applies the effects of a duplicate or redelivered event once and stores its result once', async () => {
    const failedOnce = new Set<string>();
    behaviour = async (msg, ctx, h) => {
      await h.ledger.applyOnce({
        tenant: ctx.tenant,
        entity: `product:${msg.productId}`,
        eventId: ctx.eventId,
        ops: [
          { op: 'hincrby', key: 'aggregate', field: `star:${msg.rating}`, by: 1 },
          { op: 'hincrby', key: 'aggregate', field: 'count', by: 1 },
        ],
      });
      // Crash after the effects on the first delivery: the redelivery must not count again.
      if (!failedOnce.has(ctx.eventId)) {
        failedOnce.add(ctx.eventId);
        throw new TransientError('crashed before publishing');
      }
      await h.publishAnalysis(msg, ctx);
    };
    const { probe } = await setUp({ retryDelayMs: 50 });
    const productId = uniqueName('product');
    const review = aReview('acme', { productId, rating: 5 });
    await probe.publish(Events.reviewSubmitted, review);
    await probe.publish(Events.reviewSubmitted, review); // the shop system sent it twice
    await probe.publish(Events.reviewSubmitted, aReview('acme', { productId, rating: 2 }));

    const info = await eventually(
      () => probe.consumerInfo(Streams.shopEvents.name, consumer),
      (i) => i.ack_floor.stream_seq === 3,
    );
    expect(info.num_pending + info.num_ack_pending).toBe(0);
    const redis = new Redis(infra.redisUrl);
    const ledger = new EffectsLedger(redis, { service: 'review-test' });
    const aggregate = await redis.hgetall(
      ledger.key({ tenant: 'acme', entity: `product:${productId}` }, 'aggregate'),
    );
    await redis.quit();
    expect(aggregate).toEqual({ 'star:5': '1', 'star:2': '1', count: '2' });
    const stored = await results(probe);
    expect(stored).toHaveLength(2);
    expect(new Set(stored.map((s) => analysedOf(s.data).envelope?.causationId))).toContain(
      review.envelope?.eventId,
    );
  });

  it('shares a consumer between two instances and loses nothing when one is closed mid-stream and restarted', async () => {
    const handledBy = new Map<string, Set<string>>();
    behaviour = async (msg, ctx, h) => {
      await new Promise((r) => setTimeout(r, 5));
      const who = h.options.connectionName ?? '?';
      if (!handledBy.has(who)) handledBy.set(who, new Set());
      handledBy.get(who)?.add(ctx.eventId);
      await h.publishAnalysis(msg, ctx);
    };
    const { probe, options } = await setUp({ connectionName: 'a', concurrency: 4 });
    const b = await startBusTestApp({ ...options, connectionName: 'b' }, ReviewHandlers);
    running.push(b);
    const sent: string[] = [];
    for (let i = 0; i < 300; i++) {
      const r = aReview('acme');
      sent.push(r.envelope?.eventId ?? '');
      await probe.publish(Events.reviewSubmitted, r);
    }
    const first = running[running.length - 2];
    await eventually(
      () => handledBy.get('a')?.size ?? 0,
      (n) => n >= 20,
    );
    const resultsWhenClosing = (await results(probe)).length;
    await first.close();
    const handledByABeforeRestart = handledBy.get('a')?.size ?? 0;
    const again = await startBusTestApp({ ...options, connectionName: 'a' }, ReviewHandlers);
    running.push(again);

    const stored = await eventually(
      () => results(probe),
      (r) => r.length === sent.length,
      { timeoutMs: 30_000 },
    );
    expect(new Set(stored.map((s) => analysedOf(s.data).envelope?.causationId))).toEqual(new Set(sent));
    expect(resultsWhenClosing).toBeLessThan(sent.length);
    expect(handledByABeforeRestart).toBeGreaterThan(0);
    expect(handledBy.get('b')?.size ?? 0).toBeGreaterThan(0);
    const info = await eventually(
      () => probe.consumerInfo(Streams.shopEvents.name, consumer),
      (i) => i.num_ack_pending === 0,
    );
    expect(info.num_pending + info.num_ack_pending).toBe(0);
  }, 60_000);

  it('recreates its consumer and goes on when the consumer is deleted under it', async () => {
    behaviour = async (msg, ctx, h) => h.publishAnalysis(msg, ctx);
    const { probe } = await setUp();
    await probe.publish(Events.reviewSubmitted, aReview('acme'));
    await eventually(
      () => results(probe),
      (r) => r.length === 1,
    );
    await probe.jsm.consumers.delete(probe.stream(Streams.shopEvents.name), consumer);
    await probe.publish(Events.reviewSubmitted, aReview('acme'));
    const stored = await eventually(
      () => results(probe),
      (r) => r.length === 2,
      { timeoutMs: 20_000 },
    );
    expect(stored).toHaveLength(2);
  }, 30_000);

  it('never re-creates a stream deleted under it: reports it for readiness, then goes on once an admin provisioned it again', async () => {
    behaviour = async (msg, ctx, h) => h.publishAnalysis(msg, ctx);
    const prefix = await provisionNamespace(infra.natsUrl, uniqueName('bus'));
    const options = optionsFor(prefix);
    const transport = new JetStreamTransport(options);
    @Module({ imports: [BusModule.forRoot(options)], controllers: [ReviewHandlers] })
    class VanishModule {}
    const app = await NestFactory.createMicroservice(VanishModule, { strategy: transport, logger: false });
    await app.listen();
    const probe = await BusProbe.connect(infra.natsUrl, prefix);
    probes.push(probe);
    try {
      await probe.publish(Events.reviewSubmitted, aReview('acme'));
      await eventually(
        () => results(probe),
        (r) => r.length === 1,
      );
      const shopEvents = probe.stream(Streams.shopEvents.name);
      await probe.jsm.streams.delete(shopEvents);
      const problem = await eventually(
        async () => transport.streamProblem,
        (p) => p !== undefined,
        { what: 'the transport to report the missing stream', timeoutMs: 20_000 },
      );
      expect(problem).toContain(`stream ${shopEvents} does not exist`);
      expect(problem).toContain('shopmind provision');
      expect(transport.unboundConsumers).toEqual([consumer]);
      // It looked, and left the stream to the admin.
      await expect(probe.jsm.streams.info(shopEvents)).rejects.toThrow(/stream not found/);

      await provisionNamespace(infra.natsUrl, prefix);
      await eventually(
        async () => transport.streamProblem === undefined && transport.unboundConsumers.length === 0,
        { what: 'the consumer re-created and bound', timeoutMs: 20_000 },
      );
      await probe.publish(Events.reviewSubmitted, aReview('acme'));
      const stored = await eventually(
        () => results(probe),
        (r) => r.length === 2,
        { timeoutMs: 20_000 },
      );
      expect(stored).toHaveLength(2);
    } finally {
      await app.close();
    }
  }, 60_000);

  it('keeps a handler that runs longer than the ack wait from being redelivered', async () => {
    let calls = 0;
    behaviour = async (msg, ctx, h) => {
      calls++;
      await new Promise((r) => setTimeout(r, 2500));
      await h.publishAnalysis(msg, ctx);
    };
    const { probe } = await setUp({ ackWaitMs: 1000 });
    await probe.publish(Events.reviewSubmitted, aReview('acme'));
    const info = await eventually(
      () => probe.consumerInfo(Streams.shopEvents.name, consumer),
      (i) => i.ack_floor.stream_seq === 1,
    );
    expect(info.ack_floor.stream_seq).toBe(1);
    expect(info.num_redelivered).toBe(0);
    expect(calls).toBe(1);
  });

  it('abandons a handler that never finishes at the time limit, hands its event to a new invocation, and ignores a late completion', async () => {
    const invocations: { id: string; delivery: number }[] = [];
    let releaseLate: (() => void) | undefined;
    behaviour = async (msg, ctx, h) => {
      invocations.push({ id: msg.reviewId, delivery: ctx.deliveryCount });
      if (ctx.deliveryCount === 1 && msg.reviewId === 'hung') await new Promise<never>(() => undefined);
      if (ctx.deliveryCount === 1 && msg.reviewId === 'late') {
        await new Promise<void>((resolve) => (releaseLate = resolve));
        ctx.working();
        return; // resolves after it was abandoned: must not ack the message
      }
      await h.publishAnalysis(msg, ctx);
    };
    // The retry delay is long enough that a wrong ack on the late completion would land first.
    const { probe } = await setUp({
      handlerTimeoutMs: 400,
      ackWaitMs: 3000,
      retryDelayMs: 1500,
      maxDeliver: 3,
    });
    const hung = aReview('acme', { reviewId: 'hung' });
    const late = aReview('acme', { reviewId: 'late' });
    await probe.publish(Events.reviewSubmitted, hung);
    await probe.publish(Events.reviewSubmitted, late);

    // The abandoned first delivery of `late` is settled as a transient failure (outcome retried).
    const abandonedSpan = () =>
      telemetry
        .spans()
        .find(
          (s) =>
            s.attributes['messaging.message.id'] === late.envelope?.eventId &&
            s.attributes['messaging.nats.delivery_count'] === 1,
        );
    await eventually(abandonedSpan, (s) => s !== undefined);
    expect(abandonedSpan()?.attributes['shopmind.outcome']).toBe('retried');
    releaseLate?.();

    const stored = await eventually(
      () => results(probe),
      (r) => r.length === 2,
    );
    expect(stored.map((s) => analysedOf(s.data).reviewId).sort()).toEqual(['hung', 'late']);
    expect(invocations.filter((i) => i.id === 'hung').map((i) => i.delivery)).toEqual([1, 2]);
    expect(invocations.filter((i) => i.id === 'late').map((i) => i.delivery)).toEqual([1, 2]);
    expect(await deadLetters(probe)).toHaveLength(0);

    // The process is still running and consuming.
    await probe.publish(Events.reviewSubmitted, aReview('acme', { reviewId: 'after' }));
    const info = await eventually(
      () => probe.consumerInfo(Streams.shopEvents.name, consumer),
      (i) => i.ack_floor.stream_seq === 3 && i.num_ack_pending === 0,
    );
    expect(info.ack_floor.stream_seq).toBe(3);
    expect(info.num_ack_pending + info.num_pending).toBe(0);
    expect(info.num_redelivered).toBe(0);
    expect((await results(probe)).map((s) => analysedOf(s.data).reviewId)).toContain('after');
  });

  it('lets an in-flight handler finish and ack when the service closes', async () => {
    let started = false;
    let finished = false;
    behaviour = async (msg, ctx, h) => {
      started = true;
      await new Promise((r) => setTimeout(r, 1000));
      await h.publishAnalysis(msg, ctx);
      finished = true;
    };
    const { service, probe } = await setUp();
    await probe.publish(Events.reviewSubmitted, aReview('acme'));
    await eventually(
      () => started,
      (s) => s,
    );
    await service.close();
    expect(finished).toBe(true);
    const info = await probe.consumerInfo(Streams.shopEvents.name, consumer);
    expect(info.ack_floor.stream_seq).toBe(1);
    expect(info.num_ack_pending).toBe(0);
    expect(info.num_redelivered).toBe(0);
    expect(await results(probe)).toHaveLength(1);
  });

  it('in an HTTP + bus (hybrid) app, finishes in-flight handlers before other modules are destroyed', async () => {
    const store = new ClosableStore();
    let started = false;
    behaviour = async (msg, ctx, h) => {
      started = true;
      await new Promise((r) => setTimeout(r, 800));
      store.use();
      await h.publishAnalysis(msg, ctx);
    };
    const prefix = await provisionNamespace(infra.natsUrl, uniqueName('bus'));
    const options = optionsFor(prefix);
    @Module({ providers: [{ provide: ClosableStore, useValue: store }], exports: [ClosableStore] })
    class StoreModule implements OnModuleDestroy {
      onModuleDestroy(): void {
        store.close();
      }
    }
    @Module({ imports: [BusModule.forRoot(options), StoreModule], controllers: [ReviewHandlers] })
    class HybridModule {}
    const app = await NestFactory.create(HybridModule, { logger: false });
    app.connectMicroservice({ strategy: new JetStreamTransport(options) }, { inheritAppConfig: true });
    await app.startAllMicroservices();
    await app.init();
    const probe = await BusProbe.connect(infra.natsUrl, prefix);
    probes.push(probe);
    await probe.publish(Events.reviewSubmitted, aReview('acme'));
    // The handler must be running: a message only pulled (ack pending, not started) is handed back
    // on close, by design, and then nothing is in flight to finish.
    await eventually(() => started, { what: 'the handler to start' });
    await closeBusApp(app);
    expect(store.usedAfterClose).toBe(false);
    expect(store.uses).toBe(1);
    expect(await results(probe)).toHaveLength(1);
    const info = await probe.consumerInfo(Streams.shopEvents.name, consumer);
    expect(info.num_ack_pending + info.num_pending).toBe(0);
  });

  it('offers deferral while deliveries and the delayed-redelivery budget allow, and falls back afterwards', async () => {
    const seen: { id: string; delivery: number; canDefer: boolean }[] = [];
    behaviour = async (msg, ctx, h) => {
      seen.push({ id: msg.reviewId, delivery: ctx.deliveryCount, canDefer: ctx.canDefer });
      if (ctx.canDefer) throw new DeferError('all providers rate-limited', 100);
      await h.publishAnalysis(msg, ctx, 'local-fallback');
    };
    // Budget of one delayed redelivery: the second event cannot defer while the first waits.
    const { probe } = await setUp({ maxDeliver: 3, maxDelayedPerConsumer: 1, concurrency: 1 });
    const first = aReview('acme', { reviewId: 'first' });
    const second = aReview('acme', { reviewId: 'second' });
    await probe.publish(Events.reviewSubmitted, first);
    await eventually(
      () => seen.length,
      (n) => n >= 1,
    );
    await probe.publish(Events.reviewSubmitted, second);

    const stored = await eventually(
      () => results(probe),
      (r) => r.length === 2,
    );
    expect(stored).toHaveLength(2);
    expect(stored.every((s) => analysedOf(s.data).source?.provider === 'local-fallback')).toBe(true);
    expect(seen.filter((s) => s.id === 'second')[0]).toEqual({ id: 'second', delivery: 1, canDefer: false });
    // The first event deferred until one delivery was left, then fell back instead of dying.
    const firstDeliveries = seen.filter((s) => s.id === 'first');
    expect(firstDeliveries.at(-1)).toMatchObject({ canDefer: false });
    expect(firstDeliveries.at(-1)?.delivery).toBeLessThanOrEqual(3);
    expect(await deadLetters(probe)).toHaveLength(0);
  });

  it('answers a query, and replies with an error code to an invalid one', async () => {
    const { probe } = await setUp();
    const subject = `${probe.prefix}.${Queries.reviewSummary.subject('acme')}`;
    const request = create(ReviewSummaryRequestSchema, {
      meta: create(RequestMetaSchema, { requestId: 'req-1', tenantId: 'acme', correlationId: 'corr-1' }),
      productId: 'p-1',
    });

    const json = encodeMessage(ReviewSummaryRequestSchema, request, 'json');
    const jh = natsHeaders();
    jh.set('content-type', json.contentType);
    const ok = await probe.nc.request(subject, json.data, { timeout: 5000, headers: jh });
    expect(ok.headers?.has('Shopmind-Error') ?? false).toBe(false);
    const reply = fromJson(
      ReviewSummaryReplySchema,
      JSON.parse(new TextDecoder().decode(ok.data)) as JsonValue,
    );
    expect(reply).toMatchObject({
      productId: 'p-1',
      reviewCount: 3,
      meta: { requestId: 'req-1', correlationId: 'corr-1' },
    });

    const bin = encodeMessage(ReviewSummaryRequestSchema, request, 'protobuf');
    const bh = natsHeaders();
    bh.set('content-type', bin.contentType);
    const okBinary = await probe.nc.request(subject, bin.data, { timeout: 5000, headers: bh });
    expect(okBinary.headers?.get('content-type')).toBe('application/protobuf');
    expect(fromBinary(ReviewSummaryReplySchema, okBinary.data).reviewCount).toBe(3);

    const invalid = await probe.nc.request(subject, new TextEncoder().encode('{"productId": ""}'), {
      timeout: 5000,
    });
    expect(invalid.headers?.get('Shopmind-Error')).toBe('invalid_request');
    const error = fromJson(ErrorReplySchema, JSON.parse(new TextDecoder().decode(invalid.data)) as JsonValue);
    expect(error.code).toBe('invalid_request');
    expect(error.message).not.toBe('');

    const missing = encodeMessage(ReviewSummaryRequestSchema, { ...request, productId: 'missing' }, 'json');
    const notFound = await probe.nc.request(subject, missing.data, { timeout: 5000 });
    expect(notFound.headers?.get('Shopmind-Error')).toBe('not_found');
    expect(
      fromJson(ErrorReplySchema, JSON.parse(new TextDecoder().decode(notFound.data)) as JsonValue).requestId,
    ).toBe('req-1');

    const late = natsHeaders();
    late.set('Shopmind-Deadline', String(Date.now() - 1000));
    const expired = await probe.nc.request(subject, json.data, { timeout: 5000, headers: late });
    expect(expired.headers?.get('Shopmind-Error')).toBe('deadline_exceeded');
  });

  it('clamps a far Shopmind-Deadline to now + queryMaxDeadlineMs: 2^32 ms ahead is answered, a handler slower than the maximum gets deadline_exceeded after it', async () => {
    const { probe } = await setUp({ queryMaxDeadlineMs: 500 });
    const subject = `${probe.prefix}.${Queries.reviewSummary.subject('acme')}`;
    const request = (productId: string) =>
      encodeMessage(
        ReviewSummaryRequestSchema,
        create(ReviewSummaryRequestSchema, {
          meta: create(RequestMetaSchema, { requestId: `req-${productId}`, tenantId: 'acme' }),
          productId,
        }),
        'json',
      ).data;
    const deadlineIn = (ms: number) => {
      const h = natsHeaders();
      h.set('Shopmind-Deadline', String(Date.now() + ms));
      return h;
    };

    // Past 2^31 ms a Node timer fires at once: the deadline must not reach one unclamped.
    queryDeadlines.length = 0;
    const far = await probe.nc.request(subject, request('takes-100ms'), {
      timeout: 5000,
      headers: deadlineIn(2 ** 32),
    });
    expect(far.headers?.get('Shopmind-Error') ?? '').toBe('');
    expect(
      fromJson(ReviewSummaryReplySchema, JSON.parse(new TextDecoder().decode(far.data)) as JsonValue)
        .reviewCount,
    ).toBe(3);
    expect(queryDeadlines[0]).toBeLessThanOrEqual(Date.now() + 500);

    const startedAt = Date.now();
    const slow = await probe.nc.request(subject, request('slow'), {
      timeout: 5000,
      headers: deadlineIn(10_000),
    });
    const tookMs = Date.now() - startedAt;
    expect(slow.headers?.get('Shopmind-Error')).toBe('deadline_exceeded');
    expect(tookMs).toBeGreaterThanOrEqual(450);
    expect(tookMs).toBeLessThan(2500);
  });
});

describe('wire formats', () => {
  it('handles events in protobuf binary and in proto3 JSON, and publishes results in the configured format', async () => {
    behaviour = async (msg, ctx, h) => h.publishAnalysis(msg, ctx);
    const { probe } = await setUp({ publishFormat: 'protobuf' });
    const binary = aReview('acme', { body: 'sent as protobuf' });
    const json = aReview('acme', { body: 'sent as JSON' });
    // Header names are case-sensitive in NATS; a shop's client may well write `Content-Type`.
    const canonical = natsHeaders();
    canonical.set('Content-Type', 'application/protobuf');
    await probe.publish(Events.reviewSubmitted, binary, {
      raw: encodeMessage(ReviewSubmittedSchema, binary, 'protobuf').data,
      headers: canonical,
    });
    await probe.publish(Events.reviewSubmitted, json, { format: 'json' });

    const stored = await eventually(
      () => results(probe),
      (r) => r.length === 2,
    );
    expect(stored.map((s) => s.header.get('content-type'))).toEqual([
      'application/protobuf',
      'application/protobuf',
    ]);
    const causes = stored.map((s) => fromBinary(ReviewAnalysedSchema, s.data).envelope?.causationId);
    expect(causes.sort()).toEqual([binary.envelope?.eventId, json.envelope?.eventId].sort());
    expect(await deadLetters(probe)).toHaveLength(0);
  });
});

describe('BusPublisher', () => {
  it('stores a result published twice with the same cause and kind once', async () => {
    const { service, probe } = await setUp();
    const publisher = service.app.get(BusPublisher);
    const review = aReview('acme');
    const analysed = create(ReviewAnalysedSchema, {
      envelope: Object.assign(clone(EnvelopeSchema, review.envelope!), {
        eventId: 'analysed-1',
        causationId: review.envelope?.eventId,
      }),
      reviewId: review.reviewId,
      productId: review.productId,
      rating: 4,
      polarity: Polarity.POSITIVE,
      source: create(ResultSourceSchema, { tier: SourceTier.LOCAL }),
    });
    const opts = { causeEventId: review.envelope?.eventId ?? '', kind: 'review.analysed' };
    const firstAck = await publisher.publish(Events.reviewAnalysed, 'acme', analysed, opts);
    const secondAck = await publisher.publish(Events.reviewAnalysed, 'acme', analysed, opts);
    const otherLocale = await publisher.publish(Events.reviewAnalysed, 'acme', analysed, {
      ...opts,
      discriminator: 'de',
    });
    expect(firstAck.duplicate).toBe(false);
    expect(secondAck.duplicate).toBe(true);
    expect(otherLocale.duplicate).toBe(false);
    expect(await results(probe)).toHaveLength(2);
  });
});
