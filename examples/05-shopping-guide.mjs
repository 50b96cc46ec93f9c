// The conversational shopping guide as a storefront's chat widget uses it: the shop's toys are
// published once (with their age ranges and safety facts), then one conversation, turn by turn —
// the guide asks what it needs to know, then recommends safe products with a reason each.
//   NATS_URL=nats://127.0.0.1:4222 SHOP=demo node examples/05-shopping-guide.mjs
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect, headers } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';

const shop = process.env.SHOP ?? 'demo';
const nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
const js = jetstream(nc);
const json = headers();
json.set('content-type', 'application/json');

const eur = (cents) => ({ currency: 'EUR', amountMinor: cents });
const toys = [
  ['gx-dino-puzzle', 'Dinosaur Floor Puzzle', 2499, { minMonths: 36 }, 'Big 48-piece puzzle.'],
  ['gx-dino-plush', 'Cuddly Dinosaur', 1500, { minMonths: 0 }, 'Soft and washable.'],
  ['gx-dino-dig', 'Dinosaur Excavation Kit', 2900, { minMonths: 96 }, 'Dig out six fossils.'],
  ['gx-dino-figures', 'Dinosaur Figures', 1999, { minMonths: 36 }, 'Small parts: not for under 3s.'],
];
for (const [id, title, cents, ageRange, description] of toys) {
  const eventId = `example-05-${id}`; // a stable id: running the example again adds nothing
  const envelope = {
    eventId,
    occurredAt: new Date().toISOString(),
    producer: 'my-storefront',
    tenantId: shop, // must equal the tenant in the subject
    schemaVersion: 1,
  };
  const product = {
    id,
    title,
    categoryPath: ['Toys', 'Dinosaurs'],
    price: eur(cents),
    ageRange, // the guide never shows a toy to a child younger than its minimum age
    description,
    language: 'en',
  };
  const h = headers();
  h.set('content-type', 'application/json');
  h.set('Nats-Msg-Id', eventId);
  await js.publish(
    `shop.${shop}.catalog.product_upserted`,
    JSON.stringify({ envelope, product, version: 1 }),
    {
      headers: h,
    },
  );
}
console.log(`published ${toys.length} toys for shop ${shop}`);

async function say(conversationId, text) {
  const request = { meta: { requestId: randomUUID(), tenantId: shop }, conversationId, text, k: 3 };
  const reply = await nc.request(`q.${shop}.recommendation.guide`, JSON.stringify(request), {
    headers: json,
    timeout: 3_000,
  });
  const body = reply.json();
  if (reply.headers?.get('Shopmind-Error')) throw new Error(`error ${body.code}: ${body.message}`);
  return body;
}

// The catalogue is taken in asynchronously, within moments: a first question waits until the
// guide can recommend one of the toys just published.
const probe = 'a present for my 4 year old niece, she loves dinosaurs, around 30 euros';
for (let tries = 0; tries < 50; tries++) {
  const r = await say(`probe-${randomUUID()}`, probe);
  if ((r.recommendations ?? []).some((p) => p.productId.startsWith('gx-'))) break;
  await sleep(200);
}

const conversation = randomUUID();
for (const text of [
  '',
  "I'm looking for a present for my 4 year old niece, she loves dinosaurs, around 30 euros",
  'something cheaper?',
]) {
  const reply = await say(conversation, text);
  console.log(`shopper: ${text || '(opens the chat)'}`);
  console.log(`guide:   ${reply.text.replaceAll('\n', '\n         ')}`);
  const picks = (reply.recommendations ?? []).map((p) => p.productId);
  if (picks.length) console.log(`         (product ids: ${picks.join(', ')})`);
  if (reply.missing?.length) console.log(`         (still unknown: ${reply.missing.join(', ')})`);
}
await nc.drain();
