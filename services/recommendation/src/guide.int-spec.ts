// The shopping guide on real NATS and Redis: a conversation reaches safe, fitting picks within three
// questions, refinements change the list, a lost conversation starts again without an error, an
// erased shopper's conversations go, a malformed request is refused — and with an LLM configured,
// its wording may change the text but never which products are shown.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  decodeMessage,
  ErrorReplySchema,
  Events,
  Queries,
  type ShoppingGuideReply,
} from '@shopmind/contracts';
import { startService, type RunningService } from '@shopmind/service-kit';
import {
  aCustomerErasureRequested,
  chatText,
  startFakeOpenAi,
  startInfra,
  uniqueName,
  type FakeOpenAiServer,
  type Infra,
  provisionNamespace,
} from '@shopmind/testing';
import { Redis } from 'ioredis';
import { loadConfig } from './config.js';
import { recommendation } from './recommendation.module.js';
import { Shop, type TestBed } from './recommendation-test-shop.js';

let infra: Infra;
let fake: FakeOpenAiServer;
let nc: NatsConnection;
const services: RunningService[] = [];
/** The service on its local tier, and a second one (own subject prefix) with an LLM configured. */
let local: TestBed;
let withLlm: TestBed;

const prefixOf = (name: string) =>
  uniqueName(name)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

async function bedFor(prefix: string, env: Record<string, string> = {}): Promise<TestBed> {
  await provisionNamespace(infra.natsUrl, prefix);
  const config = loadConfig({
    NATS_URL: infra.natsUrl,
    REDIS_URL: infra.redisUrl,
    HTTP_PORT: '0',
    SHOPMIND_SUBJECT_PREFIX: prefix,
    ...env,
  });
  services.push(await startService(recommendation, config, { listenHttp: false }));
  return { nc, js: jetstream(nc), jsm: await jetstreamManager(nc), prefix, service: config.service };
}

beforeAll(async () => {
  infra = await startInfra();
  fake = await startFakeOpenAi();
  // The provider fails every call unless a test scripts an answer.
  fake.setDefaultReply({ kind: 'error', status: 503, message: 'provider down' });
  nc = await connect({ servers: infra.natsUrl });
  local = await bedFor(prefixOf('guide'));
  withLlm = await bedFor(prefixOf('guidellm'), {
    LLM_PROVIDERS: JSON.stringify([
      { name: 'fake', kind: 'openai-compatible', baseURL: fake.baseURL, model: 'fake-model' },
    ]),
    LLM_MAX_RETRIES: '0',
    LLM_BREAKER_MIN_RPS: '1000',
    LLM_KEY_PREFIX: `llm-${prefixOf('guide')}`,
  });
}, 60_000);

afterAll(async () => {
  for (const s of services) await s.close();
  await nc?.drain();
  await fake?.stop();
  await infra?.stop();
});

const eur = (euros: number) => ({ currency: 'EUR', amountMinor: BigInt(Math.round(euros * 100)) });

/** A toy shop where safety matters: ages, small parts, batteries and prices differ. */
async function toyShop(bed: TestBed): Promise<Shop> {
  const shop = new Shop(bed);
  const toys: [string, string, number, { min?: number; small?: boolean; text?: string; wood?: boolean }][] = [
    ['dino-puzzle', 'Dinosaur Floor Puzzle', 24.99, { min: 36 }],
    ['dino-figures', 'Dinosaur Figures Set', 19.99, { min: 36, small: true }],
    ['dino-plush', 'Dinosaur Plush T-Rex', 15, { min: 0 }],
    ['dino-kit', 'Dinosaur Excavation Kit', 29, { min: 96 }],
    ['dino-book', 'Dinosaur Sound Book', 12, {}],
    ['dino-lamp', 'Dinosaur Night Light', 45, { min: 36 }],
    ['dino-marbles', 'Dinosaur Marble Run', 28, { min: 36, text: 'Contains small parts – choking hazard.' }],
    ['train-wood', 'Wooden Train Starter Set', 18, { min: 24, wood: true }],
    ['train-battery', 'Battery Train Engine', 22, { min: 36, text: 'Requires 2 AA batteries.' }],
    ['train-mini', 'Mini Train Collection', 16, {}],
    [
      'train-pack',
      'Train Figure Pack',
      12,
      { min: 18, text: 'Tiny figures: small parts, not for under 3s.' },
    ],
    ['horse-stable', 'Horse Stable Playset', 35, { min: 48 }],
  ];
  for (const [id, title, price, o] of toys)
    await shop.product(id, title, {
      categoryPath: [
        'Toys',
        id.startsWith('dino') ? 'Dinosaurs' : id.startsWith('train') ? 'Trains' : 'Animals',
      ],
      price: eur(price),
      ...(o.min !== undefined ? { ageRange: { minMonths: o.min } } : {}),
      attributes: { ...(o.small ? { small_parts: 'yes' } : {}), ...(o.wood ? { material: 'wood' } : {}) },
      description: o.text ?? `${title} for curious children.`,
    });
  await shop.handled();
  return shop;
}

const picks = (r: ShoppingGuideReply) => r.recommendations.map((p) => p.productId);

describe('shopping guide', () => {
  let shop: Shop;
  beforeAll(async () => {
    shop = await toyShop(local);
  });

  it('goes from one rich message to safe picks that fit, each explained', async () => {
    const conversation = uniqueName('c');
    const opening = await shop.guide(conversation, '');
    expect(opening.recommended).toBe(false);
    expect(opening.text).not.toBe('');

    const reply = await shop.guide(
      conversation,
      "I'm looking for a present for my 4 year old niece, she loves dinosaurs, around 30 euros",
    );
    expect(reply.profile).toMatchObject({ ageMonths: 48, recipient: 'niece', interests: ['dinosaur'] });
    expect(reply.profile?.budgetMax).toMatchObject({ currency: 'EUR', amountMinor: 3000n });
    expect(reply.recommended).toBe(true);
    expect(picks(reply).length).toBeGreaterThan(0);
    // Never too old for her (the kit is 8+), never over budget (the light), always a dinosaur.
    for (const id of picks(reply))
      expect(['dino-puzzle', 'dino-figures', 'dino-plush', 'dino-book', 'dino-marbles']).toContain(id);
    for (const p of reply.recommendations) {
      expect(p.reasons.length).toBeGreaterThan(0);
      expect(p.price!.amountMinor).toBeLessThanOrEqual(3000n);
    }
  });

  it('asks at most three questions, then recommends only what is safe for a two-year-old', async () => {
    const conversation = uniqueName('c');
    const turns = ['a gift for my nephew', 'he is 2', 'trains', 'under 25 euros'];
    const replies: ShoppingGuideReply[] = [];
    for (const text of turns) replies.push(await shop.guide(conversation, text));
    const questions = replies.filter((r) => !r.recommended).length;
    expect(questions).toBeLessThanOrEqual(3);
    const last = replies.at(-1)!;
    expect(last.recommended).toBe(true);
    expect(last.profile).toMatchObject({ ageMonths: 24, recipient: 'nephew', interests: ['train'] });
    // The battery engine is 3+, the mini collection has no known minimum age, the figure pack has
    // small parts: none of them for a two-year-old.
    expect(picks(last)).toEqual(['train-wood']);
  });

  it('changes the list when asked for cheaper, something else, or told her real age', async () => {
    const conversation = uniqueName('c');
    const first = await shop.guide(conversation, 'my niece is 4 and loves dinosaurs, up to 30 euros');
    expect(first.recommended).toBe(true);

    const cheaper = await shop.guide(conversation, 'hmm, something cheaper please');
    const limit = cheaper.profile!.budgetMax!.amountMinor;
    expect(limit).toBeLessThan(3000n);
    for (const p of cheaper.recommendations) expect(p.price!.amountMinor).toBeLessThanOrEqual(limit);

    const other = await shop.guide(conversation, 'something else?');
    for (const id of picks(other)) expect(picks(cheaper)).not.toContain(id);

    const older = await shop.guide(conversation, 'actually she is 9');
    expect(older.profile?.ageMonths).toBe(108);

    const again = await shop.guide(uniqueName('c'), 'my niece is 4 and loves dinosaurs, up to 30 euros');
    const owned = picks(again)[0]!;
    const without = await shop.guide(
      again.conversationId,
      `she already has the ${again.recommendations[0]!.title.toLowerCase()}`,
    );
    expect(picks(without)).not.toContain(owned);
    expect(picks(without).length).toBeGreaterThan(0);
  });

  it('respects the constraints the shopper states', async () => {
    const noBatteries = await shop.guide(
      uniqueName('c'),
      'my nephew is 4 and loves trains, no batteries please, under 30 euros',
    );
    expect(noBatteries.profile?.constraints).toEqual(['no batteries']);
    expect(picks(noBatteries).length).toBeGreaterThan(0);
    expect(picks(noBatteries)).not.toContain('train-battery');
    const wooden = await shop.guide(
      uniqueName('c'),
      'my nephew is 4 and loves trains, something wooden, under 30 euros',
    );
    expect(picks(wooden)).toEqual(['train-wood']);
  });

  it('says when nothing fits and offers the nearest relaxation, never a safety rule', async () => {
    const conversation = uniqueName('c');
    const reply = await shop.guide(conversation, 'my 2 year old nephew loves dinosaurs, under 10 euros');
    expect(reply.recommendations).toEqual([]);
    expect(reply.text).toMatch(/€/); // the nearest relaxation is the budget: the plush is €15
    const accepted = await shop.guide(conversation, 'yes');
    // For a two-year-old only the plush is safe (known minimum age, no small parts).
    expect(picks(accepted)).toEqual(['dino-plush']);
  });

  it('starts again politely, from what the message says, when Redis lost the conversation', async () => {
    const conversation = uniqueName('c');
    await shop.guide(conversation, 'my daughter is 5 and loves horses');
    const redis = new Redis(infra.redisUrl);
    try {
      const key = `{recommendation:${shop.tenant}:guide}:c:${conversation}`;
      expect(await redis.exists(key)).toBe(1);
      await redis.del(key); // what an eviction does
    } finally {
      await redis.quit();
    }
    const after = await shop.guide(conversation, 'under 40 euros');
    expect(after.profile?.ageMonths).toBeUndefined();
    expect(after.profile?.budgetMax).toMatchObject({ currency: 'EUR', amountMinor: 4000n });
    expect(after.recommended).toBe(false);
    expect(after.missing).toContain('age');
  });

  it("deletes an erased shopper's conversations, and a conversation is never continued by someone else", async () => {
    const conversation = uniqueName('c');
    const user = uniqueName('shopper');
    await shop.guide(conversation, 'my son is 6 and loves trains', user);
    const stranger = await shop.guide(conversation, 'under 20 euros', uniqueName('stranger'));
    expect(stranger.profile?.ageMonths).toBeUndefined();

    await shop.publish(
      Events.erasureRequested,
      aCustomerErasureRequested({ envelope: shop.envelope(), userId: user }),
    );
    await shop.handled();
    const redis = new Redis(infra.redisUrl);
    try {
      expect(await redis.keys(`{recommendation:${shop.tenant}:guide}:*${user}*`)).toEqual([]);
      expect(await redis.exists(`{recommendation:${shop.tenant}:guide}:c:${conversation}`)).toBe(0);
    } finally {
      await redis.quit();
    }
  });

  it('holds a conversation in Chinese: Chinese questions, the same slot values, safe picks explained in Chinese', async () => {
    const conversation = uniqueName('c');
    const opening = await shop.guide(conversation, '', '', 0, 'zh-CN');
    expect(opening.text).toMatch(/送给谁/);

    const recipient = await shop.guide(conversation, '想给我侄女买个礼物');
    expect(recipient.profile).toMatchObject({ recipient: 'niece' });
    expect(recipient.text).toBe('你的侄女多大了？');

    const age = await shop.guide(conversation, '四岁');
    expect(age.profile?.ageMonths).toBe(48);
    expect(age.text).toMatch(/喜欢什么/);

    const interests = await shop.guide(conversation, '她特别喜欢恐龙，不要有小零件');
    expect(interests.profile).toMatchObject({ interests: ['dinosaur'], constraints: ['no small parts'] });
    expect(interests.text).toMatch(/多少钱/);

    // No unit: the shop's own currency, as in English.
    const reply = await shop.guide(conversation, '30以内');
    expect(reply.profile?.budgetMax).toMatchObject({ currency: 'EUR', amountMinor: 3000n });
    expect(reply.recommended).toBe(true);
    expect(reply.text).toMatch(/^给你的侄女挑了/);
    expect(picks(reply).length).toBeGreaterThan(0);
    // Safe for a four-year-old, without small parts, within budget, a dinosaur.
    for (const id of picks(reply)) expect(['dino-puzzle', 'dino-plush', 'dino-book']).toContain(id);
    for (const p of reply.recommendations) expect(p.reasons.join('；')).toMatch(/恐龙/);
    expect(reply.meta?.source?.degradedReason).toBe('');

    const cheaper = await shop.guide(conversation, '有便宜点的吗？');
    expect(cheaper.profile!.budgetMax!.amountMinor).toBeLessThan(3000n);
    expect(cheaper.text).toMatch(/^这些更便宜一些/);
  });

  it('answers a language no local model reads in English, marked unsupported_language', async () => {
    const reply = await shop.guide(
      uniqueName('c'),
      'je cherche un cadeau pour ma nièce de 4 ans, elle adore les dinosaures',
      '',
      0,
      'fr',
    );
    expect(reply.meta?.source?.degradedReason).toBe('unsupported_language');
    expect(reply.recommended).toBe(false);
    expect(reply.text).toMatch(/^[\x20-\x7e—…]+$/);
    const english = await shop.guide(uniqueName('c'), 'my niece is 4 and loves dinosaurs, up to 30 euros');
    expect(english.meta?.source?.degradedReason).toBe('');
  });

  it('answers a malformed request with invalid_request', async () => {
    const reply = await shop.send(
      {
        data: new TextEncoder().encode(
          JSON.stringify({ meta: { tenantId: shop.tenant }, conversationId: '' }),
        ),
        contentType: 'application/json',
      },
      Queries.shoppingGuide,
    );
    expect(reply.error).toBe('invalid_request');
    expect(decodeMessage(ErrorReplySchema, reply.data, reply.contentType).code).toBe('invalid_request');
  });
});

describe('shopping guide with an LLM', () => {
  const message = 'gift for my 4 year old niece who loves dinosaurs, around 30 euros';
  let localShop: Shop;
  let llmShop: Shop;
  beforeAll(async () => {
    [localShop, llmShop] = await Promise.all([toyShop(local), toyShop(withLlm)]);
  });

  it('shows the same products with the same text when the LLM fails on every call', async () => {
    const [a, b] = [
      await localShop.guide(uniqueName('c'), message),
      await llmShop.guide(uniqueName('c'), message),
    ];
    expect(picks(b)).toEqual(picks(a));
    expect(b.text).toBe(a.text);
    expect(fake.requests.length).toBeGreaterThan(0); // the LLM was asked, and failed
  });

  it('lets the LLM word the answer, never choose what is shown', async () => {
    fake.replyOnce(
      (req) => {
        const answer = /"answer": "((?:[^"\\]|\\.)*)"/.exec(chatText(req))?.[1] ?? '';
        return {
          kind: 'content',
          content: { text: `Happy to help! ${JSON.parse(`"${answer}"`) as string}` },
        };
      },
      (req) => chatText(req).includes("gift guide. You get the guide's answer"),
    );
    const [a, b] = [
      await localShop.guide(uniqueName('c'), message),
      await llmShop.guide(uniqueName('c'), message),
    ];
    expect(b.text).toMatch(/^Happy to help! /);
    expect(picks(b)).toEqual(picks(a));
    // An answer that drops a product is not used: the template is. (Another message: the answer
    // above is cached for the same template.)
    fake.replyOnce({ kind: 'content', content: { text: 'Try the excavation kit!' } }, (req) =>
      chatText(req).includes("gift guide. You get the guide's answer"),
    );
    const other = 'my niece is 4, she is into dinosaurs, max 29 euros';
    const [d, c] = [
      await localShop.guide(uniqueName('c'), other),
      await llmShop.guide(uniqueName('c'), other),
    ];
    expect(c.text).toBe(d.text);
    expect(picks(c)).toEqual(picks(d));
  });
});
