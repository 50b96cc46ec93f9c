// The service on a real NATS (JetStream) and Redis, with the fake OpenAI-compatible server as its
// LLM provider: copy per configured locale and channel in the shop's trace, regenerated only when
// the facts change, an unfaithful LLM answer repaired or replaced by local copy, an LLM outage
// answered locally and marked degraded, and on-demand generation.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { create } from '@bufbuild/protobuf';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, type JetStreamManager, type PubAck } from '@nats-io/jetstream';
import {
  consumerName,
  CopyChannel,
  decodeMessage,
  encodeMessage,
  Events,
  GenerateCopyReplySchema,
  GenerateCopyRequestSchema,
  Queries,
  SourceTier,
  Streams,
  type EventDefinition,
} from '@shopmind/contracts';
import { startService, type RunningService } from '@shopmind/service-kit';
import { installTestTelemetry, type TestTelemetry } from '@shopmind/telemetry/testing';
import {
  aBareProduct,
  aProductDeleted,
  aProductUpserted,
  aRequestMeta,
  chatText,
  expectConsumerIdle,
  publishEvent,
  ResultCollector,
  startFakeOpenAi,
  startInfra,
  uniqueName,
  type FakeOpenAiServer,
  type Infra,
  type RecordedRequest,
  provisionNamespace,
} from '@shopmind/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { loadConfig } from './config.js';
import { CHANNEL_LIMITS, lengthViolations } from './domain/copy-text.js';
import { productCopy } from './product-copy.module.js';

const tenant = 'acme';
const prefix = uniqueName('pc')
  .toLowerCase()
  .replace(/[^a-z0-9]/g, '');
let infra: Infra;
let telemetry: TestTelemetry;
let fake: FakeOpenAiServer;
let service: RunningService;
let nc: NatsConnection;
let jsm: JetStreamManager;
let copies: ResultCollector<typeof Events.copyGenerated.schema>;

/** Waits until product-copy's consumer of `def` has handled and acknowledged everything up to `ack`. */
const handled = (def: EventDefinition, ack: PubAck) =>
  expectConsumerIdle(jsm, Streams.shopEvents.name, consumerName('product-copy', def), {
    prefix,
    streamSeq: ack.seq,
  });

/** The product the tests start from: with aBareProduct, exactly these facts and nothing else. */
const board = {
  title: 'Bamboo Cutting Board',
  brand: 'Totally Bamboo',
  categoryPath: ['Kitchen', 'Cutting Boards'],
  attributes: { material: 'bamboo' },
  description: 'Three cutting boards with juice grooves. Hand wash only.',
  price: { currency: 'EUR', amountMinor: 2999n },
};

/** A unique word without digits, so a title cannot lend support to a number the copy invents. */
const uniqueWord = (): string => randomUUID().replace(/[^a-f]/g, '');

const forWeb = (title: string) => (req: RecordedRequest) =>
  chatText(req).includes(title) && chatText(req).includes('for the web channel');

beforeAll(async () => {
  telemetry = installTestTelemetry();
  infra = await startInfra();
  fake = await startFakeOpenAi();
  fake.setDefaultReply({ kind: 'error', status: 503, message: 'provider down' });
  const config = loadConfig({
    NATS_URL: infra.natsUrl,
    REDIS_URL: infra.redisUrl,
    HTTP_PORT: '0',
    SHOPMIND_SUBJECT_PREFIX: prefix,
    SHOPMIND_BUS_CONCURRENCY: '1',
    COPY_TENANTS: JSON.stringify({
      [tenant]: { locales: ['en'], tone: 'warm', channels: ['web', 'marketplace'] },
    }),
    LLM_PROVIDERS: JSON.stringify([
      { name: 'fake', kind: 'openai-compatible', baseURL: fake.baseURL, model: 'fake-model' },
    ]),
    LLM_MAX_RETRIES: '0',
    LLM_BREAKER_MIN_RPS: '1000',
    LLM_KEY_PREFIX: `llm-${prefix}`,
  });
  await provisionNamespace(infra.natsUrl, prefix);
  service = await startService(productCopy, config, { listenHttp: false });
  nc = await connect({ servers: infra.natsUrl, name: 'shop-system' });
  jsm = await jetstreamManager(nc);
  // The same connection asks for consumer state: a copy published before its event was acknowledged
  // has arrived by the time the consumer reports it settled.
  copies = await new ResultCollector(nc, Events.copyGenerated, { tenant, prefix }).ready();
}, 60_000);

afterAll(async () => {
  await service?.close();
  await copies?.close();
  await nc?.drain();
  await fake?.stop();
  await infra?.stop();
  await telemetry?.shutdown();
});

describe('product-copy service', () => {
  it("writes copy for every configured channel in the shop's trace, locally and marked degraded when the LLM is down", async () => {
    const product = aBareProduct(board);
    const event = aProductUpserted({ product });
    const traceId = randomBytes(16).toString('hex');
    const h = headers();
    h.set('traceparent', `00-${traceId}-${randomBytes(8).toString('hex')}-01`);
    await publishEvent(nc, Events.productUpserted, event, { prefix, headers: h });
    const web = await copies.next((m) => m.productId === product.id && m.copy?.channel === CopyChannel.WEB);
    const market = await copies.next(
      (m) => m.productId === product.id && m.copy?.channel === CopyChannel.MARKETPLACE,
    );
    for (const { msg, headers: h } of [web, market]) {
      expect(h?.get('traceparent')).toContain(traceId);
      expect(msg.envelope?.causationId).toBe(event.envelope?.eventId);
      expect(msg.source?.tier).toBe(SourceTier.LOCAL);
      expect(msg.source?.degradedReason).not.toBe('');
      expect(msg.faithfulness).toMatchObject({ passed: true, unsupportedFacts: [] });
      expect(msg.copy?.locale).toBe('en');
      expect(msg.copy?.copyVersion).toBe(1);
    }
    expect(web.msg.copy?.shortDescription).toBe(
      'Meet the Bamboo Cutting Board from Totally Bamboo. Three cutting boards with juice grooves.',
    );
    expect(market.msg.copy?.seoTitle.length).toBeLessThanOrEqual(CHANNEL_LIMITS.marketplace.seoTitle);
  });

  it("rewrites copy only when the product's facts change, not for a new price", async () => {
    const id = `p-${randomUUID()}`;
    await publishEvent(
      nc,
      Events.productUpserted,
      aProductUpserted({ product: aBareProduct({ ...board, id }), version: 1n }),
      { prefix },
    );
    await copies.next(
      (m) => m.productId === id && m.productVersion === 1n && m.copy?.channel === CopyChannel.MARKETPLACE,
    );
    const newPrice = await publishEvent(
      nc,
      Events.productUpserted,
      aProductUpserted({
        product: aBareProduct({ ...board, id, price: { currency: 'EUR', amountMinor: 1999n } }),
        version: 2n,
      }),
      { prefix },
    );
    await handled(Events.productUpserted, newPrice);
    expect(copies.items.filter((m) => m.productId === id && m.productVersion === 2n)).toEqual([]);
    await publishEvent(
      nc,
      Events.productUpserted,
      aProductUpserted({
        product: aBareProduct({ ...board, id, description: 'Three boards with deep juice grooves.' }),
        version: 3n,
      }),
      { prefix },
    );
    const { msg } = await copies.next(
      (m) => m.productId === id && m.productVersion === 3n && m.copy?.channel === CopyChannel.WEB,
    );
    // Version 2 produced nothing, so version 3 is the copy's second version.
    expect(copies.items.filter((m) => m.productId === id && m.productVersion === 2n)).toEqual([]);
    expect(msg.copy?.copyVersion).toBe(2);
    expect(msg.copy?.longDescription).toContain('deep juice grooves');
  });

  it("repairs an LLM answer that invents facts, using the checker's list of unsupported facts", async () => {
    const title = `Bamboo Board ${uniqueWord()}`;
    const faithful = {
      title: 'Bamboo Board',
      shortDescription: 'Three bamboo boards with juice grooves.',
      longDescription: 'Three bamboo boards with juice grooves. Hand wash only.',
      bullets: ['Made of bamboo'],
      seoTitle: 'Bamboo Board',
      metaDescription: 'Three bamboo boards.',
    };
    fake.replyOnce(
      { kind: 'content', content: { ...faithful, bullets: ['Waterproof', 'Set of 4'] } },
      forWeb(title),
    );
    fake.replyOnce({ kind: 'content', content: faithful }, forWeb(title));
    const product = aBareProduct({ ...board, title });
    await publishEvent(nc, Events.productUpserted, aProductUpserted({ product }), { prefix });
    const { msg } = await copies.next(
      (m) => m.productId === product.id && m.copy?.channel === CopyChannel.WEB,
    );
    expect(msg.source?.tier).toBe(SourceTier.PROVIDER);
    expect(msg.faithfulness?.attempts).toEqual(['fake:repaired']);
    expect(msg.copy?.bullets).toEqual(['Made of bamboo']);
    const calls = fake.chatRequests().filter(forWeb(title));
    expect(calls).toHaveLength(2);
    expect(chatText(calls[1])).toContain('claim "waterproof"');
    expect(chatText(calls[1])).toContain('number "4"');
  });

  it('falls back to local copy when the LLM still invents facts after the repair', async () => {
    const title = `Bamboo Tray ${uniqueWord()}`;
    fake.replyAlways(
      {
        kind: 'content',
        content: {
          title: 'Bamboo Tray',
          shortDescription: 'Award-winning tray.',
          longDescription: 'Award-winning tray.',
          bullets: ['Award-winning'],
          seoTitle: 'Bamboo Tray',
          metaDescription: 'Award-winning tray.',
        },
      },
      forWeb(title),
    );
    const product = aBareProduct({ ...board, title });
    await publishEvent(nc, Events.productUpserted, aProductUpserted({ product }), { prefix });
    const { msg } = await copies.next(
      (m) => m.productId === product.id && m.copy?.channel === CopyChannel.WEB,
    );
    expect(msg.source?.tier).toBe(SourceTier.LOCAL);
    expect(msg.source?.degradedReason).not.toBe('');
    expect(msg.faithfulness?.passed).toBe(true);
    expect(JSON.stringify(msg.copy)).not.toMatch(/award/i);
  });

  it("answers an on-demand request within the channel's limits and publishes it when asked", async () => {
    const product = aBareProduct({ ...board, description: 'A long description. '.repeat(40) });
    const req = create(GenerateCopyRequestSchema, {
      meta: aRequestMeta(),
      productId: product.id,
      product,
      locale: 'en',
      channel: CopyChannel.SOCIAL,
      tone: 'playful',
      publish: true,
    });
    const { data, contentType } = encodeMessage(GenerateCopyRequestSchema, req, 'json');
    const h = headers();
    h.set('content-type', contentType);
    const reply = await nc.request(`${prefix}.${Queries.generateCopy.subject(tenant)}`, data, {
      timeout: 10_000,
      headers: h,
    });
    expect(reply.headers?.get('Shopmind-Error') ?? '').toBe('');
    const answer = decodeMessage(GenerateCopyReplySchema, reply.data, reply.headers?.get('content-type'));
    const copy = answer.copy!;
    expect(copy.tone).toBe('playful');
    expect(lengthViolations({ ...copy, bullets: copy.bullets }, CHANNEL_LIMITS.social)).toEqual([]);
    expect(answer.faithfulness?.passed).toBe(true);
    const published = await copies.next((m) => m.envelope?.causationId === req.meta?.requestId);
    expect(published.msg.copy?.title).toBe(copy.title);
  });

  /** Asks for copy on demand (published too) and returns the reply and the published message. */
  async function generateOnDemand(product: ReturnType<typeof aBareProduct>, locale: string) {
    const req = create(GenerateCopyRequestSchema, {
      meta: aRequestMeta(),
      productId: product.id,
      product,
      locale,
      channel: CopyChannel.WEB,
      tone: 'warm',
      publish: true,
    });
    const { data, contentType } = encodeMessage(GenerateCopyRequestSchema, req, 'json');
    const h = headers();
    h.set('content-type', contentType);
    const reply = await nc.request(`${prefix}.${Queries.generateCopy.subject(tenant)}`, data, {
      timeout: 10_000,
      headers: h,
    });
    expect(reply.headers?.get('Shopmind-Error') ?? '').toBe('');
    const answer = decodeMessage(GenerateCopyReplySchema, reply.data, reply.headers?.get('content-type'));
    const published = await copies.next((m) => m.envelope?.causationId === req.meta?.requestId);
    return { answer, published: published.msg };
  }

  it('writes Chinese copy for a Chinese product and replaces a Chinese LLM answer that invents cotton', async () => {
    const title = `涤纶儿童雨衣 ${uniqueWord()}`;
    const product = aBareProduct({
      title,
      brand: '小黄鸭',
      categoryPath: ['童装', '雨具'],
      attributes: { 材质: '涤纶', 颜色: '黄色' },
      description: '带反光条的连帽雨衣，下雨天上学更安心。',
      language: 'zh',
    });
    // An LLM-like answer that reads well and invents the material and a claim.
    fake.replyAlways(
      {
        kind: 'content',
        content: {
          title: '小黄鸭儿童雨衣',
          shortDescription: '纯棉面料，柔软亲肤。',
          longDescription: '纯棉面料，柔软亲肤，全防水设计。',
          bullets: ['纯棉面料'],
          seoTitle: '小黄鸭儿童雨衣',
          metaDescription: '纯棉面料的儿童雨衣。',
        },
      },
      (req) => chatText(req).includes(title),
    );
    const { answer, published } = await generateOnDemand(product, 'zh-CN');
    expect(answer.faithfulness?.passed).toBe(true);
    const text = JSON.stringify(answer.copy);
    expect(text).toContain('材质为涤纶');
    expect(text).toContain('颜色为黄色');
    expect(text).not.toContain('纯棉');
    expect(text).not.toContain('防水');
    expect(published.source?.tier).toBe(SourceTier.LOCAL);
    expect(published.source?.degradedReason).toBe('invalid_output');
    // The gateway's repair showed the model what the checker found in the Chinese answer.
    const calls = fake.chatRequests().filter((req) => chatText(req).includes(title));
    expect(calls).toHaveLength(2);
    expect(chatText(calls[1])).toContain('material "cotton"');
    expect(chatText(calls[1])).toContain('claim "waterproof"');
    expect(published.source?.degradedReason).not.toMatch(/does not translate|unsupported_language/);
    expect(published.copy?.locale).toBe('zh-CN');
  });

  it('marks copy for a locale no local frames cover as unsupported_language', async () => {
    const product = aBareProduct({ ...board, title: `Bamboo Board ${uniqueWord()}` });
    const { answer, published } = await generateOnDemand(product, 'fr-FR');
    expect(answer.faithfulness?.passed).toBe(true);
    expect(published.source?.tier).toBe(SourceTier.LOCAL);
    expect(published.source?.degradedReason).toMatch(/^unsupported_language: /);
    expect(published.copy?.locale).toBe('en');
  });

  it('forgets a deleted product: an on-demand request without the product is not found', async () => {
    const product = aBareProduct(board);
    await publishEvent(nc, Events.productUpserted, aProductUpserted({ product, version: 1n }), { prefix });
    await copies.next((m) => m.productId === product.id && m.copy?.channel === CopyChannel.MARKETPLACE);
    const deleted = await publishEvent(
      nc,
      Events.productDeleted,
      aProductDeleted({ productId: product.id, version: 2n }),
      { prefix },
    );
    await handled(Events.productDeleted, deleted);
    const req = create(GenerateCopyRequestSchema, {
      meta: aRequestMeta(),
      productId: product.id,
      locale: 'en',
      channel: CopyChannel.WEB,
    });
    const { data, contentType } = encodeMessage(GenerateCopyRequestSchema, req, 'json');
    const h = headers();
    h.set('content-type', contentType);
    const reply = await nc.request(`${prefix}.${Queries.generateCopy.subject(tenant)}`, data, {
      timeout: 5000,
      headers: h,
    });
    expect(reply.headers?.get('Shopmind-Error')).toBe('not_found');
  });
});
