// An independent, hand-scripted labelled stream for evaluating fraud detection on data the model
// was not fitted to: written separately from fraud-stream.ts, with other countries, catalogue,
// amounts and timing, harder legitimate look-alikes and fraudsters who try to stay under the rules.
//   npm run build && node dist/services/fraud-detection/src/tools/fraud-scenarios.js --seed 7 --out tests/eval/data/fraud-scenarios.jsonl
// Legitimate look-alikes: B2B buyers shipping to many branch addresses, families sharing one
// device and card, holiday gift-card buyers, expats with foreign cards, big one-off purchases.
// Fraud: slow card testing (minutes apart, amounts up to 14, rotating IPs on one device), takeover
// from the victim's own device with a new card and address, stolen cards shipped domestically from
// a device used by many accounts, gift cards split across two devices, drop addresses without any
// reshipper name.
import { writeFileSync } from 'node:fs';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';

const argv = await yargs(hideBin(process.argv))
  .option('seed', { type: 'number', default: 7 })
  .option('out', { type: 'string', demandOption: true })
  .option('households', { type: 'number', default: 260 })
  .strict()
  .parse();

let state = argv.seed >>> 0 || 1;
const rnd = (): number => {
  // xorshift32: a different generator from fraud-stream.ts on purpose.
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 4294967296;
};
const between = (a: number, b: number): number => a + rnd() * (b - a);
const oneOf = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
const token = (n: number): string =>
  Array.from({ length: n }, () => 'abcdefghjkmnpqrstuvwxyz23456789'[Math.floor(rnd() * 31)]).join('');

const START = Date.UTC(2026, 4, 4);
const DAYS = 12;
const MIN = 60_000;
const HOURMS = 60 * MIN;
const DAYMS = 24 * HOURMS;
const COUNTRIES = ['JP', 'KR', 'SG', 'NZ', 'SE', 'NO', 'DK'];
const CATALOGUE: { path: string[]; lo: number; hi: number; w: number }[] = [
  { path: ['Stationery'], lo: 3, hi: 35, w: 4 },
  { path: ['Outdoor', 'Camping'], lo: 20, hi: 420, w: 2 },
  { path: ['Kids', 'Puzzles'], lo: 9, hi: 55, w: 3 },
  { path: ['Audio', 'Electronics', 'Speakers'], lo: 40, hi: 700, w: 1 },
  { path: ['Cameras', 'Electronics'], lo: 250, hi: 1900, w: 0.4 },
  { path: ['Vouchers', 'Gift card'], lo: 20, hi: 300, w: 0.5 },
  { path: ['Tea & coffee'], lo: 6, hi: 60, w: 3 },
];
const pickItem = (filter?: (c: (typeof CATALOGUE)[number]) => boolean) => {
  const cs = CATALOGUE.filter(filter ?? (() => true));
  let r = rnd() * cs.reduce((s, c) => s + c.w, 0);
  for (const c of cs) if ((r -= c.w) < 0) return c;
  return cs[0];
};

interface Row {
  t: number;
  label: 0 | 1;
  scenario: string;
  user: string;
  email: string;
  created: number;
  card: { fp: string; country: string };
  device: string;
  ip: string;
  bill: { line1: string; city: string; zip: string; country: string };
  ship: { line1: string; city: string; zip: string; country: string };
  items: { path: string[]; price: number; qty: number }[];
}
const rows: Row[] = [];
const addr = (country: string, line1?: string) => ({
  line1:
    line1 ??
    `${Math.floor(between(1, 90))}-${Math.floor(between(1, 30))} ${oneOf(['Sakura', 'Birch', 'Harbour', 'Fjord', 'Maple', 'Cedar'])} ${oneOf(['dori', 'gata', 'vei', 'road'])}`,
  city: oneOf(['Nordby', 'Minato', 'Eastfield', 'Haven', 'Kita']),
  zip: String(Math.floor(between(1000, 9999))),
  country,
});
const ip = () =>
  `${Math.floor(between(20, 220))}.${Math.floor(between(0, 255))}.${Math.floor(between(0, 255))}.${Math.floor(between(1, 254))}`;
const card = (country: string) => ({ fp: `cfp-${token(16)}`, country });

// Households: legitimate customers, some with look-alike habits.
const people: {
  user: string;
  email: string;
  created: number;
  country: string;
  cards: ReturnType<typeof card>[];
  device: string;
  ip: string;
  home: ReturnType<typeof addr>;
}[] = [];
for (let h = 0; h < argv.households; h++) {
  const country = oneOf(COUNTRIES);
  const home = addr(country);
  const device = `d-${token(10)}`;
  const sharedCard = card(country);
  const members = rnd() < 0.25 ? 2 + Math.floor(rnd() * 2) : 1; // families share device and card
  const homeIp = ip();
  for (let m = 0; m < members; m++) {
    const expat = rnd() < 0.08;
    people.push({
      user: `cust-${token(8)}`,
      email: `${token(6)}@${oneOf(['mail.jp', 'naver.com', 'gmail.com', 'telia.se', 'outlook.com'])}`,
      created: START - between(2, 2000) * DAYMS,
      country,
      cards: members > 1 ? [sharedCard] : [card(expat ? oneOf(['US', 'GB', 'DE']) : country)],
      device,
      ip: homeIp,
      home,
    });
  }
}
for (const p of people) {
  const n = Math.floor(between(0, 5));
  const b2b = rnd() < 0.04;
  const giftSeason = rnd() < 0.06;
  for (let k = 0; k < n; k++) {
    const t = START + between(0, DAYS) * DAYMS;
    const big = rnd() < 0.05;
    const item = big
      ? pickItem((c) => c.hi > 600)
      : giftSeason
        ? pickItem((c) => c.path.includes('Gift card'))
        : pickItem();
    rows.push({
      t,
      label: 0,
      scenario: b2b ? 'legit_b2b' : giftSeason ? 'legit_gift_season' : 'legit',
      user: p.user,
      email: p.email,
      created: p.created,
      card: oneOf(p.cards),
      device: rnd() < 0.85 ? p.device : `d-${token(10)}`,
      ip: rnd() < 0.6 ? p.ip : ip(),
      bill: p.home,
      ship: b2b ? addr(p.country) : rnd() < 0.05 ? addr(oneOf(COUNTRIES)) : p.home,
      items: [
        {
          path: item.path,
          price: Math.round(between(item.lo, item.hi)),
          qty: giftSeason ? 1 + Math.floor(rnd() * 3) : 1,
        },
      ],
    });
  }
}
// New legitimate customers placing a first order right after signing up.
for (let k = 0; k < argv.households * 0.3; k++) {
  const country = oneOf(COUNTRIES);
  const t = START + between(0, DAYS) * DAYMS;
  const home = addr(country);
  const item = pickItem();
  rows.push({
    t,
    label: 0,
    scenario: 'legit_new',
    user: `cust-${token(8)}`,
    email: `${token(7)}@gmail.com`,
    created: t - between(0.01, 2) * HOURMS,
    card: card(country),
    device: `d-${token(10)}`,
    ip: ip(),
    bill: home,
    ship: home,
    items: [{ path: item.path, price: Math.round(between(item.lo, item.hi)), qty: 1 }],
  });
}

// Fraud scenarios.
const fraud = (n: number, f: (t: number) => void): void => {
  for (let i = 0; i < n; i++) f(START + between(0.5, DAYS) * DAYMS);
};
fraud(6, (t) => {
  // Slow card testing: one device, IPs rotating, 6–10 attempts 3–9 minutes apart, amounts 5–14.
  const device = `d-${token(10)}`;
  const acct = {
    user: `cust-${token(8)}`,
    email: `${token(9)}@gmail.com`,
    created: t - between(1, 30) * DAYMS,
  };
  const country = oneOf(COUNTRIES);
  for (let i = Math.floor(between(6, 11)); i > 0; i--) {
    const a = addr(country);
    rows.push({
      t,
      label: 1,
      scenario: 'slow_card_testing',
      ...acct,
      card: card(oneOf(['US', 'GB', 'BR', country])),
      device,
      ip: ip(),
      bill: a,
      ship: a,
      items: [{ path: ['Tea & coffee'], price: Math.round(between(5, 14) * 100) / 100, qty: 1 }],
    });
    t += between(3, 9) * MIN;
  }
});
fraud(8, (t) => {
  // Takeover from the victim's own device: new card, new address in the same country, cameras.
  const v = oneOf(people);
  const drop = addr(v.country);
  const c = card(v.country);
  for (let i = 1 + Math.floor(rnd() * 2); i > 0; i--) {
    rows.push({
      t,
      label: 1,
      scenario: 'takeover_same_device',
      user: v.user,
      email: v.email,
      created: v.created,
      card: c,
      device: v.device,
      ip: ip(),
      bill: v.home,
      ship: drop,
      items: [{ path: ['Cameras', 'Electronics'], price: Math.round(between(900, 1900)), qty: 1 }],
    });
    t += between(10, 120) * MIN;
  }
});
fraud(7, (t) => {
  // Stolen cards shipped domestically, several fresh accounts on one device.
  const device = `d-${token(10)}`;
  const country = oneOf(COUNTRIES);
  for (let i = Math.floor(between(2, 5)); i > 0; i--) {
    const a = addr(country);
    const item = pickItem((c) => c.hi > 300);
    rows.push({
      t,
      label: 1,
      scenario: 'stolen_card_domestic',
      user: `cust-${token(8)}`,
      email: `${token(9)}@outlook.com`,
      created: t - between(0.1, 48) * HOURMS,
      card: card(country),
      device,
      ip: ip(),
      bill: addr(country),
      ship: a,
      items: [{ path: item.path, price: Math.round(between(item.lo, item.hi)), qty: 1 }],
    });
    t += between(0.5, 10) * HOURMS;
  }
});
fraud(6, (t) => {
  // Gift cards split across two devices, one fresh account.
  const acct = {
    user: `cust-${token(8)}`,
    email: `${token(9)}@${oneOf(['yopmail.com', 'gmail.com'])}`,
    created: t - between(1, 20) * HOURMS,
  };
  const devices = [`d-${token(10)}`, `d-${token(10)}`];
  const country = oneOf(COUNTRIES);
  const a = addr(country);
  const c = card(oneOf(COUNTRIES));
  for (let i = Math.floor(between(3, 7)); i > 0; i--) {
    rows.push({
      t,
      label: 1,
      scenario: 'gift_cards_two_devices',
      ...acct,
      card: c,
      device: oneOf(devices),
      ip: ip(),
      bill: a,
      ship: a,
      items: [
        {
          path: ['Vouchers', 'Gift card'],
          price: oneOf([50, 100, 200, 300]),
          qty: 1 + Math.floor(rnd() * 3),
        },
      ],
    });
    t += between(4, 25) * MIN;
  }
});
fraud(5, (t) => {
  // Drop address with no reshipper name: several accounts, cards and devices, one flat.
  const country = oneOf(COUNTRIES);
  const drop = addr(country, `${Math.floor(between(1, 40))} Quiet Lane, Flat ${Math.floor(between(1, 9))}`);
  for (let i = Math.floor(between(3, 7)); i > 0; i--) {
    const billCountry = oneOf(COUNTRIES);
    rows.push({
      t,
      label: 1,
      scenario: 'plain_drop_address',
      user: `cust-${token(8)}`,
      email: `${token(9)}@gmail.com`,
      created: t - between(0.2, 6) * DAYMS,
      card: card(billCountry),
      device: `d-${token(10)}`,
      ip: ip(),
      bill: addr(billCountry),
      ship: drop,
      items: [{ path: ['Audio', 'Electronics', 'Speakers'], price: Math.round(between(300, 700)), qty: 1 }],
    });
    t += between(2, 30) * HOURMS;
  }
});

rows.sort((a, b) => a.t - b.t);
const end = START + DAYS * DAYMS;
let seq = 0;
const money = (v: number) => ({ currency: 'NOK', amountMinor: String(Math.round(v * 100)) });
const lines = rows
  .filter((r) => r.t < end)
  .map((r) => {
    seq++;
    const total = r.items.reduce((s, i) => s + i.price * i.qty, 0);
    const when = new Date(Math.round(r.t)).toISOString();
    const a = (x: Row['bill']) => ({ line1: x.line1, city: x.city, postalCode: x.zip, country: x.country });
    return JSON.stringify({
      envelope: {
        eventId: `scn-${argv.seed}-${seq}`,
        occurredAt: when,
        producer: 'scenario-shop',
        tenantId: 'nordic',
        schemaVersion: 1,
      },
      order: {
        orderId: `scn-order-${argv.seed}-${seq}`,
        userId: r.user,
        email: r.email,
        accountCreatedAt: new Date(Math.round(r.created)).toISOString(),
        placedAt: when,
        items: r.items.map((i, n) => ({
          productId: `${i.path.join('-').replace(/\W+/g, '')}-${n}`,
          sku: `S${n}`,
          title: i.path[i.path.length - 1],
          categoryPath: i.path,
          quantity: i.qty,
          unitPrice: money(i.price),
        })),
        currency: 'NOK',
        totals: { total: money(total) },
        paymentMethod: 'PAYMENT_METHOD_CARD',
        card: {
          bin: '535310',
          last4: '0042',
          fingerprint: r.card.fp,
          brand: 'mastercard',
          issuerCountry: r.card.country,
        },
        billingAddress: a(r.bill),
        shippingAddress: a(r.ship),
        ip: r.ip,
        deviceId: r.device,
      },
      label: r.label,
      pattern: r.scenario,
    });
  });
writeFileSync(argv.out, lines.join('\n') + '\n');
const by: Record<string, number> = {};
for (const l of lines) {
  const p = (JSON.parse(l) as { pattern: string }).pattern;
  by[p] = (by[p] ?? 0) + 1;
}
console.error(JSON.stringify({ out: argv.out, orders: lines.length, by_scenario: by }));
