// The shop the platform bench runs: a seed (a toy shop's catalogue, its customers' past orders,
// reviews and browsing, so that queries and orders name real products and orders) and then one
// message per slot of the load, deterministic by seed. The mix is fixed: of every 50 slots, 20
// interactions, 10 reviews, 5 product upserts, 5 orders and 2 of each query (review summary, fraud
// score, top-k, guide turn, support turn), spread evenly. Events are encoded as a shop sends them
// (proto3 JSON); every id carries the run's tag, so results can be traced to their cause.
import { create, type DescMessage, type MessageInitShape } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import {
  encodeMessage,
  Events,
  FraudScoreRequestSchema,
  InteractionKind,
  OrderStatus,
  OrderStatusChangedSchema,
  OrderPlacedSchema,
  ProductSchema,
  ProductUpsertedSchema,
  Queries,
  ReviewSubmittedSchema,
  ReviewSummaryRequestSchema,
  ShoppingGuideRequestSchema,
  SupportChatRequestSchema,
  TopKRequestSchema,
  UserInteractedSchema,
  type EventDefinition,
  type Order,
  type Product,
  type QueryDefinition,
} from '@shopmind/contracts';
import { anOrder, aProduct, seededRandom } from '@shopmind/testing';

export const MIX = {
  interaction: 20,
  review: 10,
  upsert: 5,
  order: 5,
  summary: 2,
  fraudScore: 2,
  topK: 2,
  guide: 2,
  support: 2,
} as const;
export type Kind = keyof typeof MIX;
export const KINDS = Object.keys(MIX) as Kind[];
const EVENT_KINDS = new Set<Kind>(['interaction', 'review', 'upsert', 'order']);
export const isEventKind = (k: Kind): boolean => EVENT_KINDS.has(k);

/** One message of the load (or of the seed): an event for JetStream or a query request. */
export type Outgoing =
  | { kind: Kind; event: EventDefinition; eventId: string; data: Uint8Array }
  | { kind: Kind; query: QueryDefinition; requestId: string; data: Uint8Array };

const PERIOD = Object.values(MIX).reduce((a, b) => a + b, 0);
// Smooth weighted round robin: every kind gets its share of each period, spread over it.
const SCHEDULE: Kind[] = (() => {
  const current = new Map<Kind, number>(KINDS.map((k) => [k, 0]));
  return Array.from({ length: PERIOD }, () => {
    for (const k of KINDS) current.set(k, current.get(k)! + MIX[k]);
    const pick = KINDS.reduce((best, k) => (current.get(k)! > current.get(best)! ? k : best));
    current.set(pick, current.get(pick)! - PERIOD);
    return pick;
  });
})();

export const kindOf = (slot: number): Kind => SCHEDULE[slot % PERIOD]!;

// A toy shop: archetypes the guide, the graph and the copy writer can read (ages, materials,
// interests), each sold in a few variants.
const ARCHETYPES: {
  title: string;
  path: string[];
  minMonths: number;
  cents: number;
  attributes: Record<string, string>;
  description: string;
}[] = [
  {
    title: 'Dinosaur Floor Puzzle',
    path: ['Toys', 'Puzzles', 'Floor Puzzles'],
    minMonths: 36,
    cents: 2499,
    attributes: { material: 'cardboard', pieces: '48' },
    description: 'A 48-piece floor puzzle of a dinosaur valley, printed on thick recycled cardboard.',
  },
  {
    title: 'Cuddly Dinosaur',
    path: ['Toys', 'Soft Toys'],
    minMonths: 0,
    cents: 1500,
    attributes: { material: 'cotton', color: 'green' },
    description: 'A soft, washable T-Rex made of organic cotton.',
  },
  {
    title: 'Wooden Train Set',
    path: ['Toys', 'Wooden Toys', 'Train Sets'],
    minMonths: 36,
    cents: 3499,
    attributes: { material: 'beech wood', pieces: '24' },
    description: 'A 24-piece train set of beech wood with magnetic couplings. Small parts.',
  },
  {
    title: 'Stacking Rainbow',
    path: ['Toys', 'Baby & Toddler Toys', 'Stacking Toys'],
    minMonths: 12,
    cents: 2999,
    attributes: { material: 'wood', color: 'multicolour', pieces: '12' },
    description: 'Twelve arches of solid lime wood, coloured with water-based paint.',
  },
  {
    title: 'Space Rocket Building Kit',
    path: ['Toys', 'Construction', 'Building Kits'],
    minMonths: 72,
    cents: 3999,
    attributes: { material: 'plastic', pieces: '220' },
    description: 'Build a three-stage space rocket with a launch tower. Contains small parts.',
  },
  {
    title: 'Farm Animals Board Game',
    path: ['Toys', 'Games', 'Board Games'],
    minMonths: 48,
    cents: 1999,
    attributes: { players: '2-4', material: 'cardboard' },
    description: 'A cooperative board game: bring the farm animals home before the storm.',
  },
  {
    title: 'Watercolour Painting Set',
    path: ['Toys', 'Arts & Crafts', 'Painting'],
    minMonths: 60,
    cents: 1799,
    attributes: { colors: '24', material: 'paper' },
    description: 'Twenty-four watercolours, two brushes and a pad of thick paper for young artists.',
  },
  {
    title: 'Balance Bike',
    path: ['Toys', 'Outdoor', 'Bikes'],
    minMonths: 24,
    cents: 8999,
    attributes: { material: 'birch plywood', color: 'red' },
    description: 'A light balance bike of birch plywood with an adjustable saddle.',
  },
];
const BRANDS = ['Grimm', 'Hape', 'Plan Toys', 'Djeco', 'Haba'];

const REVIEW_TEXTS: [rating: number, title: string, body: string][] = [
  [5, 'Our toddler loves it', 'Solid wood, smooth edges and the magnets hold well. Worth every penny.'],
  [4, 'Nice but small', 'Lovely quality, but smaller than I expected from the photos.'],
  [1, 'Broke quickly', 'One wheel fell off after two days and the paint chipped. Would not buy again.'],
  [2, 'Disappointed', 'The pieces do not fit together properly and the instructions are confusing.'],
  [5, 'Great present', 'Arrived fast, beautifully packed, and our niece has played with it every day.'],
  [3, 'Okay', 'Decent for the price, the colours are nice but the box was damaged on arrival.'],
  [5, 'Perfect', 'Sturdy, safe and fun. The whole family plays the game on Sunday evenings.'],
  [1, 'Dangerous', 'Sharp edges and a strong chemical smell. Returned it the same day.'],
  [4, 'Good value', 'Good value for money, easy to assemble, and the delivery was quick.'],
  [2, 'Too expensive', 'Far too expensive for what you get, the material feels cheap.'],
];
const GUIDE_TURNS = [
  [
    "I'm looking for a present for my 4 year old niece, she loves dinosaurs, around 30 euros",
    'something cheaper?',
    'she already has that',
  ],
  ['a gift for my son, he turns 2 and likes trains', 'actually he is 3', 'something else'],
  ['something for a 7 year old who loves space, under 50 euros', 'cheaper please', 'yes'],
  ['birthday present for a toddler, no small parts', 'she is 1', 'something else'],
];
const SUPPORT_QUESTIONS = [
  (order: string) => `where is my order #${order}?`,
  () => 'can I still return the puzzle?',
  () => 'how long does a refund take?',
  (order: string) => `has ${order} been shipped yet?`,
  () => 'which payment methods do you accept?',
  () => 'the box arrived broken, what can I do?',
];

export interface PlatformShopOptions {
  tenant: string;
  /** Unique per run: every event and request id starts with it. */
  tag: string;
  seed: number;
  /** Seed catalogue size. */
  products: number;
  /** Customers with a past order each. */
  customers: number;
}

export class PlatformShop {
  private readonly random: () => number;
  private readonly catalogue: Product[] = [];
  private readonly versions = new Map<string, bigint>();
  private readonly reviewed: string[] = [];
  private guideTurns = 0;
  private upserts = 0;
  private supportTurns = 0;
  private readonly start = Date.now();

  constructor(private readonly o: PlatformShopOptions) {
    this.random = seededRandom(o.seed);
  }

  /** The seed, in publishing order: products, then orders and their shipments, reviews, browsing. */
  seed(): Outgoing[] {
    const out: Outgoing[] = [];
    let i = 0;
    const id = () => `${this.o.tag}-s${i++}`;
    for (let p = 0; p < this.o.products; p++) out.push(this.upsert(id(), this.newProduct(`p-${p}`)));
    for (let c = 0; c < this.o.customers; c++) {
      const order = this.order(c, this.orderId(c));
      out.push(this.event('order', Events.orderPlaced, OrderPlacedSchema, id(), { order }));
      out.push(
        this.event('order', Events.orderStatusChanged, OrderStatusChangedSchema, id(), {
          orderId: order.orderId,
          userId: order.userId,
          status: OrderStatus.SHIPPED,
          tracking: { carrier: 'DHL', trackingNumber: `0034${c}`, url: '' },
        }),
      );
    }
    for (let r = 0; r < this.o.products * 2; r++) out.push(this.review(id()));
    for (let n = 0; n < this.o.customers * 10; n++) out.push(this.interaction(id()));
    return out;
  }

  /** The message of load slot `slot` (call in slot order). */
  slot(slot: number): Outgoing {
    const id = `${this.o.tag}-${slot}`;
    switch (kindOf(slot)) {
      case 'interaction':
        return this.interaction(id);
      case 'review':
        return this.review(id);
      case 'upsert': {
        // One in five changes a seed product, in turn: a product's versions are far apart in the
        // stream, so none is handled beside (and made stale by) its next one.
        const n = this.upserts++;
        if (n % 5 === 0) return this.upsert(id, this.changed(this.catalogue[(n / 5) % this.o.products]!));
        return this.upsert(id, this.newProduct(`p-${this.o.tag}-${slot}`));
      }
      case 'order':
        return this.event('order', Events.orderPlaced, OrderPlacedSchema, id, {
          order: this.order(this.customer(), `o-${id}`),
        });
      case 'summary':
        return this.query('summary', Queries.reviewSummary, ReviewSummaryRequestSchema, id, {
          productId: this.reviewed.length ? this.pick(this.reviewed) : this.pick(this.catalogue).id,
          maxQuotes: 3,
        });
      case 'fraudScore':
        return this.query('fraudScore', Queries.fraudScore, FraudScoreRequestSchema, id, {
          order: this.order(this.customer(), `checkout-${id}`),
        });
      case 'topK':
        return this.query('topK', Queries.recommendTopK, TopKRequestSchema, id, {
          seed: this.topKSeed(),
          k: 10,
        });
      case 'guide': {
        // Conversations of three turns, four openings in turn.
        const turn = this.guideTurns++;
        const conversation = Math.floor(turn / 3);
        return this.query('guide', Queries.shoppingGuide, ShoppingGuideRequestSchema, id, {
          conversationId: `g-${this.o.tag}-${conversation}`,
          userId: `u-${conversation % this.o.customers}`,
          text: GUIDE_TURNS[conversation % GUIDE_TURNS.length]![turn % 3]!,
          locale: 'en',
          k: 3,
        });
      }
      case 'support': {
        // Each customer asks about their own order; every seventh turn a stranger asks about it.
        const turn = this.supportTurns++;
        const c = this.customer();
        const stranger = turn % 7 === 0;
        return this.query('support', Queries.supportChat, SupportChatRequestSchema, id, {
          conversationId: `c-${this.o.tag}-${c}-${stranger ? 's' : 'o'}`,
          userId: stranger ? `stranger-${c}` : `u-${c}`,
          text: SUPPORT_QUESTIONS[turn % SUPPORT_QUESTIONS.length]!(this.orderId(c)),
          locale: 'en',
        });
      }
    }
  }

  private orderId(customer: number): string {
    return `W${100000 + customer}`;
  }

  private customer(): number {
    return Math.floor(this.random() * this.o.customers);
  }

  private pick<T>(xs: T[]): T {
    return xs[Math.floor(this.random() * xs.length)]!;
  }

  private envelope(eventId: string) {
    const occurredAt = timestampFromMs(Date.now());
    return { eventId, occurredAt, producer: 'bench-shop', tenantId: this.o.tenant, schemaVersion: 1 };
  }

  private event<D extends DescMessage>(
    kind: Kind,
    event: EventDefinition<D>,
    schema: D,
    eventId: string,
    init: Record<string, unknown>,
  ): Outgoing {
    const msg = create(schema, {
      ...init,
      envelope: this.envelope(eventId),
    } as unknown as MessageInitShape<D>);
    return { kind, event, eventId, data: encodeMessage(schema, msg, 'json').data };
  }

  private query<D extends DescMessage>(
    kind: Kind,
    query: QueryDefinition,
    schema: D,
    requestId: string,
    init: Record<string, unknown>,
  ): Outgoing {
    const msg = create(schema, {
      ...init,
      meta: { requestId, tenantId: this.o.tenant, correlationId: requestId },
    } as unknown as MessageInitShape<D>);
    return { kind, query, requestId, data: encodeMessage(schema, msg, 'json').data };
  }

  private newProduct(id: string): Product {
    const a = ARCHETYPES[this.catalogue.length % ARCHETYPES.length]!;
    const variant = Math.floor(this.catalogue.length / ARCHETYPES.length);
    const product = aProduct({
      id,
      sku: `sku-${id}`,
      title: variant ? `${a.title} ${variant + 1}` : a.title,
      brand: BRANDS[variant % BRANDS.length]!,
      categoryPath: a.path,
      price: { currency: 'EUR', amountMinor: BigInt(a.cents + (variant % 7) * 100) },
      attributes: a.attributes,
      description: a.description,
      ageRange: { minMonths: a.minMonths },
      stock: 25n,
      url: `https://shop.example/p/${id}`,
    });
    this.catalogue.push(product);
    return product;
  }

  /** The product with a new description (so its copy and facts change), as a new version. */
  private changed(p: Product): Product {
    const version = this.versions.get(p.id) ?? 0n;
    return create(ProductSchema, { ...p, description: `${p.description} Edition ${version + 1n}.` });
  }

  private upsert(eventId: string, product: Product): Outgoing {
    const version = (this.versions.get(product.id) ?? 0n) + 1n;
    this.versions.set(product.id, version);
    return this.event('upsert', Events.productUpserted, ProductUpsertedSchema, eventId, { product, version });
  }

  private order(customer: number, orderId: string): Order {
    const items = Array.from({ length: 1 + Math.floor(this.random() * 3) }, () => {
      const p = this.pick(this.catalogue);
      return {
        productId: p.id,
        sku: p.sku,
        title: p.title,
        categoryPath: p.categoryPath,
        quantity: 1,
        unitPrice: p.price!,
      };
    });
    const total = items.reduce((s, i) => s + i.unitPrice.amountMinor, 0n);
    return anOrder({
      orderId,
      userId: `u-${customer}`,
      items,
      totals: { total: { currency: 'EUR', amountMinor: total } },
      card: {
        bin: '424242',
        last4: String(1000 + customer).slice(-4),
        fingerprint: `card-${customer}`,
        brand: 'visa',
        issuerCountry: 'DE',
      },
      deviceId: `device-${customer}`,
      email: `c${customer}@example.com`,
      ip: `203.0.113.${customer % 250}`,
      accountCreatedAt: timestampFromMs(this.start - (30 + customer) * 86_400_000),
      placedAt: timestampFromMs(Date.now()),
    });
  }

  private review(eventId: string): Outgoing {
    const [rating, title, body] = this.pick(REVIEW_TEXTS);
    const product = this.pick(this.catalogue);
    if (this.reviewed.length < 1000) this.reviewed.push(product.id);
    const customer = this.customer();
    return this.event('review', Events.reviewSubmitted, ReviewSubmittedSchema, eventId, {
      reviewId: `r-${eventId}`,
      productId: product.id,
      userId: `u-${customer}`,
      rating,
      title,
      body: `${body} (${product.title})`,
      language: 'en',
      verifiedPurchase: this.random() < 0.8,
    });
  }

  private interaction(eventId: string): Outgoing {
    const customer = this.customer();
    const roll = this.random();
    const kind =
      roll < 0.7 ? InteractionKind.VIEW : roll < 0.9 ? InteractionKind.CLICK : InteractionKind.ADD_TO_CART;
    return this.event('interaction', Events.userInteracted, UserInteractedSchema, eventId, {
      kind,
      userId: `u-${customer}`,
      sessionId: `s-${this.o.tag}-${customer}`,
      productId: this.pick(this.catalogue).id,
      quantity: kind === InteractionKind.ADD_TO_CART ? 1 : 0,
    });
  }

  private topKSeed() {
    const roll = this.random();
    if (roll < 0.5) return { case: 'userId' as const, value: `u-${this.customer()}` };
    if (roll < 0.8) return { case: 'productId' as const, value: this.pick(this.catalogue).id };
    return {
      case: 'cart' as const,
      value: { productIds: [this.pick(this.catalogue).id, this.pick(this.catalogue).id] },
    };
  }
}
