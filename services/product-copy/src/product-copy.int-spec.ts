// The service on a real NATS (JetStream) and Redis, with the fake OpenAI-compatible server as its
// LLM provider: copy per configured locale and channel in the shop's trace, regenerated only when
// the facts change, an unfaithful LLM answer repaired or replaced by local copy, an LLM outage
// answered locally and marked degraded, and on-demand generation.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { create, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import type { INestApplication } from '@nestjs/common';
import { connect, headers, type MsgHdrs, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import {
  CopyChannel,
  decodeMessage,
  encodeMessage,
  Events,
  GenerateCopyReplySchema,
  GenerateCopyRequestSchema,
  ProductSchema,
  Queries,
  SourceTier,
  type EventDefinition,
  type Product,
} from '@shopmind/contracts';
import { installTestTelemetry } from '@shopmind/telemetry';
import {
  aProductDeleted,
  aProductUpserted,
  aRequestMeta,
  chatText,
  startFakeOpenAi,
  startInfra,
  uniqueName,
  type FakeOpenAiServer,
  type Infra,
  type RecordedRequest,
} from '@shopmind/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { loadConfig } from './config.js';
import { CHANNEL_LIMITS, lengthViolations } from './domain/copy-text.js';
import { startProductCopy } from './product-copy.app.js';

const tenant = 'acme';
const prefix = uniqueName('pc')
  .toLowerCase()
  .replace(/[^a-z0-9]/g, '');
let infra: Infra;
let fake: FakeOpenAiServer;
let app: INestApplication;
let nc: NatsConnection;
let js: JetStreamClient;

type Generated = MessageShape<typeof Events.copyGenerated.schema>;
const seen: { msg: Generated; headers?: MsgHdrs }[] = [];
const waiters: {
  pred: (m: Generated) => boolean;
  resolve: (e: { msg: Generated; headers?: MsgHdrs }) => void;
}[] = [];

function next(pred: (m: Generated) => boolean): Promise<{ msg: Generated; headers?: MsgHdrs }> {
  const found = seen.find((e) => pred(e.msg));
  return found ? Promise.resolve(found) : new Promise((resolve) => waiters.push({ pred, resolve }));
}

async function publish<D extends DescMessage>(
  def: EventDefinition<D>,
  msg: MessageShape<D>,
): Promise<string> {
  const { data, contentType } = encodeMessage(def.schema, msg, 'json');
  const traceId = randomBytes(16).toString('hex');
  const h = headers();
  h.set('content-type', contentType);
  h.set('traceparent', `00-${traceId}-${randomBytes(8).toString('hex')}-01`);
  await js.publish(`${prefix}.${def.subject(tenant)}`, data, { headers: h });
  return traceId;
}

function aProduct(
  init: Partial<Pick<Product, 'id' | 'title' | 'brand' | 'categoryPath' | 'attributes' | 'description'>> & {
    priceMinor?: bigint;
  },
): Product {
  const { priceMinor, ...rest } = init;
  return create(ProductSchema, {
    id: `p-${randomUUID()}`,
    title: 'Bamboo Cutting Board',
    brand: 'Totally Bamboo',
    categoryPath: ['Kitchen', 'Cutting Boards'],
    attributes: { material: 'bamboo' },
    description: 'Three cutting boards with juice grooves. Hand wash only.',
    price: { currency: 'EUR', amountMinor: priceMinor ?? 2999n },
    language: 'en',
    ...rest,
  });
}

/** A unique word without digits, so a title cannot lend support to a number the copy invents. */
const uniqueWord = (): string => randomUUID().replace(/[^a-f]/g, '');

const forWeb = (title: string) => (req: RecordedRequest) =>
  chatText(req).includes(title) && chatText(req).includes('for the web channel');

beforeAll(async () => {
  installTestTelemetry();
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
  app = await startProductCopy(config, { listenHttp: false });
  nc = await connect({ servers: infra.natsUrl });
  js = jetstream(nc);
  nc.subscribe(`${prefix}.${Events.copyGenerated.subject(tenant)}`, {
    callback: (_err, m) => {
      const entry = {
        msg: decodeMessage(Events.copyGenerated.schema, m.data, m.headers?.get('content-type')),
        headers: m.headers,
      };
      seen.push(entry);
      for (const w of [...waiters]) {
        if (w.pred(entry.msg)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(entry);
        }
      }
    },
  });
}, 60_000);

afterAll(async () => {
  await app?.close();
  await nc?.drain();
  await fake?.stop();
  await infra?.stop();
});

describe('product-copy service', () => {
  it("writes copy for every configured channel in the shop's trace, locally and marked degraded when the LLM is down", async () => {
    const product = aProduct({});
    const event = aProductUpserted({ product });
    const traceId = await publish(Events.productUpserted, event);
    const web = await next((m) => m.productId === product.id && m.copy?.channel === CopyChannel.WEB);
    const market = await next(
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
    await publish(Events.productUpserted, aProductUpserted({ product: aProduct({ id }), version: 1n }));
    await next(
      (m) => m.productId === id && m.productVersion === 1n && m.copy?.channel === CopyChannel.MARKETPLACE,
    );
    await publish(
      Events.productUpserted,
      aProductUpserted({ product: aProduct({ id, priceMinor: 1999n }), version: 2n }),
    );
    await publish(
      Events.productUpserted,
      aProductUpserted({
        product: aProduct({ id, description: 'Three boards with deep juice grooves.' }),
        version: 3n,
      }),
    );
    const { msg } = await next(
      (m) => m.productId === id && m.productVersion === 3n && m.copy?.channel === CopyChannel.WEB,
    );
    // Handled in order (concurrency 1): version 2 produced nothing, so version 3 is the copy's second version.
    expect(seen.filter((e) => e.msg.productId === id && e.msg.productVersion === 2n)).toEqual([]);
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
    const product = aProduct({ title });
    await publish(Events.productUpserted, aProductUpserted({ product }));
    const { msg } = await next((m) => m.productId === product.id && m.copy?.channel === CopyChannel.WEB);
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
    const product = aProduct({ title });
    await publish(Events.productUpserted, aProductUpserted({ product }));
    const { msg } = await next((m) => m.productId === product.id && m.copy?.channel === CopyChannel.WEB);
    expect(msg.source?.tier).toBe(SourceTier.LOCAL);
    expect(msg.source?.degradedReason).not.toBe('');
    expect(msg.faithfulness?.passed).toBe(true);
    expect(JSON.stringify(msg.copy)).not.toMatch(/award/i);
  });

  it("answers an on-demand request within the channel's limits and publishes it when asked", async () => {
    const product = aProduct({ description: 'A long description. '.repeat(40) });
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
    const published = await next((m) => m.envelope?.causationId === req.meta?.requestId);
    expect(published.msg.copy?.title).toBe(copy.title);
  });

  it('forgets a deleted product: an on-demand request without the product is not found', async () => {
    const product = aProduct({});
    await publish(Events.productUpserted, aProductUpserted({ product, version: 1n }));
    await next((m) => m.productId === product.id && m.copy?.channel === CopyChannel.MARKETPLACE);
    await publish(Events.productDeleted, aProductDeleted({ productId: product.id, version: 2n }));
    const marker = aProduct({});
    await publish(Events.productUpserted, aProductUpserted({ product: marker }));
    await next((m) => m.productId === marker.id);
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
