// What a storefront does for recommendations: it tells ShopMind about its products and what shoppers
// do (events on JetStream, proto3 JSON), then asks "what next?" for a product page and for a shopper.
//   NATS_URL=nats://127.0.0.1:4222 SHOP=demo node examples/04-recommend.mjs
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect, headers } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';

const shop = process.env.SHOP ?? 'demo';
const nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
const js = jetstream(nc);
const run = randomUUID().slice(0, 8);

async function publish(event, message) {
  const eventId = randomUUID();
  const envelope = {
    eventId,
    occurredAt: new Date().toISOString(),
    producer: 'my-storefront',
    tenantId: shop, // must equal the tenant in the subject
    schemaVersion: 1,
  };
  const h = headers();
  h.set('content-type', 'application/json');
  h.set('Nats-Msg-Id', eventId); // a retried publish is stored once
  await js.publish(`shop.${shop}.${event}`, JSON.stringify({ envelope, ...message }), { headers: h });
}

const eur = (cents) => ({ currency: 'EUR', amountMinor: cents });
const products = [
  {
    id: 'ex-train',
    title: 'Wooden Train Set',
    brand: 'Brio',
    categoryPath: ['Toys', 'Trains'],
    price: eur(4999),
  },
  {
    id: 'ex-track',
    title: 'Train Track Extension',
    brand: 'Brio',
    categoryPath: ['Toys', 'Trains'],
    price: eur(1999),
  },
  {
    id: 'ex-bridge',
    title: 'Wooden Bridge',
    brand: 'Ikea',
    categoryPath: ['Toys', 'Trains'],
    price: eur(1499),
  },
  { id: 'ex-doll', title: 'Rag Doll', brand: 'Käthe', categoryPath: ['Toys', 'Dolls'], price: eur(2499) },
];
for (const product of products)
  await publish('catalog.product_upserted', {
    product: { ...product, stock: 10, url: `https://shop.example/${product.id}`, language: 'en' },
    version: Date.now(), // the shop's revision counter: the newest upsert wins
  });

// Three shoppers look at the train set and put the track extension (one also the bridge) in their cart.
const interactions = [];
for (const shopper of ['u-1', 'u-2', 'u-3']) {
  const sessionId = `s-${run}-${shopper}`;
  interactions.push(
    [shopper, sessionId, 'VIEW', 'ex-train'],
    [shopper, sessionId, 'ADD_TO_CART', 'ex-track'],
  );
  if (shopper === 'u-3') interactions.push([shopper, sessionId, 'ADD_TO_CART', 'ex-bridge']);
}
interactions.push(['u-7', `s-${run}-u-7`, 'VIEW', 'ex-train']);
for (const [userId, sessionId, kind, productId] of interactions)
  await publish('interaction.user_interacted', {
    kind: `INTERACTION_KIND_${kind}`,
    userId,
    sessionId,
    productId,
  });
console.log(`published ${products.length} products and ${interactions.length} interactions for shop ${shop}`);

async function topK(seed) {
  const h = headers();
  h.set('content-type', 'application/json');
  const request = { meta: { requestId: randomUUID(), tenantId: shop }, ...seed, k: 5 };
  const reply = await nc.request(`q.${shop}.recommendation.top_k`, JSON.stringify(request), {
    headers: h,
    timeout: 2_000,
  });
  const body = reply.json();
  if (reply.headers?.get('Shopmind-Error')) throw new Error(`error ${body.code}: ${body.message}`);
  return body;
}

// The service learns from the events asynchronously, within moments; a storefront simply shows
// what it gets. Here we ask again until the sessions above have been counted.
let forProduct = await topK({ productId: 'ex-train' });
for (let tries = 0; forProduct.strategy !== 'co-occurrence' && tries < 50; tries++) {
  await sleep(200);
  forProduct = await topK({ productId: 'ex-train' });
}

function show(heading, reply) {
  console.log(`${heading} (strategy ${reply.strategy}):`);
  (reply.items ?? []).forEach((item, i) => {
    const price = item.price
      ? ` ${item.price.currency} ${(Number(item.price.amountMinor) / 100).toFixed(2)}`
      : '';
    console.log(`  ${i + 1}. ${item.title} (${item.productId})${price} — ${(item.reasons ?? []).join('; ')}`);
  });
}
show('customers who viewed Wooden Train Set also liked', forProduct);
show('for you, u-7', await topK({ userId: 'u-7' }));
await nc.drain();
