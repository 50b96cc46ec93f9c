// The shop the recommendation bench ingests, deterministic by seed and sized by its counts: a
// catalogue of about 100 products per leaf category (ten leaves per top category, a few brands per
// leaf, "kits" of 2–4 products bought together), signed-in users with favourite leaves and anonymous
// shoppers, sessions that walk from a popular product to its kit-mates or its leaf's other popular
// products (view, sometimes click and add-to-cart), and carts that become orders. Events are
// encoded as a shop sends them (proto3 JSON) and returned in time order; top-10 requests of the
// three kinds (user, product, cart) come with them.
import { create } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import {
  encodeMessage,
  Events,
  InteractionKind,
  OrderPlacedSchema,
  PaymentMethod,
  ProductUpsertedSchema,
  TopKRequestSchema,
  UserInteractedSchema,
  type EventDefinition,
} from '@shopmind/contracts';
import { seededRandom } from '@shopmind/testing';

export interface BenchShopSize {
  products: number;
  interactions: number;
}

export interface EncodedEvent {
  definition: EventDefinition;
  data: Uint8Array;
}

export interface BenchShop {
  catalogue: EncodedEvent[];
  /** Interactions and orders, in time order. */
  behaviour: EncodedEvent[];
  users: number;
  interactions: number;
  orders: number;
  /** Encoded top-10 requests, kinds mixed (half users, three tenths products, a fifth carts). */
  topK: Uint8Array[];
}

const PRODUCTS_PER_LEAF = 100;
const LEAVES_PER_TOP = 10;
const BRANDS_PER_LEAF = 8;
/** Interactions per signed-in user over the period (users grow with the interactions). */
const INTERACTIONS_PER_USER = 25;
const ANONYMOUS_SESSIONS = 0.2;
const SESSION_STEPS: [number, number] = [2, 8];
const KIT_FOLLOW = 0.5;
const RETURN_TO_HISTORY = 0.4;
const CLICK = 0.4;
const ADD_TO_CART = 0.15;
const CHECKOUT = 0.6;
const DAYS = 30;

interface Product {
  id: string;
  leaf: number;
  title: string;
  brand: string;
  path: string[];
  priceMinor: bigint;
  kit: number[];
}

export function generateBenchShop(
  tenant: string,
  size: BenchShopSize,
  seed: number,
  topKRequests: number,
): BenchShop {
  const random = seededRandom(seed);
  const between = ([lo, hi]: [number, number]): number => lo + Math.floor(random() * (hi - lo + 1));
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
  // Zipf-like: earlier entries (the popular products of a leaf) are picked more often.
  const pickPopular = <T>(xs: T[]): T => xs[Math.floor(xs.length * random() ** 2)]!;
  const start = Date.UTC(2026, 8, 1);
  const span = DAYS * 86_400_000;
  let eventNo = 0;
  const envelope = (at: number) => ({
    eventId: `bench-${seed}-e${eventNo++}`,
    occurredAt: timestampFromMs(at),
    producer: 'bench-shop',
    tenantId: tenant,
    schemaVersion: 1,
  });

  const leafCount = Math.max(1, Math.ceil(size.products / PRODUCTS_PER_LEAF));
  const leaves: number[][] = Array.from({ length: leafCount }, () => []);
  const products: Product[] = [];
  for (let i = 0; i < size.products; i++) {
    const leaf = i % leafCount;
    const top = Math.floor(leaf / LEAVES_PER_TOP);
    leaves[leaf]!.push(i);
    products.push({
      id: `p-${i}`,
      leaf,
      title: `Product ${i} of leaf ${leaf}`,
      brand: `Brand ${leaf}-${between([1, BRANDS_PER_LEAF])}`,
      path: [`Top ${top}`, `Leaf ${leaf}`],
      priceMinor: BigInt(between([300, 30_000])),
      kit: [],
    });
  }
  // Kits: consecutive products of a shuffled top category, 2–4 at a time.
  for (let top = 0; top * LEAVES_PER_TOP < leafCount; top++) {
    const pool = leaves.slice(top * LEAVES_PER_TOP, (top + 1) * LEAVES_PER_TOP).flat();
    for (let i = pool.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
    }
    while (pool.length) {
      const kit = pool.splice(0, between([2, 4]));
      for (const p of kit) products[p]!.kit = kit.filter((q) => q !== p);
    }
  }
  const catalogue: EncodedEvent[] = products.map((p) => ({
    definition: Events.productUpserted,
    data: encodeMessage(
      ProductUpsertedSchema,
      create(ProductUpsertedSchema, {
        envelope: envelope(start - 3_600_000),
        product: {
          id: p.id,
          sku: `sku-${p.id}`,
          title: p.title,
          brand: p.brand,
          categoryPath: p.path,
          price: { currency: 'EUR', amountMinor: p.priceMinor },
          stock: 25n,
          url: `https://${tenant}.example/p/${p.id}`,
        },
        version: 1n,
      }),
      'json',
    ).data,
  }));

  const users = Math.max(1, Math.round(size.interactions / INTERACTIONS_PER_USER));
  const tastes = Array.from({ length: users }, () => [pick(leaves), pick(leaves), pick(leaves)]);
  const history = new Map<number, number[]>();
  const behaviour: EncodedEvent[] = [];
  let interactions = 0;
  let orders = 0;
  for (let session = 0; interactions < size.interactions; session++) {
    const user = random() < ANONYMOUS_SESSIONS ? -1 : Math.floor(random() * users);
    const userId = user < 0 ? '' : `u-${user}`;
    const sessionId = `s-${seed}-${session}`;
    let at = start + Math.floor((span * interactions) / size.interactions);
    const seen = history.get(user) ?? [];
    const returning =
      user >= 0 && seen.length && random() < RETURN_TO_HISTORY ? products[pick(seen)]! : undefined;
    let current = returning?.kit.length
      ? pick(returning.kit)
      : pickPopular(user >= 0 ? pick(tastes[user]!) : pick(leaves));
    const cart: number[] = [];
    const visited = new Set<number>();
    for (let step = between(SESSION_STEPS); step > 0 && interactions < size.interactions; step--) {
      at += between([20, 240]) * 1000;
      const interact = (kind: InteractionKind): void => {
        interactions++;
        behaviour.push({
          definition: Events.userInteracted,
          data: encodeMessage(
            UserInteractedSchema,
            create(UserInteractedSchema, {
              envelope: envelope(at),
              kind,
              userId,
              sessionId,
              productId: products[current]!.id,
              quantity: kind === InteractionKind.ADD_TO_CART ? 1 : 0,
            }),
            'json',
          ).data,
        });
      };
      visited.add(current);
      interact(InteractionKind.VIEW);
      if (random() < CLICK) interact(InteractionKind.CLICK);
      if (random() < ADD_TO_CART) {
        interact(InteractionKind.ADD_TO_CART);
        cart.push(current);
      }
      if (user >= 0) seen.push(current);
      const mates = products[current]!.kit.filter((p) => !visited.has(p));
      current =
        mates.length && random() < KIT_FOLLOW ? pick(mates) : pickPopular(leaves[products[current]!.leaf]!);
    }
    if (user >= 0) history.set(user, seen.slice(-20));
    if (!cart.length || random() >= CHECKOUT) continue;
    at += between([60, 600]) * 1000;
    const items = cart.map((i) => {
      const p = products[i]!;
      return {
        productId: p.id,
        sku: `sku-${p.id}`,
        title: p.title,
        categoryPath: p.path,
        quantity: 1,
        unitPrice: { currency: 'EUR', amountMinor: p.priceMinor },
      };
    });
    const total = items.reduce((s, i) => s + i.unitPrice.amountMinor, 0n);
    behaviour.push({
      definition: Events.orderPlaced,
      data: encodeMessage(
        OrderPlacedSchema,
        create(OrderPlacedSchema, {
          envelope: envelope(at),
          order: {
            orderId: `o-${seed}-${orders++}`,
            userId,
            items,
            currency: 'EUR',
            totals: { total: { currency: 'EUR', amountMinor: total } },
            paymentMethod: PaymentMethod.PAYPAL,
            placedAt: timestampFromMs(at),
          },
        }),
        'json',
      ).data,
    });
  }

  // Requests as storefront pages ask them: "for you" (a user, possibly one without history yet),
  // a product page (popular products more often), or a cart of 1–4 popular products of one leaf.
  const cartOf = (leaf: number[]): string[] => [
    ...new Set(Array.from({ length: between([1, 4]) }, () => products[pickPopular(leaf)]!.id)),
  ];
  const topK = Array.from({ length: topKRequests }, (_, i) => {
    const meta = { requestId: `bench-top-k-${i}`, tenantId: tenant };
    const roll = random();
    const seedCase =
      roll < 0.5
        ? { case: 'userId' as const, value: `u-${Math.floor(random() * users)}` }
        : roll < 0.8
          ? { case: 'productId' as const, value: products[pickPopular(pick(leaves))]!.id }
          : { case: 'cart' as const, value: { productIds: cartOf(pick(leaves)) } };
    return encodeMessage(
      TopKRequestSchema,
      create(TopKRequestSchema, { meta, seed: seedCase, k: 10 }),
      'json',
    ).data;
  });
  return { catalogue, behaviour, users, interactions, orders, topK };
}
