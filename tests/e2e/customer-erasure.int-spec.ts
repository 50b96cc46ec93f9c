// Customer erasure across the platform (issue 13, item 2): review-sentiment, knowledge-graph,
// product-copy, fraud-detection, recommendation and customer-service run in-process on real NATS
// (JetStream) and Redis, with the LLM answering reviews and support plans (so the gateway caches
// answers that quote the customer). One customer shops, orders (once as a guest), writes two reviews,
// writes to support as a guest and chats about an order; another customer does the same. After
// `privacy.erasure_requested` names the first one, nothing of them may remain anywhere in Redis: not
// their user id, their e-mail addresses (any case), the keyed hashes fraud-detection and
// customer-service store them as, nor the words of their reviews and support messages — while the
// other customer's data stays.
import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { create } from '@bufbuild/protobuf';
import { Events, InteractionKind, ProductSchema, SupportChannel } from '@shopmind/contracts';
import {
  aCustomerErasureRequested,
  anOrder,
  anOrderPlaced,
  aProductUpserted,
  aReviewSubmitted,
  aSupportMessageReceived,
  aUserInteracted,
  chatText,
  eventually,
  startInfra,
  uniqueTenant,
  type Infra,
  type RecordedRequest,
} from '@shopmind/testing';
import { Redis } from 'ioredis';
import { describeHits, findInRedis, type Needle } from './redis-keyspace-scan.js';
import { ShopPlatform } from './shop-platform.js';

const SECRET = `erasure-test-${randomBytes(12).toString('hex')}`;
const SUPPORT_SECRET = `erasure-support-${randomBytes(12).toString('hex')}`;

/**
 * The keyed hash fraud-detection stores an identifier as (its README, "Identifiers"): HMAC-SHA256
 * with FRAUD_HASH_SECRET over `<kind>\0<value>`, base64url, the first 22 characters; e-mail
 * addresses lower-cased, a guest's account is `guest:<e-mail>`.
 */
const keyedHash = (kind: 'user' | 'email', value: string): string =>
  createHmac('sha256', SECRET).update(`${kind}\0${value}`).digest('base64url').slice(0, 22);

/**
 * The name customer-service lists a customer's results and gateway entries under when it knows an
 * e-mail address (its README, "Customer erasure"): `email:` and HMAC-SHA256 with
 * SUPPORT_SUBJECT_SECRET over the lower-cased address, base64url, the first 22 characters.
 */
const supportHash = (email: string): string =>
  `email:${createHmac('sha256', SUPPORT_SECRET).update(email.toLowerCase()).digest('base64url').slice(0, 22)}`;

const word = (): string => Array.from(randomBytes(8), (b) => String.fromCharCode(97 + (b % 26))).join('');

/** A customer with an account, two e-mail addresses (the second used for a guest checkout), a review quote per product. */
function aCustomer(name: string) {
  const tag = word();
  const userId = `${name}-${tag}`;
  return {
    userId,
    // Mixed case on purpose: the shop may write an address differently each time.
    emails: [`${name}.${tag}@Example.COM`, `${name}.${tag}.guest@Mail.Example.org`],
    quotes: [`the ${word()} lid squeaks like a rusty violin`, `the ${word()} wheels glide like silk`],
    /** Words written to support: as a guest by e-mail, then in a chat on the account. */
    support: [`my ${word()} parcel smells of burnt toast`, `the ${word()} box came dented`],
  };
}
type Customer = ReturnType<typeof aCustomer>;

function needlesOf(c: Customer, options: { accountHashes: boolean }): Needle[] {
  const [e1, e2] = c.emails.map((e) => e.toLowerCase()) as [string, string];
  return [
    { label: 'user id', text: c.userId },
    ...c.emails.map((e, i) => ({ label: `e-mail ${i + 1}`, text: e, ignoreCase: true })),
    { label: 'user id (HMAC)', text: keyedHash('user', c.userId) },
    { label: 'e-mail 1 (HMAC)', text: keyedHash('email', e1) },
    { label: 'e-mail 2 (HMAC)', text: keyedHash('email', e2) },
    ...(options.accountHashes
      ? [
          { label: 'guest account of e-mail 1 (HMAC)', text: keyedHash('user', `guest:${e1}`) },
          { label: 'guest account of e-mail 2 (HMAC)', text: keyedHash('user', `guest:${e2}`) },
        ]
      : []),
    ...c.emails.map((e, i) => ({ label: `e-mail ${i + 1} (support HMAC)`, text: supportHash(e) })),
    ...c.quotes.map((q, i) => ({ label: `quote ${i + 1}`, text: q })),
    ...c.support.map((w, i) => ({ label: `support words ${i + 1}`, text: w })),
  ];
}

/** What the fake LLM plans for a support message with one of the phrases (quoting it, as models do). */
function supportPlanOf(phrases: string[], req: RecordedRequest) {
  const text = chatText(req);
  const phrase = phrases.find((p) => text.includes(p))!;
  const person = text.includes('talk to a person');
  return {
    kind: 'content' as const,
    content: {
      intent: person ? 'human_agent' : 'order_status',
      confidence: 0.9,
      orderId: '',
      tools: person ? [] : ['order_view'],
      answer: `You wrote that ${phrase}.`,
    },
  };
}

/** What the fake LLM answers for a review containing one of the quotes: that quote as evidence. */
function analysisOf(quotes: string[], req: RecordedRequest) {
  const text = chatText(req);
  const quote = quotes.find((q) => text.includes(q))!;
  const positive = quote.includes('silk');
  return {
    kind: 'content' as const,
    content: {
      polarity: positive ? 'positive' : 'negative',
      score: positive ? 0.8 : -0.7,
      confidence: 0.9,
      language: 'en',
      lowConfidence: false,
      aspects: [
        {
          aspect: positive ? 'design' : 'quality',
          polarity: positive ? 'positive' : 'negative',
          score: positive ? 0.8 : -0.7,
          evidence: quote,
        },
      ],
    },
  };
}

let infra: Infra;
let platform: ShopPlatform;
let redis: Redis;

beforeAll(async () => {
  infra = await startInfra();
  // A database of its own, so that scanning "every key" means every key the platform wrote.
  const url = new URL(infra.redisUrl);
  url.pathname = '/9';
  redis = new Redis(url.toString());
  await redis.flushdb();
  platform = await ShopPlatform.start(infra, {
    accounts: true,
    support: true,
    env: { REDIS_URL: url.toString(), FRAUD_HASH_SECRET: SECRET, SUPPORT_SUBJECT_SECRET: SUPPORT_SECRET },
  });
}, 90_000);

afterAll(async () => {
  await platform?.close();
  await redis?.quit();
  await infra?.stop();
});

describe('a customer erasure request', () => {
  it('leaves nothing of the customer anywhere in Redis — ids, e-mails, their keyed hashes, review words — and keeps the other customer', async () => {
    const tenant = uniqueTenant('erasure');
    const erin = aCustomer('erin');
    const olaf = aCustomer('olaf');
    const quotes = [...erin.quotes, ...olaf.quotes];
    platform.llm.replyAlways(
      (req) => analysisOf(quotes, req),
      (req) => quotes.some((q) => chatText(req).includes(q)),
    );
    const phrases = [...erin.support, ...olaf.support];
    platform.llm.replyAlways(
      (req) => supportPlanOf(phrases, req),
      (req) => phrases.some((p) => chatText(req).includes(p)),
    );
    const envelope = { tenantId: tenant };
    const products = ['p-train', 'p-car'].map((id, i) =>
      aProductUpserted({
        envelope,
        product: create(ProductSchema, {
          id: `${id}-${tenant}`,
          title: i ? 'Wooden Race Car' : 'Wooden Train Set',
          brand: 'Woodworks',
          categoryPath: ['Toys', 'Wooden Toys'],
          attributes: { material: 'wood' },
          language: 'en',
        }),
      }),
    );
    for (const p of products) await platform.publish(Events.productUpserted, tenant, p);
    const [p1, p2] = products.map((p) => p.product!.id) as [string, string];

    const accountOrders = new Map<Customer, string>();
    for (const c of [erin, olaf]) {
      const sessionId = `s-${word()}`;
      for (const [productId, kind] of [
        [p1, InteractionKind.VIEW],
        [p2, InteractionKind.ADD_TO_CART],
      ] as const)
        await platform.publish(
          Events.userInteracted,
          tenant,
          aUserInteracted({ envelope, userId: c.userId, sessionId, productId, kind }),
        );
      // An order on the account, and one as a guest with the second address.
      for (const [userId, email] of [
        [c.userId, c.emails[0]],
        ['', c.emails[1]],
      ] as const) {
        const order = anOrder({ userId, email });
        order.items[0]!.productId = p1;
        // A shop's order number, as a customer writes it.
        order.orderId = `W${randomInt(1_000_000, 10_000_000)}`;
        if (userId) accountOrders.set(c, order.orderId);
        await platform.publish(Events.orderPlaced, tenant, anOrderPlaced({ envelope, order }));
      }
      // The first review gives five stars to a complaint, unverified: fraud-detection flags it.
      for (const [i, productId] of [p1, p2].entries())
        await platform.publish(
          Events.reviewSubmitted,
          tenant,
          aReviewSubmitted({
            envelope,
            productId,
            userId: c.userId,
            rating: 5,
            verifiedPurchase: i === 1,
            title: i ? 'Smooth' : 'Noisy',
            body: `Bought it last month. Honestly, ${c.quotes[i]}. Would tell a friend about it.`,
          }),
        );
    }
    await platform.settled();
    // Support: a guest message from the second address asking for a person (support escalated, whose
    // summary quotes it), then a chat turn on the account about the account's order.
    for (const c of [erin, olaf]) {
      await platform.publish(
        Events.supportMessageReceived,
        tenant,
        aSupportMessageReceived({
          envelope,
          userId: '',
          senderEmail: c.emails[1],
          channel: SupportChannel.EMAIL,
          text: `Hello, ${c.support[0]}. Please let me talk to a person.`,
        }),
      );
      const reply = await platform.supportChat(tenant, {
        conversationId: `chat-${word()}`,
        userId: c.userId,
        text: `Where is my order #${accountOrders.get(c)}? Also ${c.support[1]}.`,
        channel: SupportChannel.CHAT,
        locale: 'en',
      });
      expect(reply.text).toContain(accountOrders.get(c)!);
    }
    await platform.settled();

    // The scan finds what landed: every kind of trace, in every Redis type it was written as, the
    // product summaries computed with the quotes, and the review flag stored with the user id.
    const erinNeedles = needlesOf(erin, { accountHashes: false });
    const present = erinNeedles.filter((n) => !n.label.startsWith('e-mail ') || n.label.endsWith('(HMAC)'));
    const before = await eventually(
      () => findInRedis(redis, erinNeedles),
      (hits) =>
        present.every((n) => hits.some((h) => h.label === n.label)) &&
        erin.quotes.every((q, i) =>
          hits.some((h) => h.label === `quote ${i + 1}` && h.key.endsWith(':summary')),
        ) &&
        hits.some((h) => h.label === 'user id' && h.key.endsWith(':fraud.review_flagged:analysed')) &&
        // customer-service's: the escalation stored for the guest, listed under the address's hash,
        // and the cached support plans of both turns.
        hits.some((h) => h.label === 'support words 1' && h.key.endsWith(':support.escalated')) &&
        hits.some((h) => h.label === 'e-mail 2 (support HMAC)' && h.key.startsWith('{customer-service:')) &&
        erin.support.every((_, i) =>
          hits.some((h) => h.label === `support words ${i + 1}` && h.key.endsWith(':answer')),
        ),
      { what: "the first customer's data in Redis", timeoutMs: 20_000 },
    );
    expect([...new Set(before.map((h) => h.type))]).toEqual(
      expect.arrayContaining(['string', 'hash', 'set', 'zset', 'list']),
    );
    expect(before.some((h) => h.where === 'key name')).toBe(true);

    await platform.publish(
      Events.erasureRequested,
      tenant,
      aCustomerErasureRequested({
        envelope,
        userId: erin.userId,
        emails: erin.emails.map((e) => e.toUpperCase()),
      }),
    );
    await platform.settled();

    const after = await findInRedis(redis, [
      ...needlesOf(erin, { accountHashes: true }),
      ...needlesOf(olaf, { accountHashes: false }).map((n) => ({ ...n, label: `other: ${n.label}` })),
    ]);
    const left = describeHits(after.filter((h) => !h.label.startsWith('other: ')));
    expect(left).toEqual({});
    // Erasure is not a flush: the other customer's account, hashes and words are all still there.
    const kept = new Set(after.map((h) => h.label));
    for (const label of [
      'user id',
      'user id (HMAC)',
      'e-mail 1 (HMAC)',
      'e-mail 2 (HMAC)',
      'quote 1',
      'quote 2',
      'e-mail 2 (support HMAC)',
      'support words 1',
      'support words 2',
    ])
      expect(kept).toContain(`other: ${label}`);
  }, 120_000);
});
