// The service on real NATS (JetStream) and Redis: what shoppers do changes what it recommends,
// purchased and deleted products disappear, a new product is recommendable at once, replicas
// agree, an erased user leaves nothing behind, and a malformed request is refused.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { create } from '@bufbuild/protobuf';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import {
  CartSeedSchema,
  consumerName,
  decodeMessage,
  ErrorReplySchema,
  Events,
  InteractionKind,
  type TopKReply,
} from '@shopmind/contracts';
import { startService, type RunningService } from '@shopmind/service-kit';
import {
  aBareProduct,
  aCustomerErasureRequested,
  aProductDeleted,
  aProductUpserted,
  aUserInteracted,
  eventually,
  expectConsumerIdle,
  publishEvent,
  startInfra,
  uniqueName,
  type Infra,
  provisionNamespace,
} from '@shopmind/testing';
import { Redis } from 'ioredis';
import { TopKRecommender } from './application/top-k-recommender.js';
import { loadConfig, type RecommendationConfig } from './config.js';
import { topKQuestionOf } from './messages/top-k-message.js';
import { recommendation } from './recommendation.module.js';
import { naming, Shop, tenantKeys, type TestBed } from './recommendation-test-shop.js';

let infra: Infra;
let config: RecommendationConfig;
let replicas: RunningService[] = [];
let nc: NatsConnection;
let js: JetStreamClient;
let jsm: JetStreamManager;
const prefix = uniqueName('reco')
  .toLowerCase()
  .replace(/[^a-z0-9]/g, '');

beforeAll(async () => {
  infra = await startInfra();
  config = loadConfig({
    NATS_URL: infra.natsUrl,
    REDIS_URL: infra.redisUrl,
    HTTP_PORT: '0',
    SHOPMIND_SUBJECT_PREFIX: prefix,
  });
  await provisionNamespace(infra.natsUrl, prefix);
  replicas = [await startService(recommendation, config, { listenHttp: false })];
  nc = await connect({ servers: infra.natsUrl });
  js = jetstream(nc);
  jsm = await jetstreamManager(nc);
}, 60_000);

const bed = (): TestBed => ({ nc, js, jsm, prefix, service: config.service });

afterAll(async () => {
  for (const r of replicas) await r.close();
  await nc?.drain();
  await infra?.stop();
});

const ids = (reply: TopKReply) => reply.items.map((i) => i.productId);
const withoutMeta = (reply: TopKReply) => ({ ...reply, meta: undefined });

const forProduct = (productId: string) => ({ case: 'productId' as const, value: productId });
const forUser = (userId: string) => ({ case: 'userId' as const, value: userId });

describe('recommendation service', () => {
  it('recommends what shoppers viewed together with a product once their sessions say so, with reasons', async () => {
    const shop = new Shop(bed());
    await shop.product('train', 'Wooden Train Set', { categoryPath: ['Toys', 'Trains'], brand: 'Brio' });
    await shop.product('track', 'Train Track', { categoryPath: ['Toys', 'Trains'], brand: 'Ikea' });
    await shop.product('doll', 'Rag Doll', { categoryPath: ['Toys', 'Dolls'] });
    await shop.interaction(InteractionKind.VIEW, 'doll', 'u-0', 's-0');
    await shop.handled();
    const before = await shop.ask(shop.request(forProduct('train')));
    expect(before.strategy).not.toBe('co-occurrence');

    for (let i = 1; i <= 3; i++) {
      await shop.interaction(InteractionKind.VIEW, 'train', `u-${i}`, `s-${i}`);
      await shop.interaction(InteractionKind.ADD_TO_CART, 'track', `u-${i}`, `s-${i}`);
    }
    await shop.handled();
    const after = await shop.ask(shop.request(forProduct('train')));
    expect(after.strategy).toBe('co-occurrence');
    expect(ids(after)[0]).toBe('track');
    expect(ids(after)).not.toContain('train');
    expect(after.items[0]!.reasons).toContain('viewed together with Wooden Train Set');
    expect(after.items[0]!.title).toBe('Train Track');

    // For a user: their recent products lead to the neighbours, explained by what they viewed.
    await shop.interaction(InteractionKind.VIEW, 'train', 'u-new', 's-new');
    await shop.handled();
    const forNewUser = await shop.ask(shop.request(forUser('u-new')));
    expect(forNewUser.items.find((i) => i.productId === 'track')?.reasons).toContain(
      'because you viewed Wooden Train Set',
    );
  });

  it('never recommends what the user purchased nor a deleted product', async () => {
    const shop = new Shop(bed());
    for (const id of ['a', 'b', 'c']) await shop.product(id, `Product ${id.toUpperCase()}`);
    await shop.order('buyer', ['a']);
    await shop.order('someone', ['a', 'b', 'c']);
    await shop.handled();
    expect(ids(await shop.ask(shop.request(forUser('stranger'))))).toEqual(['a', 'b', 'c']);
    expect(ids(await shop.ask(shop.request(forUser('buyer'))))).not.toContain('a');
    const bought = await shop.ask(shop.request(forProduct('a')));
    expect(bought.items[0]!.reasons).toContain('bought together with Product A');

    await shop.publish(
      Events.productDeleted,
      aProductDeleted({ envelope: shop.envelope(), productId: 'b', version: 2n }),
    );
    await shop.handled();
    expect(ids(await shop.ask(shop.request(forUser('stranger'))))).toEqual(['a', 'c']);
    expect(ids(await shop.ask(shop.request(forProduct('a'))))).toEqual(['c']);
    // A late upsert with an older version does not bring it back.
    await shop.publish(
      Events.productUpserted,
      aProductUpserted({
        envelope: shop.envelope(),
        product: aBareProduct({ id: 'b', title: 'Old B' }),
        version: 1n,
      }),
    );
    await shop.handled();
    expect(ids(await shop.ask(shop.request(forUser('stranger'))))).toEqual(['a', 'c']);
  });

  it('makes an upserted product recommendable within a second', async () => {
    const shop = new Shop(bed());
    await shop.product('old', 'Old Favourite', { categoryPath: ['Games'] });
    await shop.handled();
    const published = Date.now();
    await shop.product('fresh', 'Fresh Puzzle', {
      categoryPath: ['Games', 'Puzzles'],
      price: { currency: 'EUR', amountMinor: 1299n },
      url: 'https://shop.example/fresh',
      imageUrls: ['https://shop.example/fresh.jpg'],
    });
    const reply = await eventually(
      async () => {
        const r = await shop.ask(shop.request(forUser('cold-user'), { category: 'puzzles' }));
        return r.items.length > 0 ? r : undefined;
      },
      { timeoutMs: 1000, intervalMs: 20, what: 'the new product among the recommendations' },
    );
    expect(Date.now() - published).toBeLessThan(1000);
    expect(reply.strategy).toBe('popular');
    expect(reply.items[0]).toMatchObject({
      productId: 'fresh',
      title: 'Fresh Puzzle',
      url: 'https://shop.example/fresh',
      imageUrl: 'https://shop.example/fresh.jpg',
      price: { currency: 'EUR', amountMinor: 1299n },
      reasons: ['popular in Puzzles this week'],
    });
  });

  it('gives a new product with no interactions content neighbours within a second of its upsert, with a reason', async () => {
    const shop = new Shop(bed());
    await shop.product('engine', 'Wooden Train Engine', { categoryPath: ['Toys', 'Trains'] });
    await shop.product('doll', 'Soft Rag Doll', {
      categoryPath: ['Toys', 'Dolls'],
      description: 'A cuddly cloth doll.',
    });
    await shop.handled();
    const published = Date.now();
    await shop.product('carriage', 'Wooden Train Carriage', {
      categoryPath: ['Toys', 'Trains'],
      description: 'A wooden carriage for the train.',
    });
    const reply = await eventually(
      async () => {
        const r = await shop.ask(shop.request(forProduct('carriage')));
        return r.items[0]?.productId === 'engine' ? r : undefined;
      },
      { timeoutMs: 1000, intervalMs: 20, what: 'the carriage’s content neighbour first' },
    );
    expect(Date.now() - published).toBeLessThan(1000);
    expect(reply.strategy).toBe('content');
    expect(reply.items[0]!.reasons[0]).toBe('similar to Wooden Train Carriage');
    // Both ways: the older product has the new one as a neighbour too.
    const back = await shop.ask(shop.request(forProduct('engine')));
    expect(back.items[0]).toMatchObject({ productId: 'carriage' });
    expect(back.items[0]!.reasons[0]).toBe('similar to Wooden Train Engine');
  });

  it('says "made of <material> like …" once the graph names the material both products share', async () => {
    const shop = new Shop(bed());
    await shop.product('engine', 'Wooden Train Engine', { categoryPath: ['Toys', 'Trains'] });
    await shop.product('carriage', 'Wooden Train Carriage', { categoryPath: ['Toys', 'Trains'] });
    await shop.handled();
    expect((await shop.ask(shop.request(forProduct('carriage')))).items[0]!.reasons[0]).toBe(
      'similar to Wooden Train Carriage',
    );
    await shop.madeOf('engine', 'wood');
    await shop.madeOf('carriage', 'wood');
    await shop.handled();
    const reply = await shop.ask(shop.request(forProduct('carriage')));
    expect(reply.items[0]!.productId).toBe('engine');
    expect(reply.items[0]!.reasons[0]).toBe('made of wood like Wooden Train Carriage');
  });

  it('gives the same answers from two replicas sharing one Redis', async () => {
    replicas.push(await startService(recommendation, config, { listenHttp: false }));
    const shop = new Shop(bed());
    for (let i = 0; i < 12; i++)
      await shop.product(`p${i}`, `Product ${i}`, { brand: `b${i % 4}`, categoryPath: [`c${i % 3}`] });
    for (let s = 0; s < 6; s++)
      for (const p of [`p${s}`, `p${s + 1}`, `p${(s * 5) % 12}`])
        await shop.interaction(InteractionKind.CLICK, p, `u${s % 2}`, `s${s}`);
    await shop.order('u0', ['p1', 'p2']);
    await shop.handled();
    const requests = [
      shop.request(forUser('u0')),
      shop.request(forUser('u1')),
      shop.request(forProduct('p1')),
      shop.request({ case: 'cart', value: create(CartSeedSchema, { productIds: ['p2', 'p3'] }) }),
    ];
    for (const req of requests) {
      const [one, two] = await Promise.all(
        replicas.map((r) => r.app.get(TopKRecommender).topK(shop.tenant, topKQuestionOf(req))),
      );
      expect(one).toEqual(two);
      // And over the bus, whichever replica answers.
      const answers = await Promise.all([1, 2, 3, 4].map(() => shop.ask(req)));
      for (const a of answers) expect({ ...a, meta: undefined }).toEqual({ ...answers[0], meta: undefined });
      expect(ids(answers[0]!)).toEqual(one!.items.map((i) => i.product.id));
    }
  });

  it('counts an interaction delivered twice once', async () => {
    const shop = new Shop(bed());
    const click = aUserInteracted({
      envelope: shop.envelope(),
      kind: InteractionKind.CLICK,
      productId: 'p-once',
      sessionId: 's-once',
    });
    // Two distinct JetStream message ids: the stream keeps both, the service sees the same event twice.
    for (const msgId of ['first', 'second'])
      await publishEvent(js, Events.userInteracted, click, {
        prefix,
        tenant: shop.tenant,
        msgId: `${click.envelope!.eventId}-${msgId}`,
      });
    const { seq } = await publishEvent(js, Events.userInteracted, click, {
      prefix,
      tenant: shop.tenant,
      msgId: 'third',
    });
    await expectConsumerIdle(
      jsm,
      Events.userInteracted.stream,
      consumerName(config.service, Events.userInteracted),
      {
        prefix,
        streamSeq: seq,
      },
    );
    const redis = new Redis(infra.redisUrl);
    try {
      // The tenant's first behaviour event anchors the decay, so its click is stored with weight 2.
      expect(Number(await redis.zscore(`{recommendation:${shop.tenant}:model}:pop`, 'p-once'))).toBe(2);
    } finally {
      await redis.quit();
    }
  });

  it('erases every key and value naming the user once per event id, keeps the aggregates, and then answers the user as a newcomer', async () => {
    const shop = new Shop(bed());
    const user = uniqueName('erase-me');
    for (const [id, leaf] of [
      ['a', 'Trains'],
      ['b', 'Trains'],
      ['c', 'Dolls'],
      ['d', 'Dolls'],
    ] as const)
      await shop.product(id, `Product ${id.toUpperCase()}`, { categoryPath: ['Toys', leaf] });
    // The session id names the user too, as a storefront's may.
    await shop.interaction(InteractionKind.VIEW, 'a', user, `${user}-session`);
    await shop.interaction(InteractionKind.ADD_TO_CART, 'b', user, `${user}-session`);
    await shop.interaction(InteractionKind.WISHLIST, 'd', user, `${user}-session`);
    await shop.order(user, ['b', 'c']);
    await shop.interaction(InteractionKind.CLICK, 'd', 'someone-else', 's-other');
    await shop.order('someone-else', ['a', 'd']);
    await shop.handled();

    const redis = new Redis(infra.redisUrl);
    try {
      const before = await tenantKeys(redis, shop.tenant);
      // The scan does see the user before: its emptiness afterwards means something.
      expect(naming(before, user).length).toBeGreaterThan(3);
      expect(ids(await shop.ask(shop.request(forUser(user))))).not.toContain('c');

      const erasure = aCustomerErasureRequested({ envelope: shop.envelope(), userId: user });
      await shop.publish(Events.erasureRequested, erasure);
      await shop.handled();

      const after = await tenantKeys(redis, shop.tenant);
      expect(naming(after, user)).toEqual([]);
      // Popularity, co-occurrence, the catalogue and the decay anchor stay as they were.
      const aggregates = (contents: Map<string, string[]>) =>
        [...contents].filter(([key]) => !key.includes(user) && !/:(u|s|done):/.test(key));
      expect(aggregates(after)).toEqual(aggregates(before));
      expect(aggregates(after).some(([key]) => key.endsWith(':co:b'))).toBe(true);

      const erased = await shop.ask(shop.request(forUser(user)));
      const newcomer = await shop.ask(shop.request(forUser(uniqueName('newcomer'))));
      expect(withoutMeta(erased)).toEqual(withoutMeta(newcomer));
      expect(erased.strategy).toBe('popular');
      expect(ids(erased)).toContain('c');

      // The same erasure delivered again after the user came back changes nothing.
      await shop.interaction(InteractionKind.VIEW, 'a', user, 's-back');
      await shop.handled();
      await shop.publish(Events.erasureRequested, erasure);
      await shop.handled();
      expect(await redis.zrange(`{recommendation:${shop.tenant}:model}:u:${user}:seen`, 0, -1)).toEqual([
        'a',
      ]);
    } finally {
      await redis.quit();
    }
  });

  it('answers a malformed request with invalid_request', async () => {
    const shop = new Shop(bed());
    const meta = { requestId: 'r-1', tenantId: shop.tenant };
    for (const malformed of [
      { meta, k: 5 },
      { meta, userId: 'u-1', k: 1000 },
    ]) {
      const reply = await shop.send({
        data: new TextEncoder().encode(JSON.stringify(malformed)),
        contentType: 'application/json',
      });
      expect(reply.error).toBe('invalid_request');
      expect(decodeMessage(ErrorReplySchema, reply.data, reply.contentType).code).toBe('invalid_request');
    }
  });
});
