// review-sentiment end to end on a real NATS (JetStream) and Redis: the real service module booted
// in-process with the bus transport, driven like a shop system would drive it (JSON over NATS).
// Each describe block runs one service instance in its own subject namespace; each test uses its
// own tenant.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { create } from '@bufbuild/protobuf';
import { connect, headers as natsHeaders, type MsgHdrs, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, type JetStreamManager, type PubAck } from '@nats-io/jetstream';
import { context, trace } from '@opentelemetry/api';
import { Redis } from 'ioredis';
import {
  decodeMessage,
  deadLetterSubject,
  encodeMessage,
  Events,
  Polarity,
  prefixStream,
  Queries,
  ReviewAnalysedSchema,
  ReviewSubmittedSchema,
  ReviewSummaryReplySchema,
  ReviewSummaryRequestSchema,
  SourceTier,
  Streams,
  type ReviewAnalysed,
  type ReviewSubmitted,
  type ReviewSummaryReply,
  type WireFormat,
} from '@shopmind/contracts';
import { injectTraceContext, tracer } from '@shopmind/telemetry';
import { installTestTelemetry, type TestTelemetry } from '@shopmind/telemetry/testing';
import {
  aReview,
  chatText,
  eventually,
  publishEvent,
  startFakeOpenAi,
  startInfra,
  uniqueName,
  uniqueTenant,
  startRedisServer,
  type FakeOpenAiServer,
  type Infra,
  provisionNamespace,
} from '@shopmind/testing';
import { loadConfig, type ReviewSentimentConfig } from '../../services/review-sentiment/src/config.js';
import { reviewSentiment } from '../../services/review-sentiment/src/tools.js';
import { startService, type RunningService } from '@shopmind/service-kit';

let infra: Infra;
let telemetry: TestTelemetry;
let nc: NatsConnection;
let jsm: JetStreamManager;
let redis: Redis;

beforeAll(async () => {
  telemetry = installTestTelemetry();
  infra = await startInfra();
  nc = await connect({ servers: infra.natsUrl, name: 'shop-system' });
  jsm = await jetstreamManager(nc);
  redis = new Redis(infra.redisUrl);
}, 60_000);

afterAll(async () => {
  await nc?.drain();
  await redis?.quit();
  await infra?.stop();
  await telemetry?.shutdown();
});

/** One running service in its own namespace, and what a shop system sees of it. */
class ServiceUnderTest {
  private constructor(
    readonly service: RunningService,
    readonly prefix: string,
  ) {}

  get app() {
    return this.service.app;
  }

  static async start(
    env: Record<string, string> = {},
    opts: { listenHttp?: boolean } = {},
  ): Promise<ServiceUnderTest> {
    const prefix = await provisionNamespace(
      infra.natsUrl,
      uniqueName('rs')
        .toLowerCase()
        .replace(/[^a-z0-9]/g, ''),
    );
    const config: ReviewSentimentConfig = loadConfig({
      NATS_URL: infra.natsUrl,
      REDIS_URL: infra.redisUrl,
      HTTP_PORT: '0',
      SHOPMIND_SUBJECT_PREFIX: prefix,
      SHOPMIND_BUS_MAX_DELIVER: '3',
      SHOPMIND_BUS_ACK_WAIT_MS: '5000',
      SHOPMIND_BUS_RETRY_DELAY_MS: '100',
      REVIEW_SUMMARY_DEBOUNCE_MS: '50',
      LLM_KEY_PREFIX: `llm-${prefix}`,
      ...env,
    });
    return new ServiceUnderTest(
      await startService(reviewSentiment, config, { listenHttp: opts.listenHttp ?? false }),
      prefix,
    );
  }

  subject(logical: string): string {
    return `${this.prefix}.${logical}`;
  }

  stream(name: string): string {
    return prefixStream(this.prefix, name);
  }

  publishReview(review: ReviewSubmitted, headers?: MsgHdrs, format: WireFormat = 'json'): Promise<PubAck> {
    return publishEvent(nc, Events.reviewSubmitted, review, { prefix: this.prefix, headers, format });
  }

  /** `body` as a shop system's JSON review on `tenant`'s subject, whatever it holds. */
  async publishRaw(tenant: string, body: string): Promise<void> {
    const headers = natsHeaders();
    headers.set('content-type', 'application/json');
    const placeholder = aReview(tenant);
    await publishEvent(nc, Events.reviewSubmitted, placeholder, { prefix: this.prefix, headers, raw: body });
  }

  /** How many messages a stream stores on one subject. */
  async storedOn(stream: string, logicalSubject: string): Promise<number> {
    const info = await jsm.streams.info(this.stream(stream), {
      subjects_filter: this.subject(logicalSubject),
    });
    return info.state.subjects?.[this.subject(logicalSubject)] ?? 0;
  }

  async lastAnalysed(tenant: string): Promise<ReviewAnalysed> {
    const m = await jsm.streams.getMessage(this.stream(Streams.aiResults.name), {
      last_by_subj: this.subject(Events.reviewAnalysed.subject(tenant)),
    });
    return decodeMessage(ReviewAnalysedSchema, m!.data, m!.header.get('content-type'));
  }

  async waitForAnalysed(tenant: string, n: number): Promise<void> {
    await eventually(
      async () => (await this.storedOn(Streams.aiResults.name, Events.reviewAnalysed.subject(tenant))) >= n,
      { timeoutMs: 20_000, what: `${n} analysed reviews for ${tenant}` },
    );
  }

  async consumer() {
    return jsm.consumers.info(this.stream(Streams.shopEvents.name), 'review-sentiment__review_submitted');
  }

  async summary(tenant: string, productId: string, maxQuotes = 0): Promise<ReviewSummaryReply> {
    const { data, contentType } = encodeMessage(
      ReviewSummaryRequestSchema,
      create(ReviewSummaryRequestSchema, {
        meta: { requestId: uniqueName('req'), tenantId: tenant },
        productId,
        maxQuotes,
      }),
      'json',
    );
    const h = natsHeaders();
    h.set('content-type', contentType);
    const reply = await nc.request(this.subject(Queries.reviewSummary.subject(tenant)), data, {
      headers: h,
      timeout: 5000,
    });
    expect(reply.headers?.get('Shopmind-Error') ?? '').toBe('');
    return decodeMessage(ReviewSummaryReplySchema, reply.data, reply.headers?.get('content-type'));
  }

  async close(): Promise<void> {
    await this.service.close();
  }
}

async function storedCount(tenant: string, productId: string): Promise<number> {
  return Number((await redis.hget(`{review-sentiment:${tenant}:${productId}}:stats`, 'count')) ?? 0);
}

describe('review-sentiment with the local model', () => {
  let service: ServiceUnderTest;

  beforeAll(async () => {
    service = await ServiceUnderTest.start({}, { listenHttp: true });
  }, 60_000);

  afterAll(async () => {
    await service?.close();
  });

  it('answers readiness once NATS and Redis are reachable, and health always', async () => {
    const base = await service.app.getUrl();
    const health = await fetch(`${base.replace('[::1]', '127.0.0.1')}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${base.replace('[::1]', '127.0.0.1')}/readyz`);
    expect(ready.status).toBe(200);
    // The service kit's readiness report (@nestjs/terminus): every part up (both consumers: reviews
    // and erasure requests), the gateway local-only.
    expect(await ready.json()).toMatchObject({
      status: 'ok',
      info: {
        bus: { status: 'up', consumers: 2 },
        redis: { status: 'up' },
        llm: { status: 'up', mode: 'local-only' },
      },
      error: {},
    });
  });

  it('turns a published review into an analysed review in the same trace', async () => {
    const tenant = uniqueTenant('trace');
    const submitted = aReview(tenant, {
      rating: 5,
      title: 'Wonderful',
      body: 'Beautiful solid wood and sturdy wheels. Our son loves it.',
    });
    const shopSpan = tracer.startSpan('shop publishes a review');
    const h = natsHeaders();
    injectTraceContext(h, trace.setSpan(context.active(), shopSpan));
    await service.publishReview(submitted, h);
    shopSpan.end();
    await service.waitForAnalysed(tenant, 1);

    const analysed = await service.lastAnalysed(tenant);
    expect(analysed).toMatchObject({
      reviewId: submitted.reviewId,
      productId: submitted.productId,
      rating: 5,
      polarity: Polarity.POSITIVE,
    });
    expect(analysed.score).toBeGreaterThan(0);
    expect(analysed.envelope).toMatchObject({
      causationId: submitted.envelope!.eventId,
      correlationId: submitted.envelope!.correlationId || submitted.envelope!.eventId,
      tenantId: tenant,
      producer: 'review-sentiment',
    });
    expect(analysed.source).toMatchObject({
      tier: SourceTier.LOCAL,
      provider: 'local',
      degradedReason: 'not_configured',
    });
    expect(analysed.aspects.map((a) => a.aspect)).toContain('quality');

    const traceId = shopSpan.spanContext().traceId;
    const named = (name: string) => () =>
      telemetry.spans().find((s) => s.name === name && s.spanContext().traceId === traceId);
    const processSpan = named(`process ${Events.reviewSubmitted.subject(tenant)}`);
    const sendSpan = named(`send ${Events.reviewAnalysed.subject(tenant)}`);
    await eventually(async () => !!processSpan() && !!sendSpan(), {
      timeoutMs: 20_000,
      what: 'process and send spans',
    });
    // The handler's span hangs under the shop's publish (and links to it); the result's send span
    // hangs under the handler's.
    const shopSpanId = shopSpan.spanContext().spanId;
    expect(processSpan()!.parentSpanContext?.spanId).toBe(shopSpanId);
    expect(processSpan()!.links.map((l) => l.context.spanId)).toEqual([shopSpanId]);
    expect(sendSpan()!.parentSpanContext?.spanId ?? '').not.toBe('');
  });

  it('analyses a review published as protobuf binary just like one in proto3 JSON', async () => {
    const tenant = uniqueTenant('binary');
    const submitted = aReview(tenant, {
      rating: 1,
      title: 'Broke at once',
      body: 'The wheel broke on the first day and the paint smells awful.',
    });
    const h = natsHeaders();
    await service.publishReview(submitted, h, 'protobuf');
    expect(h.get('content-type')).toBe('application/protobuf');
    await service.waitForAnalysed(tenant, 1);

    const stored = await jsm.streams.getMessage(service.stream(Streams.aiResults.name), {
      last_by_subj: service.subject(Events.reviewAnalysed.subject(tenant)),
    });
    // What the service publishes follows its own setting (JSON by default), not the input's format.
    expect(stored!.header.get('content-type')).toBe('application/json');
    const analysed = decodeMessage(ReviewAnalysedSchema, stored!.data, stored!.header.get('content-type'));
    expect(analysed).toMatchObject({
      reviewId: submitted.reviewId,
      productId: submitted.productId,
      rating: 1,
      polarity: Polarity.NEGATIVE,
    });
    expect(analysed.envelope?.causationId).toBe(submitted.envelope!.eventId);
    expect(await storedCount(tenant, submitted.productId)).toBe(1);
  });

  it('judges a Chinese review in Chinese, and leaves a German one unjudged with reason unsupported_language', async () => {
    const tenant = uniqueTenant('languages');
    const chinese = aReview(tenant, { rating: 1, title: '', body: '质量太差了，用了两天就坏了，非常失望' });
    await service.publishReview(chinese);
    await service.waitForAnalysed(tenant, 1);
    const zh = await service.lastAnalysed(tenant);
    expect(zh).toMatchObject({ reviewId: chinese.reviewId, language: 'zh', polarity: Polarity.NEGATIVE });
    expect(zh.source?.degradedReason).toBe('not_configured');

    const german = aReview(tenant, {
      rating: 1,
      title: '',
      body: 'Das Produkt ist leider nach zwei Tagen kaputt gegangen, sehr enttäuschend.',
    });
    await service.publishReview(german);
    await service.waitForAnalysed(tenant, 2);
    const de = await service.lastAnalysed(tenant);
    expect(de).toMatchObject({ reviewId: german.reviewId, language: 'de', polarity: Polarity.NEUTRAL });
    expect(de.aspects).toEqual([]);
    expect(de.source?.degradedReason.split('; ')).toEqual(['not_configured', 'unsupported_language']);
  });

  it('dead-letters a malformed payload with a reason and goes on with the next good review', async () => {
    const tenant = uniqueTenant('dlq');
    await service.publishRaw(tenant, '{"envelope": "this is not an envelope"');
    const good = aReview(tenant);
    await service.publishReview(good);
    await service.waitForAnalysed(tenant, 1);
    expect((await service.lastAnalysed(tenant)).reviewId).toBe(good.reviewId);

    const dlq = deadLetterSubject('review-sentiment', Events.reviewSubmitted.subject(tenant));
    await eventually(async () => (await service.storedOn(Streams.deadLetters.name, dlq)) === 1, {
      timeoutMs: 20_000,
      what: 'the dead letter',
    });
    const letter = await jsm.streams.getMessage(service.stream(Streams.deadLetters.name), {
      last_by_subj: service.subject(dlq),
    });
    expect(letter!.string()).toBe('{"envelope": "this is not an envelope"');
    expect(letter!.header.get('Shopmind-Dlq-Reason')).toMatch(/undecodable|invalid/);
    expect(letter!.header.get('Shopmind-Dlq-Original-Subject')).toBe(Events.reviewSubmitted.subject(tenant));
  });

  it('dead-letters a review whose envelope names another shop than its subject', async () => {
    const tenant = uniqueTenant('spoof');
    const spoofed = aReview(uniqueTenant('victim'));
    const { data } = encodeMessage(ReviewSubmittedSchema, spoofed, 'json');
    await service.publishRaw(tenant, new TextDecoder().decode(data));
    const dlq = deadLetterSubject('review-sentiment', Events.reviewSubmitted.subject(tenant));
    await eventually(async () => (await service.storedOn(Streams.deadLetters.name, dlq)) === 1, {
      timeoutMs: 20_000,
      what: 'the dead letter',
    });
    expect(await storedCount(spoofed.envelope!.tenantId, spoofed.productId)).toBe(0);
  });

  it('yields one result for a duplicate event id and counts it once in the aggregates', async () => {
    const tenant = uniqueTenant('dup');
    const submitted = aReview(tenant, { rating: 2, title: 'Meh', body: 'The paint chipped after a week.' });
    await service.publishReview(submitted);
    await service.publishReview(submitted);
    await eventually(
      async () => {
        const c = await service.consumer();
        return (
          c.delivered.stream_seq > 0 &&
          c.num_pending === 0 &&
          c.num_ack_pending === 0 &&
          (await service.storedOn(Streams.aiResults.name, Events.reviewAnalysed.subject(tenant))) > 0
        );
      },
      { timeoutMs: 20_000, what: 'both copies handled' },
    );
    // Both copies were handled (the shop stream holds two), yet one result and one count.
    expect(await service.storedOn(Streams.shopEvents.name, Events.reviewSubmitted.subject(tenant))).toBe(2);
    expect(await service.storedOn(Streams.aiResults.name, Events.reviewAnalysed.subject(tenant))).toBe(1);
    expect(await storedCount(tenant, submitted.productId)).toBe(1);
    await eventually(async () => (await service.summary(tenant, submitted.productId)).reviewCount === 1, {
      timeoutMs: 20_000,
      what: 'the summary',
    });
    const summary = await service.summary(tenant, submitted.productId);
    expect(summary.ratingDistribution).toMatchObject({ one: 0, two: 1, three: 0, four: 0, five: 0 });
  });

  it('answers the summary query with the aggregates: distribution, aspects, pros, cons and quotes', async () => {
    const tenant = uniqueTenant('summary');
    const productId = 'p-wooden-train';
    const reviews = [
      aReview(tenant, {
        productId,
        rating: 5,
        title: 'Lovely',
        body: 'Beautiful solid wood, very sturdy. Great quality.',
      }),
      aReview(tenant, {
        productId,
        rating: 4,
        title: 'Good',
        body: 'Great quality for the price. The paint is lovely.',
      }),
      aReview(tenant, {
        productId,
        rating: 1,
        title: 'Broke',
        body: 'Cheap plastic wheels, broke on the second day. Terrible quality.',
        verifiedPurchase: false,
      }),
    ];
    for (const r of reviews) await service.publishReview(r);
    await service.waitForAnalysed(tenant, 3);
    await eventually(async () => (await service.summary(tenant, productId)).reviewCount === 3, {
      timeoutMs: 20_000,
      what: 'a summary of three reviews',
    });

    const summary = await service.summary(tenant, productId, 2);
    expect(summary.productId).toBe(productId);
    expect(summary.averageRating).toBeCloseTo(10 / 3, 2);
    expect(summary.ratingDistribution).toMatchObject({ one: 1, two: 0, three: 0, four: 1, five: 1 });
    const quality = summary.aspects.find((a) => a.aspect === 'quality');
    expect(quality).toBeDefined();
    expect(quality!.positive).toBeGreaterThanOrEqual(2);
    expect(quality!.negative).toBeGreaterThanOrEqual(1);
    expect(summary.pros.map((p) => p.aspect)).toContain('quality');
    expect(summary.cons.length).toBeGreaterThan(0);
    expect(summary.quotes).toHaveLength(2);
    expect(new Set(summary.quotes.map((q) => q.polarity))).toEqual(
      new Set([Polarity.POSITIVE, Polarity.NEGATIVE]),
    );
    expect(summary.summaryText).toMatch(/^Based on 3 reviews/);
    expect(summary.meta).toMatchObject({ source: { tier: SourceTier.STORE } });
  });

  it('answers an empty summary with zero counts for a product without reviews', async () => {
    const tenant = uniqueTenant('empty');
    const summary = await service.summary(tenant, 'p-nobody-reviewed');
    expect(summary).toMatchObject({
      productId: 'p-nobody-reviewed',
      reviewCount: 0,
      averageRating: 0,
      pros: [],
      cons: [],
      quotes: [],
      summaryText: '',
    });
    // Asking about a product does not create state for it.
    expect(await redis.exists(`{review-sentiment:${tenant}:p-nobody-reviewed}:summary`)).toBe(0);
  });

  it('answers an invalid summary request with an invalid_request error reply naming the violation', async () => {
    const tenant = uniqueTenant('badquery');
    const h = natsHeaders();
    h.set('content-type', 'application/json');
    const body = JSON.stringify({
      meta: { requestId: 'r-1', tenantId: tenant },
      productId: '',
      maxQuotes: 99,
    });
    const reply = await nc.request(service.subject(Queries.reviewSummary.subject(tenant)), body, {
      headers: h,
      timeout: 5000,
    });
    expect(reply.headers?.get('Shopmind-Error')).toBe('invalid_request');
    const error = reply.json<{ code: string; requestId: string; violations: string[] }>();
    expect(error.code).toBe('invalid_request');
    expect(error.requestId).toBe('r-1');
    expect(error.violations.join(' ')).toMatch(/product_id/);
    expect(error.violations.join(' ')).toMatch(/max_quotes/);
  });
});

describe('review-sentiment with an LLM provider', () => {
  let service: ServiceUnderTest;
  let llm: FakeOpenAiServer;

  beforeAll(async () => {
    llm = await startFakeOpenAi();
    service = await ServiceUnderTest.start({
      LLM_PROVIDERS: JSON.stringify([
        { name: 'fake-llm', kind: 'openai-compatible', baseURL: llm.baseURL, model: 'fake-model' },
      ]),
      LLM_MAX_RETRIES: '0',
      LLM_TIMEOUT_MS: '2000',
    });
  }, 60_000);

  afterAll(async () => {
    await service?.close();
    await llm?.stop();
  });

  it('says the provider answered when the LLM gives a valid analysis', async () => {
    llm.reset();
    llm.replyAlways({
      kind: 'content',
      content: {
        polarity: 'negative',
        score: -0.6,
        confidence: 0.95,
        language: 'en',
        lowConfidence: false,
        aspects: [
          { aspect: 'battery', polarity: 'negative', score: -0.7, evidence: 'battery lasts an hour' },
        ],
      },
    });
    const tenant = uniqueTenant('llm');
    const submitted = aReview(tenant, {
      rating: 4,
      title: 'Earbuds',
      body: `Sound is fine but the battery lasts an hour. ${tenant}`,
    });
    await service.publishReview(submitted);
    await service.waitForAnalysed(tenant, 1);
    const analysed = await service.lastAnalysed(tenant);
    expect(analysed.source).toMatchObject({
      tier: SourceTier.PROVIDER,
      provider: 'fake-llm',
      degradedReason: '',
    });
    expect(analysed.source!.promptVersion).toBe('review.sentiment@2');
    expect(analysed).toMatchObject({ polarity: Polarity.NEGATIVE, score: -0.6 });
    expect(analysed.aspects).toEqual([
      expect.objectContaining({ aspect: 'battery', evidence: 'battery lasts an hour' }),
    ]);
    expect(llm.chatRequests()).toHaveLength(1);
    expect(chatText(llm.chatRequests()[0]!)).toContain('the battery lasts an hour');
  });

  it('has the review redelivered later when the provider is rate-limited, then answers from the provider', async () => {
    llm.reset();
    llm.replyOnce({ kind: 'error', status: 429, retryAfterSeconds: 1, message: 'slow down' });
    llm.replyAlways({
      kind: 'content',
      content: {
        polarity: 'positive',
        score: 0.5,
        confidence: 0.8,
        language: 'en',
        lowConfidence: false,
        aspects: [],
      },
    });
    const tenant = uniqueTenant('llm429');
    const submitted = aReview(tenant, { body: `Does what it says. ${tenant}` });
    await service.publishReview(submitted);
    await service.waitForAnalysed(tenant, 1);
    const analysed = await service.lastAnalysed(tenant);
    // Deferred rather than degraded: the second delivery got the provider's answer.
    expect(analysed.source).toMatchObject({
      tier: SourceTier.PROVIDER,
      provider: 'fake-llm',
      degradedReason: '',
    });
    expect(llm.chatRequests()).toHaveLength(2);
    expect(await storedCount(tenant, submitted.productId)).toBe(1);
  });

  it('falls back to the local model when the LLM fails, saying so with the reason', async () => {
    llm.reset();
    llm.replyAlways({ kind: 'error', status: 500, message: 'provider is down' });
    const tenant = uniqueTenant('llmdown');
    const submitted = aReview(tenant, {
      rating: 5,
      title: 'Great',
      body: `Beautiful solid wood, very sturdy. ${tenant}`,
    });
    await service.publishReview(submitted);
    await service.waitForAnalysed(tenant, 1);
    const analysed = await service.lastAnalysed(tenant);
    expect(analysed.source).toMatchObject({
      tier: SourceTier.LOCAL,
      provider: 'local',
      degradedReason: 'server_error',
    });
    expect(analysed.polarity).toBe(Polarity.POSITIVE);
    expect(llm.chatRequests().length).toBeGreaterThanOrEqual(1);
    expect(await storedCount(tenant, submitted.productId)).toBe(1);
  });
});

describe('review-sentiment readiness', () => {
  it('is ready only while Redis answers, holds reviews meanwhile, and is ready again once it is back', async () => {
    const ownRedis = await startRedisServer();
    let service: ServiceUnderTest | undefined;
    try {
      service = await ServiceUnderTest.start({ REDIS_URL: ownRedis.url }, { listenHttp: true });
      const readyz = `${(await service.app.getUrl()).replace('[::1]', '127.0.0.1')}/readyz`;
      expect((await fetch(readyz)).status).toBe(200);

      await ownRedis.kill();
      const down = await fetch(readyz);
      expect(down.status).toBe(503);
      expect(JSON.stringify(await down.json())).toContain('redis');
      // The process itself stays healthy: only readiness reflects the dependency.
      expect((await fetch(readyz.replace('/readyz', '/healthz'))).status).toBe(200);

      // A review arriving meanwhile waits (or is redelivered) instead of being lost.
      const tenant = uniqueTenant('redisdown');
      const submitted = aReview(tenant);
      const { seq } = await service.publishReview(submitted);
      const held = await eventually(
        () => service!.consumer(),
        (c) => c.delivered.stream_seq >= seq,
        { what: 'the review delivered to the service' },
      );
      // Delivered, not acknowledged: the consumer holds it, and nothing was published for it.
      expect(held.ack_floor.stream_seq).toBeLessThan(seq);
      expect(await service.storedOn(Streams.aiResults.name, Events.reviewAnalysed.subject(tenant))).toBe(0);

      await ownRedis.start();
      await eventually(async () => (await fetch(readyz)).status === 200, {
        timeoutMs: 20_000,
        what: 'readiness after Redis is back',
      });
      await service.waitForAnalysed(tenant, 1);
      const own = new Redis(ownRedis.url);
      expect(await own.hget(`{review-sentiment:${tenant}:${submitted.productId}}:stats`, 'count')).toBe('1');
      await own.quit();
    } finally {
      await service?.close();
      await ownRedis.stop();
    }
  }, 60_000);

  it('answers the summary query with a fast unavailable while Redis is down, not at the deadline', async () => {
    const ownRedis = await startRedisServer();
    let service: ServiceUnderTest | undefined;
    try {
      service = await ServiceUnderTest.start({ REDIS_URL: ownRedis.url }, { listenHttp: true });
      const readyz = `${(await service.app.getUrl()).replace('[::1]', '127.0.0.1')}/readyz`;
      const tenant = uniqueTenant('summarydown');
      await ownRedis.kill();
      await eventually(async () => (await fetch(readyz)).status === 503, {
        what: 'readiness to see Redis down',
      });
      const { data, contentType } = encodeMessage(
        ReviewSummaryRequestSchema,
        create(ReviewSummaryRequestSchema, {
          meta: { requestId: uniqueName('req'), tenantId: tenant },
          productId: 'p-down',
        }),
        'json',
      );
      const h = natsHeaders();
      h.set('content-type', contentType);
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        const reply = await nc.request(service.subject(Queries.reviewSummary.subject(tenant)), data, {
          headers: h,
          timeout: 2000,
        });
        // An upper bound on a handful of requests, not a benchmark: the query's deadline is 5 s.
        expect(performance.now() - started).toBeLessThan(50);
        expect(reply.headers?.get('Shopmind-Error')).toBe('unavailable');
      }
    } finally {
      await service?.close();
      await ownRedis.stop();
    }
  }, 60_000);
});
