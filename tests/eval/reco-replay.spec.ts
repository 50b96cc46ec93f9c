// The recommendation eval's hold-out and baselines on a replay small enough to work out by hand.
import { describe, expect, it } from '@jest/globals';
import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { encodeMessage, Events, InteractionKind, type EventDefinition } from '@shopmind/contracts';
import { aBareProduct, anOrder, anOrderPlaced, aProductUpserted, aUserInteracted } from '@shopmind/testing';
import {
  heldOutOrders,
  hitAt,
  ndcgAt,
  parseReplay,
  ReplayBaselines,
  type ReplayEvent,
} from './reco-replay.js';

const tenant = 'shop';
const envelope = { tenantId: tenant };
const line = <D extends DescMessage>(def: EventDefinition<D>, message: MessageShape<D>): string =>
  JSON.stringify({
    subject: def.subject(tenant),
    data: JSON.parse(new TextDecoder().decode(encodeMessage(def.schema, message, 'json').data)),
  });
const seen = (kind: InteractionKind, productId: string, userId: string, sessionId: string) =>
  line(Events.userInteracted, aUserInteracted({ envelope, kind, productId, userId, sessionId }));
const order = (userId: string, productIds: string[]) =>
  line(
    Events.orderPlaced,
    anOrderPlaced({
      envelope,
      order: anOrder({
        userId,
        items: productIds.map((productId) => ({
          productId,
          quantity: 1,
          unitPrice: { currency: 'EUR', amountMinor: 100n },
        })),
      }),
    }),
  );

// Line numbers in the comments are indexes into `events`.
const replay = [
  /* 0 */ line(Events.productUpserted, aProductUpserted({ envelope, product: aBareProduct({ id: 'a' }) })),
  /* 1 */ seen(InteractionKind.VIEW, 'a', 'u1', 's1'),
  /* 2 */ seen(InteractionKind.VIEW, 'b', 'u1', 's1'),
  /* 3 */ seen(InteractionKind.VIEW, 'c', 'u2', 's2'),
  /* 4 */ seen(InteractionKind.ADD_TO_CART, 'a', 'u2', 's2'),
  /* 5 */ order('u2', ['a', 'd']), // u2: d is new
  /* 6 */ seen(InteractionKind.VIEW, 'x', '', 's3'),
  /* 7 */ order('', ['x', 'a']), // anonymous: never held out
  /* 8 */ order('u1', ['a']), // nothing new to u1
  /* 9 */ order('u1', ['b', 'e', 'd']), // u1: e and d are new
  /* 10 */ order('u2', ['a']), // nothing new: u2's held-out order stays line 5
  /* 11 */ seen(InteractionKind.VIEW, 'f', 'u3', 's4'), // u3 never orders: not asked
].join('\n');

/** Feeds the baselines every event before `index`, as the eval does before asking. */
function baselinesBefore(events: ReplayEvent[], index: number): ReplayBaselines {
  const baselines = new ReplayBaselines();
  for (const e of events.slice(0, index)) baselines.observe(e);
  return baselines;
}

describe('recommendation eval: hold-out', () => {
  const events = parseReplay(`${replay}\n`);

  it('holds out each signed-in user’s last order with a product new to them, its new products relevant', () => {
    expect(heldOutOrders(events)).toEqual([
      { index: 5, tenant, userId: 'u2', relevant: ['d'] },
      { index: 9, tenant, userId: 'u1', relevant: ['e', 'd'] },
    ]);
  });

  it('reads each line’s tenant and event from its subject', () => {
    expect(events.map((e) => e.definition.key)).toEqual([
      'catalog.product_upserted',
      ...Array<string>(4).fill('interaction.user_interacted'),
      'order.placed',
      'interaction.user_interacted',
      ...Array<string>(4).fill('order.placed'),
      'interaction.user_interacted',
    ]);
    expect(events.every((e) => e.tenant === tenant)).toBe(true);
  });
});

describe('recommendation eval: baselines', () => {
  const events = parseReplay(replay);

  it('before any order: no popularity; co-occurrence from sessions, ties by product id', () => {
    const baselines = baselinesBefore(events, 5);
    expect(baselines.popularity(tenant, 'u2', 10)).toEqual([]);
    // u2's products: a (latest), c. a co-occurs with b (s1) and c (s2); c with a (s2).
    expect(baselines.lastProducts(tenant, 'u2')).toEqual(['a', 'c']);
    expect(baselines.coOccurrence(tenant, 'u2', 10)).toEqual(['a', 'b', 'c']);
  });

  it('counts orders containing a product, anonymous ones too, and leaves out what the user bought', () => {
    const baselines = baselinesBefore(events, 9);
    // a is in 3 orders but u1 bought it; d and x are in one each.
    expect(baselines.popularity(tenant, 'u1', 10)).toEqual(['d', 'x']);
    expect(baselines.popularity(tenant, 'u1', 1)).toEqual(['d']);
    expect(baselines.popularity(tenant, 'u3', 10)).toEqual(['a', 'd', 'x']);
  });

  it('adds co-occurrence in sessions and orders over the user’s last products', () => {
    const baselines = baselinesBefore(events, 9);
    // u1 saw a, b, then bought a again: a is the latest. a pairs with b (s1), c (s2), d (order),
    // x (anonymous order); b with a. a itself was bought, so it is left out.
    expect(baselines.lastProducts(tenant, 'u1')).toEqual(['a', 'b']);
    const ranked = baselines.coOccurrence(tenant, 'u1', 10);
    expect(ranked).toEqual(['b', 'c', 'd', 'x']);
    expect(hitAt(ranked, ['e', 'd'], 10)).toBe(1);
    expect(ndcgAt(ranked, ['e', 'd'], 10)).toBeCloseTo(1 / 2 / (1 + 1 / Math.log2(3)), 10);
  });

  it('sums a session pair once however often the products recur in it, and an order pair once per order', () => {
    const lines = [
      seen(InteractionKind.VIEW, 'p', 'v', 's'),
      seen(InteractionKind.VIEW, 'q', 'v', 's'),
      seen(InteractionKind.CLICK, 'q', 'v', 's'),
      seen(InteractionKind.VIEW, 'p', 'v', 's'),
      order('w', ['q', 'r']),
      order('w2', ['q', 'r', 'q']),
      seen(InteractionKind.VIEW, 'q', 'z', 's9'),
    ];
    const baselines = new ReplayBaselines();
    for (const e of parseReplay(lines.join('\n'))) baselines.observe(e);
    // z's only product is q: co(q, r) = 2 orders, co(q, p) = 1 session.
    expect(baselines.coOccurrence(tenant, 'z', 10)).toEqual(['r', 'p']);
  });

  it('seeds a user’s co-occurrence with their last 5 distinct products, most recent first', () => {
    const lines = ['a', 'b', 'c', 'd', 'e', 'f', 'b'].map((p, i) =>
      seen(InteractionKind.VIEW, p, 'u', `s${i}`),
    );
    const baselines = new ReplayBaselines();
    for (const e of parseReplay(lines.join('\n'))) baselines.observe(e);
    expect(baselines.lastProducts(tenant, 'u')).toEqual(['b', 'f', 'e', 'd', 'c']);
  });
});

describe('recommendation eval: metrics', () => {
  it('scores a hit anywhere in the first k and nDCG against an ideal list of every relevant product', () => {
    expect(hitAt(['x', 'y', 'r'], ['r'], 2)).toBe(0);
    expect(hitAt(['x', 'y', 'r'], ['r'], 3)).toBe(1);
    expect(ndcgAt(['r', 's'], ['r', 's'], 10)).toBe(1);
    expect(ndcgAt(['x', 'r'], ['r'], 10)).toBeCloseTo(1 / Math.log2(3), 10);
    expect(ndcgAt([], ['r'], 10)).toBe(0);
  });
});
