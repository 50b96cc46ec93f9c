// A small synthetic shop as a recommendation replay (JSON Lines of `{"subject", "data"}`, proto3
// JSON through the contracts' encoder, in time order), deterministic by seed. The catalogue has
// categories, brands and "kits" (products bought together: a train and its tracks); users have
// category tastes and come back to what they looked at; sessions of views, clicks and add-to-carts
// walk from a product to its kit-mates or to others of its category; an order holds the session's
// cart. Some shoppers are anonymous (empty user id), some products go out of stock or are deleted.
//
//   npm run build && node dist/tests/eval/reco-shop-generator.js --profile dev|shifted --seed N > file.jsonl
import { create, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import {
  encodeMessage,
  Events,
  InteractionKind,
  OrderPlacedSchema,
  PaymentMethod,
  ProductDeletedSchema,
  ProductUpsertedSchema,
  UserInteractedSchema,
  type EventDefinition,
} from '@shopmind/contracts';
import { seededRandom } from '@shopmind/testing';

export interface ShopProfile {
  name: string;
  tenant: string;
  /** Top-level categories, each with its leaf categories. */
  categories: { top: string; leaves: string[] }[];
  brandsPerLeaf: number;
  productsPerLeaf: number;
  kitSize: [number, number];
  users: number;
  tastesPerUser: number;
  sessionsPerUser: [number, number];
  anonymousSessions: number;
  sessionLength: [number, number];
  /** Per step: follow a kit-mate of the current product (else another of its category). */
  kitFollow: number;
  /** Per session: start from a kit-mate of something the user saw before (else a fresh pick). */
  returnToHistory: number;
  /** Per session: stay in the user's tastes (else any category). */
  tasteShare: number;
  clickShare: number;
  cartShare: number;
  /** Per session with a cart: the cart becomes an order. */
  checkout: number;
  /** Items an order takes from the cart at most. */
  maxOrderItems: number;
  /**
   * Per order: it also holds items bought without a tracked interaction (a "complete the set"
   * offer at checkout, an untracked app), how many, and the share of them that are kit-mates of the
   * cart (the others: popular in the user's tastes). Without these no order has a product new to its
   * buyer, since every cart item was viewed first.
   */
  untracked: number;
  untrackedItems: [number, number];
  untrackedKitShare: number;
  outOfStockShare: number;
  deletes: number;
  days: number;
}

export const PROFILES: Record<string, ShopProfile> = {
  dev: {
    name: 'dev',
    tenant: 'toyshop',
    categories: [
      { top: 'Toys', leaves: ['Trains', 'Dolls', 'Puzzles', 'Building Sets'] },
      { top: 'Kitchen', leaves: ['Pans', 'Knives', 'Mugs'] },
      { top: 'Garden', leaves: ['Tools', 'Planters', 'Seeds'] },
    ],
    brandsPerLeaf: 3,
    productsPerLeaf: 12,
    kitSize: [2, 4],
    users: 140,
    tastesPerUser: 2,
    sessionsPerUser: [2, 6],
    anonymousSessions: 60,
    sessionLength: [2, 7],
    kitFollow: 0.55,
    returnToHistory: 0.5,
    tasteShare: 0.8,
    clickShare: 0.5,
    cartShare: 0.35,
    checkout: 0.7,
    maxOrderItems: 4,
    untracked: 0.5,
    untrackedItems: [1, 2],
    untrackedKitShare: 0.6,
    outOfStockShare: 0.05,
    deletes: 6,
    days: 30,
  },
  // The held-out profile: other categories and counts, shorter sessions, bigger orders, weaker kits.
  shifted: {
    name: 'shifted',
    tenant: 'homestore',
    categories: [
      { top: 'Electronics', leaves: ['Headphones', 'Cameras', 'Chargers', 'Speakers', 'Cables'] },
      { top: 'Fashion', leaves: ['Shoes', 'Jackets', 'Bags', 'Hats'] },
      { top: 'Sports', leaves: ['Bikes', 'Yoga', 'Running', 'Camping', 'Swimming', 'Climbing'] },
    ],
    brandsPerLeaf: 4,
    productsPerLeaf: 8,
    kitSize: [2, 3],
    users: 200,
    tastesPerUser: 3,
    sessionsPerUser: [1, 5],
    anonymousSessions: 90,
    sessionLength: [1, 5],
    kitFollow: 0.45,
    returnToHistory: 0.4,
    tasteShare: 0.7,
    clickShare: 0.4,
    cartShare: 0.45,
    checkout: 0.6,
    maxOrderItems: 6,
    untracked: 0.4,
    untrackedItems: [1, 3],
    untrackedKitShare: 0.5,
    outOfStockShare: 0.08,
    deletes: 10,
    days: 21,
  },
};

interface Product {
  id: string;
  title: string;
  brand: string;
  path: string[];
  priceMinor: bigint;
  kit: string[];
  /** Popularity rank inside its leaf (0 = the most popular). */
  rank: number;
  outOfStockAt?: number;
  deletedAt?: number;
}

interface Line {
  at: number;
  order: number;
  subject: string;
  data: unknown;
}

export function generateShop(profile: ShopProfile, seed: number): string[] {
  const random = seededRandom(seed);
  const between = ([lo, hi]: [number, number]) => lo + Math.floor(random() * (hi - lo + 1));
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
  // Zipf-like choice: earlier entries (popular products) are picked more often.
  const pickPopular = <T>(xs: T[]): T => xs[Math.floor(xs.length * random() ** 2)]!;
  const shuffled = <T>(xs: T[]): T[] => {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  };
  const start = Date.UTC(2026, 8, 1);
  const span = profile.days * 86_400_000;
  const lines: Line[] = [];
  let counter = 0;
  const emit = <D extends DescMessage>(def: EventDefinition<D>, at: number, message: MessageShape<D>) => {
    const json = new TextDecoder().decode(encodeMessage(def.schema, message, 'json').data);
    lines.push({ at, order: counter++, subject: def.subject(profile.tenant), data: JSON.parse(json) });
  };
  const envelope = (at: number) => ({
    eventId: `${profile.name}-${seed}-e${counter}`,
    occurredAt: { seconds: BigInt(Math.floor(at / 1000)), nanos: (at % 1000) * 1_000_000 },
    producer: 'synthetic-shop',
    tenantId: profile.tenant,
    schemaVersion: 1,
  });

  // Catalogue: per leaf, brands and products; kits group products of one leaf or of two leaves of
  // the same top category (a pan and its knife).
  const products: Product[] = [];
  const byLeaf = new Map<string, Product[]>();
  for (const { top, leaves } of profile.categories) {
    for (const leaf of leaves) {
      const brands = Array.from({ length: profile.brandsPerLeaf }, (_, i) => `${leaf} Brand ${i + 1}`);
      const list: Product[] = [];
      for (let i = 0; i < profile.productsPerLeaf; i++) {
        const id = `p-${leaf.toLowerCase().replace(/\s+/g, '-')}-${String(i).padStart(2, '0')}`;
        list.push({
          id,
          title: `${leaf.replace(/s$/, '')} ${i + 1}`,
          brand: pick(brands),
          path: [top, leaf],
          priceMinor: BigInt(between([500, 20_000])),
          kit: [],
          rank: i,
        });
      }
      byLeaf.set(leaf, list);
      products.push(...list);
    }
    const pool = shuffled(leaves.flatMap((l) => byLeaf.get(l)!));
    while (pool.length) {
      const kit = pool.splice(0, between(profile.kitSize));
      for (const p of kit) p.kit = kit.filter((q) => q !== p).map((q) => q.id);
    }
  }
  const byId = new Map(products.map((p) => [p.id, p]));
  for (const p of products) {
    if (random() < profile.outOfStockShare) p.outOfStockAt = start + Math.floor(random() * span);
  }
  for (let i = 0; i < profile.deletes; i++) pick(products).deletedAt ??= start + Math.floor(random() * span);

  for (const p of products) {
    const product = {
      id: p.id,
      sku: `sku-${p.id}`,
      title: p.title,
      brand: p.brand,
      categoryPath: p.path,
      price: { currency: 'EUR', amountMinor: p.priceMinor },
      stock: 25n,
      url: `https://${profile.tenant}.example/p/${p.id}`,
    };
    emit(
      Events.productUpserted,
      start - 3_600_000,
      create(ProductUpsertedSchema, {
        envelope: envelope(start - 3_600_000),
        product,
        version: 1n,
      }),
    );
    if (p.outOfStockAt) {
      emit(
        Events.productUpserted,
        p.outOfStockAt,
        create(ProductUpsertedSchema, {
          envelope: envelope(p.outOfStockAt),
          product: { ...product, stock: 0n },
          version: 2n,
        }),
      );
    }
    if (p.deletedAt) {
      emit(
        Events.productDeleted,
        p.deletedAt,
        create(ProductDeletedSchema, {
          envelope: envelope(p.deletedAt),
          productId: p.id,
          version: 3n,
        }),
      );
    }
  }
  const available = (p: Product | undefined, at: number): p is Product =>
    !!p && (p.deletedAt ?? Infinity) > at && (p.outOfStockAt ?? Infinity) > at;

  // Shoppers: each session is generated in full, then every line is sorted into time order.
  const leaves = [...byLeaf.keys()];
  const shoppers = Array.from({ length: profile.users }, (_, i) => ({
    userId: `u-${profile.name}-${i}`,
    tastes: shuffled(leaves).slice(0, profile.tastesPerUser),
    sessions: between(profile.sessionsPerUser),
  }));
  const sessions: { userId: string; tastes: string[]; at: number }[] = [];
  for (const s of shoppers) {
    for (let i = 0; i < s.sessions; i++) sessions.push({ ...s, at: start + Math.floor(random() * span) });
  }
  for (let i = 0; i < profile.anonymousSessions; i++) {
    sessions.push({ userId: '', tastes: [pick(leaves)], at: start + Math.floor(random() * span) });
  }
  sessions.sort((a, b) => a.at - b.at);

  const history = new Map<string, string[]>();
  let orderNo = 0;
  sessions.forEach((session, n) => {
    const sessionId = `s-${profile.name}-${seed}-${n}`;
    const seen = history.get(session.userId) ?? [];
    let at = session.at;
    const inLeaf = (leaf: string) => byLeaf.get(leaf)!.filter((p) => available(p, at));
    let current: Product | undefined;
    if (session.userId && seen.length && random() < profile.returnToHistory) {
      const mates = byId
        .get(pick(seen))!
        .kit.map((id) => byId.get(id))
        .filter((p) => available(p, at));
      if (mates.length) current = pick(mates);
    }
    if (!current) {
      const leaf = random() < profile.tasteShare ? pick(session.tastes) : pick(leaves);
      const choices = inLeaf(leaf);
      if (!choices.length) return;
      current = pickPopular(choices);
    }
    const cart: Product[] = [];
    const visited = new Set<string>();
    const length = between(profile.sessionLength);
    for (let step = 0; step < length && current; step++) {
      at += between([20, 240]) * 1000;
      const interact = (kind: InteractionKind) =>
        emit(
          Events.userInteracted,
          at,
          create(UserInteractedSchema, {
            envelope: envelope(at),
            kind,
            userId: session.userId,
            sessionId,
            productId: current!.id,
            quantity: kind === InteractionKind.ADD_TO_CART ? 1 : 0,
          }),
        );
      visited.add(current.id);
      interact(InteractionKind.VIEW);
      if (random() < profile.clickShare) interact(InteractionKind.CLICK);
      if (random() < profile.cartShare && !cart.includes(current)) {
        interact(InteractionKind.ADD_TO_CART);
        cart.push(current);
      }
      if (session.userId) seen.push(current.id);
      const mates: Product[] = current.kit
        .map((id) => byId.get(id))
        .filter((p): p is Product => available(p, at) && !visited.has(p.id));
      const sameLeaf: Product[] = inLeaf(current.path[1]!).filter((p) => !visited.has(p.id));
      current =
        mates.length && random() < profile.kitFollow
          ? pick(mates)
          : sameLeaf.length
            ? pickPopular(sameLeaf)
            : undefined;
    }
    if (session.userId) history.set(session.userId, seen);
    if (!cart.length || random() >= profile.checkout) return;
    at += between([60, 600]) * 1000;
    const bought = cart.slice(0, profile.maxOrderItems);
    if (random() < profile.untracked) {
      for (let i = between(profile.untrackedItems); i > 0; i--) {
        const mates = bought.flatMap((p) => p.kit.map((id) => byId.get(id)!));
        const pool =
          mates.length && random() < profile.untrackedKitShare ? mates : inLeaf(pick(session.tastes));
        const extra = pool.filter((p) => available(p, at) && !bought.includes(p));
        if (extra.length) bought.push(pickPopular(extra));
      }
    }
    const items = bought.map((p) => ({
      productId: p.id,
      sku: `sku-${p.id}`,
      title: p.title,
      categoryPath: p.path,
      quantity: between([1, 2]),
      unitPrice: { currency: 'EUR', amountMinor: p.priceMinor },
    }));
    const total = items.reduce((s, i) => s + i.unitPrice.amountMinor * BigInt(i.quantity), 0n);
    emit(
      Events.orderPlaced,
      at,
      create(OrderPlacedSchema, {
        envelope: envelope(at),
        order: {
          orderId: `o-${profile.name}-${seed}-${orderNo++}`,
          userId: session.userId,
          items,
          currency: 'EUR',
          totals: { total: { currency: 'EUR', amountMinor: total } },
          paymentMethod: PaymentMethod.PAYPAL,
          placedAt: envelope(at).occurredAt,
        },
      }),
    );
  });

  return lines
    .sort((a, b) => a.at - b.at || a.order - b.order)
    .map(({ subject, data }) => JSON.stringify({ subject, data }));
}

async function main(args: string[]): Promise<void> {
  const { default: yargs } = await import('yargs');
  const argv = await yargs(args)
    .option('profile', { choices: Object.keys(PROFILES), demandOption: true })
    .option('seed', { type: 'number', demandOption: true })
    .strict()
    .parse();
  for (const line of generateShop(PROFILES[argv.profile]!, argv.seed)) process.stdout.write(`${line}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main(process.argv.slice(2));
