// Writes the toy shop's two weeks as shop events (the replay format: `{subject, data}` with proto3
// JSON, in time order): the catalogue, shoppers' sessions, orders and their shipments, reviews,
// support e-mails, and the fraud a shop of this size meets — a card-testing run, an account
// cycling cards, a reshipper order with mismatched countries, a chargeback and a fake-review
// burst. Deterministic for a seed: event ids and times are fixed, so replaying it twice changes
// no count in ShopMind (every service de-duplicates by event id).
import { CATALOGUE, type CatalogueEntry } from './toy-shop-catalogue.js';
import { seededRandom } from '@shopmind/testing';

export interface ReplayLine {
  subject: string;
  data: Record<string, unknown>;
}

export interface ToyShopOptions {
  seed: number;
  /** The tenant token of the subjects and envelopes. */
  tenant: string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The shop's two weeks; `npm start` shifts every time so the last event happens now. */
export const TOY_SHOP_START = Date.parse('2026-11-02T08:00:00Z');
export const TOY_SHOP_END = TOY_SHOP_START + 14 * DAY;

const FIRST = [
  'Anna',
  'Ben',
  'Clara',
  'David',
  'Emma',
  'Felix',
  'Greta',
  'Hannah',
  'Jonas',
  'Lena',
  'Mia',
  'Noah',
];
const LAST = ['Becker', 'Fischer', 'Hoffmann', 'Klein', 'Koch', 'Meyer', 'Schulz', 'Wagner', 'Weber', 'Wolf'];
const CITIES: [city: string, postalCode: string][] = [
  ['Berlin', '10115'],
  ['Hamburg', '20095'],
  ['Munich', '80331'],
  ['Cologne', '50667'],
  ['Leipzig', '04109'],
  ['Freiburg', '79098'],
];
const STREETS = ['Lindenstraße', 'Bahnhofstraße', 'Gartenweg', 'Schillerplatz', 'Am Markt', 'Rosenweg'];
const CARRIERS = ['DHL', 'DPD', 'Hermes'];

/** What shoppers browse together: the sessions, and so the co-occurrences, follow these. */
const THEMES: { weight: number; categories: string[] }[] = [
  { weight: 5, categories: ['Train Sets'] },
  { weight: 3, categories: ['Jigsaw Puzzles', 'Board Games'] },
  { weight: 3, categories: ['Plush', 'Baby Toys'] },
  { weight: 2, categories: ['Building Blocks', 'Dinosaurs'] },
  { weight: 2, categories: ['Drawing', 'Garden Play'] },
  { weight: 1, categories: ['Kids Electronics'] },
];
const SEARCHES = ['wooden train', 'puzzle for 3 year old', 'soft toy washable', 'dinosaur', 'balance bike'];

// Review sentences by mood; the analyser finds the aspects (quality, durability, size, price, …).
const PRAISE = [
  'The quality is excellent and everything feels solid.',
  'Plays with it every single day, great fun.',
  'Beautifully made, smooth edges and lovely colours.',
  'Great value for the price.',
  'Delivery was fast and the packaging was nice.',
  'Sturdy enough to survive a toddler.',
  'Exactly as described, we are very happy with it.',
  'It keeps them busy for hours on rainy afternoons.',
  'Lovely design, it looks nice in the living room too.',
  'Safe materials and no smell at all when we unpacked it.',
  'Easy to clean, which matters with small children.',
  'Grandma was impressed by how well made it is.',
];
const COMPLAINTS = [
  'One piece broke after a week.',
  'The paint chipped within a few days.',
  'Smaller than it looked in the photos.',
  'Far too expensive for what you get.',
  'Delivery took almost two weeks.',
  'The instructions were confusing and a part was missing.',
  'It arrived with a dent in the box and a scratch on the side.',
  'Our cat knocked it over once and it cracked.',
  'The colours are duller than on the website.',
  'Hard to put together without an adult helping.',
];
const RECIPIENTS = ['son', 'daughter', 'nephew', 'niece', 'grandson', 'granddaughter', 'twins', 'godchild'];
const OPENERS = [
  (what: string, who: string, age: number) => `Bought the ${what} for my ${who}, who is ${age}.`,
  (what: string, who: string, age: number) => `A birthday present for our ${age}-year-old ${who}.`,
  (what: string, who: string) => `We got the ${what} for our ${who} after seeing it at a friend's house.`,
  (what: string, who: string, age: number) => `My ${who} (${age}) picked the ${what} from your newsletter.`,
  (what: string) => `Second ${what} we have bought, this one as a gift.`,
  (_what: string, who: string) => `Christmas came early for my ${who} this year.`,
];
const HAPPY_TITLES = ['Love it', 'Great present', 'Highly recommended', 'Lovely quality'];
const MIXED_TITLES = ['Good but not perfect', 'Nice, some flaws', 'Okay'];
const UNHAPPY_TITLES = ['Disappointed', 'Not worth it', 'Broke quickly'];
const FAKE_REVIEWS = [
  'Best night light ever!!! My kids love it so much, amazing quality, must buy, five stars!',
  'Best night light ever! My kids love it so much, amazing quality, must buy, 5 stars!!',
  'Best night light ever!! Our kids love it so much, amazing quality, must buy, five stars',
  'Best night light ever!!! My kids love it so much, amazing quality, a must buy, five stars!',
  'BEST night light ever! My kids love it so much, amazing quality, must buy. Five stars!',
  'Best night light ever!!! My kids love it very much, amazing quality, must buy, five stars!',
];

interface Shopper {
  userId: string;
  name: string;
  email: string;
  address: Record<string, string>;
  deviceId: string;
  ip: string;
  card: Record<string, string>;
  accountCreatedAt: number;
}

interface Timed {
  at: number;
  subject: string;
  /** Without the envelope: added once the events are in time order. */
  body: Record<string, unknown>;
}

const eur = (cents: number) => ({ currency: 'EUR', amountMinor: String(cents) });
const iso = (ms: number) => new Date(ms).toISOString();
const byId = new Map(CATALOGUE.map((p) => [p.id, p]));

function productMessage(p: CatalogueEntry): Record<string, unknown> {
  const ageRange: Record<string, number> = { minMonths: p.minMonths };
  if (p.maxMonths !== undefined) ageRange.maxMonths = p.maxMonths;
  return {
    id: p.id,
    sku: p.id.slice(2).toUpperCase(),
    title: p.title,
    brand: p.brand,
    categoryPath: p.categoryPath,
    price: eur(p.cents),
    attributes: { material: p.material, color: p.color, ...p.extra },
    description: p.description,
    ageRange,
    stock: '25',
    url: `https://toys.example/products/${p.id.slice(2)}`,
    language: 'en',
  };
}

export function generateToyShop({ seed, tenant }: ToyShopOptions): ReplayLine[] {
  // Seeded, so the data set is the same on every machine and the committed file can be checked.
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const between = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const shuffle = <T>(xs: readonly T[]): T[] => {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  };
  const events: Timed[] = [];
  const add = (at: number, event: string, body: Record<string, unknown>) =>
    events.push({ at, subject: `shop.${tenant}.${event}`, body });
  let orderSeq = 10_000;
  let reviewSeq = 0;
  let supportSeq = 0;

  // The catalogue goes up first, a minute apart.
  CATALOGUE.forEach((p, i) =>
    add(TOY_SHOP_START + i * 60_000, 'catalog.product_upserted', {
      product: productMessage(p),
      version: '1',
    }),
  );

  const shopper = (n: number, userId: string, createdDaysAgo: number): Shopper => {
    const first = pick(FIRST);
    const last = pick(LAST);
    const [city, postalCode] = pick(CITIES);
    return {
      userId,
      name: `${first} ${last}`,
      email: `${first}.${last}.${n}@example.com`.toLowerCase(),
      address: {
        name: `${first} ${last}`,
        line1: `${pick(STREETS)} ${between(1, 80)}`,
        postalCode,
        city,
        country: 'DE',
      },
      deviceId: `dev-${userId}`,
      ip: `203.0.113.${n % 250}`,
      card: {
        bin: pick(['424242', '535522', '400012']),
        last4: String(between(1000, 9999)),
        fingerprint: `fp-${userId}`,
        brand: 'visa',
        issuerCountry: 'DE',
      },
      accountCreatedAt: TOY_SHOP_START - createdDaysAgo * DAY,
    };
  };

  interface OrderOptions {
    at: number;
    who: Shopper;
    items: CatalogueEntry[];
    orderId?: string;
    card?: Record<string, string> | null;
    guest?: boolean;
    overrides?: Record<string, unknown>;
  }
  const placeOrder = ({ at, who, items, orderId, card, guest, overrides }: OrderOptions): string => {
    const id = orderId ?? `T${++orderSeq}`;
    const total = items.reduce((s, p) => s + p.cents, 0);
    const payCard = card === undefined ? who.card : card;
    add(at, 'order.placed', {
      order: {
        orderId: id,
        userId: guest ? '' : who.userId,
        items: items.map((p) => ({
          productId: p.id,
          title: p.title,
          categoryPath: p.categoryPath,
          quantity: 1,
          unitPrice: eur(p.cents),
        })),
        currency: 'EUR',
        totals: { total: eur(total) },
        paymentMethod: payCard ? 'PAYMENT_METHOD_CARD' : 'PAYMENT_METHOD_PAYPAL',
        ...(payCard ? { card: payCard } : {}),
        billingAddress: who.address,
        shippingAddress: who.address,
        ip: who.ip,
        ipCountry: 'DE',
        deviceId: who.deviceId,
        email: who.email,
        ...(guest ? {} : { accountCreatedAt: iso(who.accountCreatedAt) }),
        placedAt: iso(at),
        ...overrides,
      },
    });
    return id;
  };

  /** Paid, shipped with tracking, delivered: each step only once it has happened by the end. */
  const fulfil = (orderId: string, userId: string, placedAt: number): number | undefined => {
    const shippedAt = placedAt + between(18, 30) * HOUR;
    const deliveredAt = shippedAt + between(40, 72) * HOUR;
    add(placedAt + 10 * 60_000, 'order.status_changed', {
      orderId,
      userId,
      status: 'ORDER_STATUS_PAID',
      previousStatus: 'ORDER_STATUS_PLACED',
    });
    if (shippedAt > TOY_SHOP_END) return undefined;
    add(shippedAt, 'order.status_changed', {
      orderId,
      userId,
      status: 'ORDER_STATUS_SHIPPED',
      previousStatus: 'ORDER_STATUS_PAID',
      tracking: {
        carrier: pick(CARRIERS),
        trackingNumber: String(between(10_000_000, 99_999_999)) + String(between(100_000, 999_999)),
        estimatedDelivery: iso(deliveredAt),
      },
    });
    if (deliveredAt > TOY_SHOP_END) return undefined;
    add(deliveredAt, 'order.status_changed', {
      orderId,
      userId,
      status: 'ORDER_STATUS_DELIVERED',
      previousStatus: 'ORDER_STATUS_SHIPPED',
    });
    return deliveredAt;
  };

  const review = (
    at: number,
    fields: { productId: string; userId: string; rating: number; title: string; body: string },
    extra: Record<string, unknown> = {},
  ) => add(at, 'review.submitted', { reviewId: `rv-${++reviewSeq}`, ...fields, language: 'en', ...extra });

  const genuineReview = (at: number, who: Shopper, product: CatalogueEntry, orderId: string) => {
    const mood = rnd();
    const [rating, title, sentences] =
      mood < 0.6
        ? [pick([4, 5, 5]), pick(HAPPY_TITLES), [pick(PRAISE), pick(PRAISE)]]
        : mood < 0.85
          ? [3, pick(MIXED_TITLES), [pick(PRAISE), pick(COMPLAINTS)]]
          : [pick([1, 2]), pick(UNHAPPY_TITLES), [pick(COMPLAINTS), pick(COMPLAINTS)]];
    review(
      at,
      {
        productId: product.id,
        userId: who.userId,
        rating,
        title,
        body: [
          pick(OPENERS)(product.title.toLowerCase(), pick(RECIPIENTS), between(2, 9)),
          ...new Set(sentences),
        ].join(' '),
      },
      { verifiedPurchase: true, orderId, accountCreatedAt: iso(who.accountCreatedAt) },
    );
  };

  // Shoppers: sessions of views within a theme, carts, and most carts become orders.
  const themeWeights = THEMES.reduce((s, t) => s + t.weight, 0);
  const themeProducts = THEMES.map((t) =>
    CATALOGUE.filter((p) => t.categories.includes(p.categoryPath[p.categoryPath.length - 1]!)),
  );
  const shoppers: Shopper[] = [];
  for (let n = 1; n <= 60; n++) shoppers.push(shopper(n, `u-${100 + n}`, between(30, 700)));
  let sessionSeq = 0;
  for (const who of shoppers) {
    for (let s = 0, sessions = between(1, 3); s < sessions; s++) {
      let w = rnd() * themeWeights;
      const theme = themeProducts[THEMES.findIndex((t) => (w -= t.weight) < 0)]!;
      const sessionId = `s-${++sessionSeq}`;
      let at = TOY_SHOP_START + HOUR + Math.floor(rnd() * 11 * DAY);
      const interact = (kind: string, product?: CatalogueEntry, query?: string) => {
        at += between(20, 240) * 1000;
        add(at, 'interaction.user_interacted', {
          kind: `INTERACTION_KIND_${kind}`,
          userId: who.userId,
          sessionId,
          ...(product ? { productId: product.id } : { query }),
          placement: product ? pick(['category', 'search', 'home']) : 'search',
        });
      };
      if (rnd() < 0.3) interact('SEARCH', undefined, pick(SEARCHES));
      const viewed = shuffle(theme).slice(0, between(3, Math.min(6, theme.length)));
      for (const p of viewed) interact('VIEW', p);
      const cart = viewed.slice(0, between(1, 2));
      for (const p of cart) interact('ADD_TO_CART', p);
      if (cart.length > 1 && rnd() < 0.2) interact('REMOVE_FROM_CART', cart.pop());
      if (rnd() < 0.65) {
        at += 5 * 60_000;
        const card = rnd() < 0.7 ? who.card : null;
        const orderId = placeOrder({ at, who, items: cart, card });
        const deliveredAt = fulfil(orderId, who.userId, at);
        for (const p of cart)
          if (deliveredAt !== undefined && rnd() < 0.7) {
            const reviewedAt = deliveredAt + between(6, 60) * HOUR;
            if (reviewedAt < TOY_SHOP_END) genuineReview(reviewedAt, who, p, orderId);
          }
      }
    }
  }

  // The support demo's order: u-7 bought the train set six days ago; it has been delivered.
  const alex = { ...shopper(7, 'u-7', 400), name: 'Alex Weber', email: 'alex@example.com' };
  const alexOrderAt = TOY_SHOP_END - 6 * DAY;
  placeOrder({
    at: alexOrderAt,
    who: alex,
    items: [byId.get('p-wooden-train')!],
    orderId: 'W2611340',
    card: null,
  });
  add(alexOrderAt + 10 * 60_000, 'order.status_changed', {
    orderId: 'W2611340',
    userId: 'u-7',
    status: 'ORDER_STATUS_PAID',
  });
  add(TOY_SHOP_END - 5 * DAY, 'order.status_changed', {
    orderId: 'W2611340',
    userId: 'u-7',
    status: 'ORDER_STATUS_SHIPPED',
    previousStatus: 'ORDER_STATUS_PAID',
    tracking: { carrier: 'DHL', trackingNumber: '00340434161234' },
  });
  add(TOY_SHOP_END - 2 * DAY, 'order.status_changed', {
    orderId: 'W2611340',
    userId: 'u-7',
    status: 'ORDER_STATUS_DELIVERED',
    previousStatus: 'ORDER_STATUS_SHIPPED',
  });

  // Support e-mails about real orders: customer-service answers each on ai.<tenant>.support.replied.
  const orders = events.filter((e) => e.subject.endsWith('order.placed'));
  const supportTexts = [
    (id: string) => `Hello, where is my order ${id}? It has been a few days.`,
    (id: string) => `The parcel for order ${id} arrived but a piece is missing. Can you send a replacement?`,
    (id: string) => `I would like to return order ${id}, it is too big for my son.`,
    (id: string) => `Can I still change the delivery address for order ${id}?`,
  ];
  supportTexts.forEach((text, i) => {
    const placed = orders[3 + i * 5]!;
    const order = placed.body.order as { orderId: string; userId: string; email: string };
    add(Math.min(placed.at + (i + 1) * DAY, TOY_SHOP_END - HOUR), 'support.message_received', {
      conversationId: `mail-${++supportSeq}`,
      userId: order.userId,
      text: text(order.orderId),
      channel: 'SUPPORT_CHANNEL_EMAIL',
      orderId: order.orderId,
      messageId: `msg-${supportSeq}`,
      senderEmail: order.email,
    });
  });

  // Card testing: one device tries seven stolen cards on tiny guest orders within twenty minutes.
  const tester: Shopper = {
    ...shopper(201, 'guest', 0),
    deviceId: 'dev-7f3a',
    ip: '198.51.100.23',
    address: { name: 'M Smith', line1: 'Hauptstraße 1', postalCode: '10117', city: 'Berlin', country: 'DE' },
  };
  for (let i = 0; i < 7; i++) {
    const bins = ['411111', '455673', '520082', '401288', '476173', '542418', '414720'];
    placeOrder({
      at: TOY_SHOP_END - 26 * HOUR + i * 3 * 60_000,
      who: { ...tester, email: `gifts.${i + 1}@mailinator.com` },
      items: [byId.get(i % 2 ? 'p-stickers-space' : 'p-stickers-animals')!],
      guest: true,
      card: {
        bin: bins[i]!,
        last4: String(1111 * ((i % 9) + 1)).slice(0, 4),
        fingerprint: `fp-ct-${i + 1}`,
        brand: 'visa',
      },
      overrides: { ipCountry: 'RO' },
    });
  }

  // A day-old account cycling four cards on tablets within the hour.
  const cycler = { ...shopper(202, 'u-950', 0), accountCreatedAt: TOY_SHOP_END - 30 * HOUR };
  for (let i = 0; i < 5; i++)
    placeOrder({
      at: TOY_SHOP_END - 20 * HOUR + i * 12 * 60_000,
      who: cycler,
      items: [byId.get('p-tablet-kids')!],
      card: { ...cycler.card, last4: String(4000 + (i % 4)), fingerprint: `fp-u-950-${i % 4}` },
    });

  // Mismatched addresses: billed in Munich, card from a US bank, IP in Nigeria, shipped to a
  // parcel forwarder in Miami — electronics and a gift card.
  const forwarder = shopper(203, 'u-951', 2);
  placeOrder({
    at: TOY_SHOP_END - 10 * HOUR,
    who: forwarder,
    items: [byId.get('p-camera-kids')!, byId.get('p-gift-card-100')!],
    card: { ...forwarder.card, bin: '601100', issuerCountry: 'US' },
    overrides: {
      shippingAddress: {
        name: 'Parcel Forwarding Hub',
        line1: '8400 NW 25th St Suite 100',
        postalCode: '33198',
        city: 'Miami',
        country: 'US',
      },
      ipCountry: 'NG',
      ip: '197.210.54.9',
    },
  });

  // A chargeback: a card used in the first week is reported stolen; a new account on the same
  // device tries the same card again on the last day.
  const disputed = shopper(204, 'u-952', 40);
  const stolen = { ...disputed.card, fingerprint: 'fp-stolen-1' };
  const disputedOrderAt = TOY_SHOP_START + 4 * DAY;
  const disputedOrder = placeOrder({
    at: disputedOrderAt,
    who: disputed,
    items: [byId.get('p-headphones-kids')!, byId.get('p-walkie-talkies')!],
    card: stolen,
  });
  fulfil(disputedOrder, 'u-952', disputedOrderAt);
  add(TOY_SHOP_END - 3 * DAY, 'order.chargeback_reported', {
    orderId: disputedOrder,
    chargebackId: 'cb-3001',
    reasonCode: '10.4',
    reason: 'Card holder says they did not make this purchase',
    amount: eur(byId.get('p-headphones-kids')!.cents + byId.get('p-walkie-talkies')!.cents),
    fraudulent: true,
    userId: 'u-952',
    cardFingerprint: 'fp-stolen-1',
  });
  const returning = {
    ...shopper(205, 'u-953', 0),
    deviceId: disputed.deviceId,
    accountCreatedAt: TOY_SHOP_END - 6 * HOUR,
  };
  placeOrder({
    at: TOY_SHOP_END - 5 * HOUR,
    who: returning,
    items: [byId.get('p-gift-card-50')!],
    card: stolen,
  });

  // A fake-review burst: six two-day-old accounts praise the star projector within two hours, in
  // nearly the same words, none of them a buyer.
  FAKE_REVIEWS.forEach((body, i) =>
    review(
      TOY_SHOP_END - 8 * HOUR + i * 20 * 60_000,
      { productId: 'p-star-projector', userId: `u-${960 + i}`, rating: 5, title: 'Amazing!!!', body },
      { verifiedPurchase: false, accountCreatedAt: iso(TOY_SHOP_END - 2 * DAY), ip: `192.0.2.${40 + i}` },
    ),
  );
  // And a rating that contradicts its text.
  review(
    TOY_SHOP_END - 3 * HOUR,
    {
      productId: 'p-star-projector',
      userId: 'u-105',
      rating: 5,
      title: 'Hmm',
      body: 'Stopped working after two days and the timer is broken. Terrible, a waste of money.',
    },
    { verifiedPurchase: false, accountCreatedAt: iso(shoppers[4]!.accountCreatedAt) },
  );

  // Time order, then fixed ids in that order.
  events.sort((a, b) => a.at - b.at);
  return events.map((e, i) => ({
    subject: e.subject,
    data: {
      envelope: {
        eventId: `${tenant}-toyshop-${String(i + 1).padStart(4, '0')}`,
        occurredAt: iso(e.at),
        producer: 'toy-shop',
        tenantId: tenant,
        schemaVersion: 1,
      },
      ...e.body,
    },
  }));
}
