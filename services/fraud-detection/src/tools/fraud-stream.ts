// Labelled synthetic order streams for fraud detection (order placed events as proto3 JSON plus
// "label"). Documented patterns, one campaign each; every order of a fraud campaign has label 1:
//  - card_testing: one fresh device and IP, 5–20 tiny orders minutes apart, a different card each
//  - account_takeover: an existing customer's account from a new device, IP and shipping address, big electronics
//  - reshipper: several new accounts, different cards, all shipping to one drop/reshipper address
//  - stolen_card: card and billing from one country, shipping to another, new account or guest
//  - friendly_fraud: an ordinary customer's ordinary-looking order that is later disputed (hard on purpose)
//  - gift_card_burst: a new account buying gift cards in several orders within an hour
// Legitimate noise on purpose: households sharing devices/addresses, office IPs, travellers,
// gifts shipped abroad, new customers, big legitimate electronics orders, second cards.
// Two profiles: `baseline` (training and dev data) and `shifted` (different countries, categories,
// amounts, burst shapes and mix) so that evaluation runs on data the model was not fitted to.

export interface StreamProfile {
  name: string;
  start: number;
  days: number;
  customers: number;
  ordersPerCustomerPerWeek: number;
  campaignsPerDay: number;
  countries: string[];
  categories: { path: string[]; weight: number; price: [number, number] }[];
  giftCategory: string[];
  electronicsCategory: string[];
  digitalCategory: string[];
  currency: string;
  emailDomains: string[];
  disposableDomains: string[];
  reshipperStreets: string[];
  plainDropStreets: string[];
  /** Probability a reshipper campaign uses a known reshipper street name (else a plain street). */
  reshipperNamed: number;
  cardTesting: { orders: [number, number]; gapSec: [number, number]; amount: [number, number] };
  mix: Record<FraudPattern, number>;
  noise: {
    household: number;
    officeIp: number;
    traveller: number;
    giftAbroad: number;
    newCard: number;
    bigSpender: number;
    mobileIp: number;
  };
}

export type FraudPattern =
  'card_testing' | 'account_takeover' | 'reshipper' | 'stolen_card' | 'friendly_fraud' | 'gift_card_burst';

const DAY = 86_400_000;

export const PROFILES: Record<string, StreamProfile> = {
  baseline: {
    name: 'baseline',
    start: Date.UTC(2026, 8, 1),
    days: 28,
    customers: 1500,
    ordersPerCustomerPerWeek: 0.9,
    campaignsPerDay: 3,
    countries: ['DE', 'FR', 'NL', 'AT', 'BE', 'IT', 'ES'],
    categories: [
      { path: ['Toys', 'Wooden toys'], weight: 3, price: [8, 60] },
      { path: ['Home', 'Kitchen'], weight: 3, price: [5, 120] },
      { path: ['Fashion', 'Shoes'], weight: 3, price: [30, 160] },
      { path: ['Books'], weight: 2, price: [6, 40] },
      { path: ['Electronics', 'Headphones'], weight: 1.5, price: [25, 350] },
      { path: ['Electronics', 'Smartphones'], weight: 0.6, price: [180, 1100] },
      { path: ['Gift cards'], weight: 0.4, price: [15, 100] },
      { path: ['Garden', 'Tools'], weight: 1.5, price: [10, 200] },
    ],
    giftCategory: ['Gift cards'],
    electronicsCategory: ['Electronics', 'Smartphones'],
    digitalCategory: ['Gift cards', 'Digital'],
    currency: 'EUR',
    emailDomains: ['gmail.com', 'web.de', 'gmx.de', 'outlook.com', 'orange.fr', 'yahoo.com'],
    disposableDomains: ['mailinator.com', 'yopmail.com', 'guerrillamail.com'],
    reshipperStreets: ['Reship Hub Str. 4', 'Forwarder Park 12', 'Freight Center 7'],
    plainDropStreets: ['Industriestr. 99', 'Rue du Port 3'],
    reshipperNamed: 0.75,
    cardTesting: { orders: [6, 20], gapSec: [15, 180], amount: [1, 9] },
    mix: {
      card_testing: 0.2,
      account_takeover: 0.18,
      reshipper: 0.15,
      stolen_card: 0.2,
      friendly_fraud: 0.12,
      gift_card_burst: 0.15,
    },
    noise: {
      household: 0.12,
      officeIp: 0.06,
      traveller: 0.03,
      giftAbroad: 0.03,
      newCard: 0.05,
      bigSpender: 0.05,
      mobileIp: 0.3,
    },
  },
  shifted: {
    name: 'shifted',
    start: Date.UTC(2026, 1, 10),
    days: 21,
    customers: 1100,
    ordersPerCustomerPerWeek: 1.3,
    campaignsPerDay: 2.5,
    countries: ['US', 'CA', 'GB', 'IE', 'AU'],
    categories: [
      { path: ['Baby', 'Strollers'], weight: 2, price: [90, 600] },
      { path: ['Sports', 'Cycling'], weight: 2, price: [15, 900] },
      { path: ['Beauty'], weight: 3, price: [4, 70] },
      { path: ['Electronics', 'Laptops'], weight: 0.8, price: [350, 2200] },
      { path: ['Consoles', 'Games'], weight: 1, price: [20, 520] },
      { path: ['Pet supplies'], weight: 2, price: [5, 90] },
      { path: ['Digital', 'Gift card'], weight: 0.7, price: [10, 250] },
    ],
    giftCategory: ['Digital', 'Gift card'],
    electronicsCategory: ['Electronics', 'Laptops'],
    digitalCategory: ['Digital', 'Gift card'],
    currency: 'USD',
    emailDomains: ['gmail.com', 'icloud.com', 'hotmail.com', 'proton.me', 'aol.com'],
    disposableDomains: ['tempmail.dev', 'trashmail.com', 'throwaway.email'],
    reshipperStreets: ['MyUS Shipito Suite 2200', 'Package Hub Way 1'],
    plainDropStreets: ['4410 Commerce Dr', '77 Warehouse Rd', '12 Dock St'],
    reshipperNamed: 0.35,
    cardTesting: { orders: [4, 12], gapSec: [60, 420], amount: [0.5, 14] },
    mix: {
      card_testing: 0.15,
      account_takeover: 0.22,
      reshipper: 0.18,
      stolen_card: 0.15,
      friendly_fraud: 0.15,
      gift_card_burst: 0.15,
    },
    noise: {
      household: 0.2,
      officeIp: 0.1,
      traveller: 0.06,
      giftAbroad: 0.05,
      newCard: 0.08,
      bigSpender: 0.1,
      mobileIp: 0.45,
    },
  },
};

export interface LabelledOrder {
  json: Record<string, unknown>;
  label: 0 | 1;
  pattern: FraudPattern | 'legit';
  t: number;
}

class Random {
  constructor(private s: number) {}
  next(): number {
    this.s = (this.s + 0x6d2b79f5) | 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(a: number, b: number): number {
    return a + Math.floor(this.next() * (b - a + 1));
  }
  real(a: number, b: number): number {
    return a + this.next() * (b - a);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  weighted<T>(xs: readonly T[], w: (x: T) => number): T {
    const total = xs.reduce((s, x) => s + w(x), 0);
    let r = this.next() * total;
    for (const x of xs) if ((r -= w(x)) < 0) return x;
    return xs[xs.length - 1];
  }
  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += Math.floor(this.next() * 16).toString(16);
    return s;
  }
  logNormal(median: number, sigma: number): number {
    const u = Math.max(1e-9, this.next());
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
    return median * Math.exp(sigma * z);
  }
}

interface Card {
  fingerprint: string;
  bin: string;
  last4: string;
  country: string;
}
interface Address {
  line1: string;
  postalCode: string;
  city: string;
  country: string;
}
interface Customer {
  id: string;
  email: string;
  createdAt: number;
  country: string;
  cards: Card[];
  devices: string[];
  ip: string;
  address: Address;
  orders: number[];
  typicalAmount: number;
}
interface Line {
  path: string[];
  price: number;
  quantity: number;
}
interface OrderSpec {
  t: number;
  userId: string;
  email: string;
  createdAt: number;
  card: Card;
  device: string;
  ip: string;
  billing: Address;
  shipping: Address;
  lines: Line[];
}

export function generateStream(profile: StreamProfile, seed: number): LabelledOrder[] {
  const r = new Random(seed * 7919 + 17);
  const end = profile.start + profile.days * DAY;
  let seq = 0;
  const id = (p: string): string => `${p}-${seed}-${(++seq).toString(36)}`;
  const ip = (): string => `${r.int(11, 223)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`;
  const card = (country: string): Card => ({
    fingerprint: `fp_${r.hex(20)}`,
    bin: String(r.int(400000, 559999)),
    last4: String(r.int(1000, 9999)),
    country,
  });
  const address = (country: string, street?: string): Address => ({
    line1:
      street ??
      `${r.pick(['Main', 'Oak', 'Linden', 'Station', 'Park', 'Mill', 'Church', 'High'])} ${r.pick(['St', 'Rd', 'Ave', 'Weg', 'Lane'])} ${r.int(1, 240)}`,
    postalCode: String(r.int(10000, 99999)),
    city: r.pick(['Springfield', 'Riverton', 'Lakeside', 'Hillview', 'Fairmont', 'Oldtown']),
    country,
  });
  const otherCountry = (c: string): string =>
    r.pick(['NG', 'RU', 'BR', 'VN', 'PH', 'UA', 'RO', 'ID', ...profile.countries].filter((x) => x !== c));
  const lines = (cats: StreamProfile['categories'], n: number): Line[] =>
    Array.from({ length: n }, () => {
      const c = r.weighted(cats, (x) => x.weight);
      return {
        path: c.path,
        price: Math.round(r.real(c.price[0], c.price[1]) * 100) / 100,
        quantity: r.chance(0.85) ? 1 : r.int(2, 3),
      };
    });
  const catOf = (path: string[]): StreamProfile['categories'][number] =>
    profile.categories.find((c) => c.path.join('/') === path.join('/')) ?? {
      path,
      weight: 1,
      price: [20, 400],
    };

  // Customers, some sharing households and office IPs.
  const customers: Customer[] = [];
  const offices = Array.from({ length: 6 }, ip);
  for (let i = 0; i < profile.customers; i++) {
    const country = r.pick(profile.countries);
    const mate = customers.length > 0 && r.chance(profile.noise.household) ? r.pick(customers) : undefined;
    const name = `${r.pick(['anna', 'ben', 'chris', 'dana', 'eli', 'finn', 'gina', 'hugo', 'ivy', 'jon', 'kim', 'lea'])}.${r.pick(['smith', 'meyer', 'rossi', 'dubois', 'jansen', 'garcia', 'brown', 'lee'])}${r.int(1, 999)}`;
    const recent = r.chance(0.15);
    const c: Customer = {
      id: id('u'),
      email: `${name}@${r.pick(profile.emailDomains)}`,
      createdAt: recent
        ? profile.start + r.real(-3, profile.days) * DAY
        : profile.start - r.real(30, 1500) * DAY,
      country: mate?.country ?? country,
      cards: [card(mate?.country ?? country)],
      devices: mate && r.chance(0.6) ? [mate.devices[0]] : [`dev-${r.hex(12)}`],
      ip: mate ? mate.ip : ip(),
      address: mate ? mate.address : address(country),
      orders: [],
      typicalAmount: r.logNormal(55, 0.6),
    };
    if (r.chance(0.25)) c.cards.push(card(c.country));
    if (r.chance(0.3)) c.devices.push(`dev-${r.hex(12)}`);
    customers.push(c);
  }

  const specs: { spec: OrderSpec; label: 0 | 1; pattern: LabelledOrder['pattern'] }[] = [];
  const push = (spec: OrderSpec, pattern: LabelledOrder['pattern']): void => {
    if (spec.t < end) specs.push({ spec, label: pattern === 'legit' ? 0 : 1, pattern });
  };

  // Legitimate orders.
  for (const c of customers) {
    const n = Math.max(
      0,
      Math.round(r.logNormal((profile.ordersPerCustomerPerWeek * profile.days) / 7, 0.7) - 0.5),
    );
    const from = Math.max(profile.start, c.createdAt);
    for (let k = 0; k < n; k++) {
      const t = from + r.next() * (end - from);
      const big = r.chance(profile.noise.bigSpender);
      const ls = big
        ? lines(
            profile.categories.filter((x) => x.price[1] > 300),
            1,
          )
        : lines(profile.categories, r.int(1, 3));
      const cardUsed = r.chance(profile.noise.newCard) ? card(c.country) : r.pick(c.cards);
      if (cardUsed !== c.cards[0] && !c.cards.includes(cardUsed)) c.cards.push(cardUsed);
      let shipping = c.address;
      if (r.chance(profile.noise.giftAbroad)) shipping = address(r.pick(profile.countries));
      else if (r.chance(0.06)) shipping = address(c.country);
      const travelling = r.chance(profile.noise.traveller);
      push(
        {
          t,
          userId: c.id,
          email: c.email,
          createdAt: c.createdAt,
          card: cardUsed,
          device: travelling ? `dev-${r.hex(12)}` : r.pick(c.devices),
          ip: r.chance(profile.noise.officeIp)
            ? r.pick(offices)
            : travelling || r.chance(profile.noise.mobileIp)
              ? ip()
              : c.ip,
          billing: c.address,
          shipping: travelling ? address(otherCountry(c.country), undefined) : shipping,
          lines: ls,
        },
        'legit',
      );
    }
  }
  // Legitimate guests (no account, often one-off).
  for (let k = 0; k < profile.customers * 0.15; k++) {
    const country = r.pick(profile.countries);
    const a = address(country);
    push(
      {
        t: profile.start + r.next() * (end - profile.start),
        userId: '',
        email: `guest${r.hex(6)}@${r.pick(profile.emailDomains)}`,
        createdAt: 0,
        card: card(country),
        device: `dev-${r.hex(12)}`,
        ip: ip(),
        billing: a,
        shipping: a,
        lines: lines(profile.categories, r.int(1, 2)),
      },
      'legit',
    );
  }

  // Fraud campaigns.
  const newAccount = (
    t: number,
    disposable: number,
  ): { userId: string; email: string; createdAt: number } => ({
    userId: id('u'),
    email: `${r.hex(8)}@${r.chance(disposable) ? r.pick(profile.disposableDomains) : r.pick(profile.emailDomains)}`,
    createdAt: t - r.real(0.01, 3) * DAY,
  });
  const campaigns = Math.round(profile.campaignsPerDay * profile.days);
  const patterns = Object.keys(profile.mix) as FraudPattern[];
  for (let k = 0; k < campaigns; k++) {
    const pattern = r.weighted(patterns, (p) => profile.mix[p]);
    let t = profile.start + r.real(1, profile.days) * DAY;
    const country = r.pick(profile.countries);
    switch (pattern) {
      case 'card_testing': {
        const device = `dev-${r.hex(12)}`;
        const fip = ip();
        const account = r.chance(0.4) ? newAccount(t, 0.5) : undefined;
        const n = r.int(...profile.cardTesting.orders);
        for (let i = 0; i < n; i++) {
          const acct = account ?? {
            userId: '',
            email: `${r.hex(7)}@${r.pick(profile.disposableDomains.concat(profile.emailDomains))}`,
            createdAt: 0,
          };
          const a = address(country);
          const amount = Math.round(r.real(...profile.cardTesting.amount) * 100) / 100;
          push(
            {
              t,
              ...acct,
              card: card(r.pick(profile.countries)),
              device,
              ip: fip,
              billing: a,
              shipping: a,
              lines: [
                { path: r.pick([profile.digitalCategory, profile.giftCategory]), price: amount, quantity: 1 },
              ],
            },
            pattern,
          );
          t += r.int(...profile.cardTesting.gapSec) * 1000;
        }
        break;
      }
      case 'account_takeover': {
        const veterans = customers.filter((c) => c.createdAt < t - 20 * DAY);
        const victim = veterans.length > 0 ? r.pick(veterans) : r.pick(customers);
        const device = `dev-${r.hex(12)}`;
        const fip = ip();
        const drop = address(r.chance(0.5) ? otherCountry(victim.country) : victim.country);
        const useCard = r.chance(0.5) ? victim.cards[0] : card(r.pick(profile.countries));
        for (let i = r.int(1, 3); i > 0; i--) {
          const c = catOf(profile.electronicsCategory);
          push(
            {
              t,
              userId: victim.id,
              email: victim.email,
              createdAt: victim.createdAt,
              card: useCard,
              device,
              ip: fip,
              billing: victim.address,
              shipping: drop,
              lines: [
                {
                  path: c.path,
                  price: Math.round(Math.max(victim.typicalAmount * r.real(3, 10), c.price[0])),
                  quantity: 1,
                },
              ],
            },
            pattern,
          );
          t += r.int(5, 90) * 60_000;
        }
        break;
      }
      case 'reshipper': {
        const street = r.chance(profile.reshipperNamed)
          ? r.pick(profile.reshipperStreets)
          : r.pick(profile.plainDropStreets);
        const drop = address(country, street);
        for (let i = r.int(3, 8); i > 0; i--) {
          const acct = newAccount(t, 0.2);
          const c = catOf(r.chance(0.7) ? profile.electronicsCategory : profile.giftCategory);
          const billCountry = r.chance(0.5) ? country : r.pick(profile.countries);
          push(
            {
              t,
              ...acct,
              card: card(billCountry),
              device: `dev-${r.hex(12)}`,
              ip: ip(),
              billing: address(billCountry),
              shipping: drop,
              lines: [{ path: c.path, price: Math.round(r.real(c.price[0], c.price[1])), quantity: 1 }],
            },
            pattern,
          );
          t += r.real(0.5, 16) * 3_600_000;
        }
        break;
      }
      case 'stolen_card': {
        const acct = r.chance(0.6)
          ? newAccount(t, 0.3)
          : { userId: '', email: `${r.hex(8)}@${r.pick(profile.emailDomains)}`, createdAt: 0 };
        const cardCountry = r.pick(profile.countries);
        const shipCountry = r.chance(0.7) ? otherCountry(cardCountry) : cardCountry;
        const device = `dev-${r.hex(12)}`;
        const fip = ip();
        const ship = address(shipCountry);
        const cards = Array.from({ length: r.chance(0.3) ? r.int(2, 3) : 1 }, () => card(cardCountry));
        for (let i = r.int(1, 4); i > 0; i--) {
          const c = catOf(
            r.chance(0.6)
              ? profile.electronicsCategory
              : r.weighted(profile.categories, (x) => x.weight).path,
          );
          push(
            {
              t,
              ...acct,
              card: r.pick(cards),
              device,
              ip: fip,
              billing: address(cardCountry),
              shipping: ship,
              lines: [{ path: c.path, price: Math.round(r.real(c.price[0], c.price[1]) * 1.5), quantity: 1 }],
            },
            pattern,
          );
          t += r.real(0.1, 8) * 3_600_000;
        }
        break;
      }
      case 'friendly_fraud': {
        const c = r.pick(customers);
        const cat = r.chance(0.5)
          ? catOf(profile.electronicsCategory)
          : r.weighted(profile.categories, (x) => x.weight);
        push(
          {
            t,
            userId: c.id,
            email: c.email,
            createdAt: c.createdAt,
            card: c.cards[0],
            device: c.devices[0],
            ip: r.chance(0.5) ? c.ip : ip(),
            billing: c.address,
            shipping: c.address,
            lines: [
              { path: cat.path, price: Math.round(r.real(cat.price[0], cat.price[1]) * 1.2), quantity: 1 },
            ],
          },
          pattern,
        );
        break;
      }
      case 'gift_card_burst': {
        const acct = newAccount(t, 0.6);
        const device = `dev-${r.hex(12)}`;
        const fip = ip();
        const a = address(country);
        const cards = [card(r.pick(profile.countries)), card(r.pick(profile.countries))];
        for (let i = r.int(3, 8); i > 0; i--) {
          push(
            {
              t,
              ...acct,
              card: r.pick(cards),
              device,
              ip: fip,
              billing: a,
              shipping: a,
              lines: [
                { path: profile.giftCategory, price: r.pick([25, 50, 100, 150, 200]), quantity: r.int(1, 4) },
              ],
            },
            pattern,
          );
          t += r.int(2, 12) * 60_000;
        }
        break;
      }
    }
  }

  specs.sort((a, b) => a.spec.t - b.spec.t);
  return specs.map(({ spec, label, pattern }) => ({
    json: orderPlacedJson(spec, id('o'), id('evt'), profile.currency),
    label,
    pattern,
    t: Math.round(spec.t),
  }));
}

const iso = (ms: number): string => new Date(Math.round(ms)).toISOString();
const money = (currency: string, major: number): Record<string, string> => ({
  currency,
  amountMinor: String(Math.round(major * 100)),
});

function orderPlacedJson(
  s: OrderSpec,
  orderId: string,
  eventId: string,
  currency: string,
): Record<string, unknown> {
  const total = s.lines.reduce((sum, l) => sum + l.price * l.quantity, 0);
  const addr = (a: Address): Record<string, string> => ({
    line1: a.line1,
    postalCode: a.postalCode,
    city: a.city,
    country: a.country,
  });
  return {
    envelope: {
      eventId,
      occurredAt: iso(s.t),
      producer: 'synthetic-shop',
      tenantId: 'acme',
      schemaVersion: 1,
    },
    order: {
      orderId,
      ...(s.userId ? { userId: s.userId } : {}),
      items: s.lines.map((l, i) => ({
        productId: `p-${l.path.join('-').toLowerCase().replace(/\W+/g, '-')}-${i}`,
        sku: `sku-${i}`,
        title: l.path[l.path.length - 1],
        categoryPath: l.path,
        quantity: l.quantity,
        unitPrice: money(currency, l.price),
      })),
      currency,
      totals: { total: money(currency, total) },
      paymentMethod: 'PAYMENT_METHOD_CARD',
      card: {
        bin: s.card.bin,
        last4: s.card.last4,
        fingerprint: s.card.fingerprint,
        brand: 'visa',
        issuerCountry: s.card.country,
      },
      billingAddress: addr(s.billing),
      shippingAddress: addr(s.shipping),
      ip: s.ip,
      deviceId: s.device,
      email: s.email,
      ...(s.createdAt ? { accountCreatedAt: iso(s.createdAt) } : {}),
      placedAt: iso(s.t),
    },
  };
}
