// Publishes one review the way any shop system can: a NATS client and proto3 JSON, nothing from
// ShopMind. Then waits for the analysis, matched by causationId = the event id we sent.
//   NATS_URL=nats://127.0.0.1:4222 SHOP=demo node examples/01-publish-a-review.mjs
import { randomUUID } from 'node:crypto';
import { connect, headers } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';

const shop = process.env.SHOP ?? 'demo';
const nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
const eventId = randomUUID();

// Subscribe before publishing so the result cannot slip past us.
const results = nc.subscribe(`ai.${shop}.review.analysed`, { timeout: 10_000 });

const review = {
  envelope: {
    eventId,
    occurredAt: new Date().toISOString(),
    producer: 'my-review-platform',
    tenantId: shop, // must equal the tenant in the subject, or the event is dead-lettered
    schemaVersion: 1,
    correlationId: `example-${eventId.slice(0, 8)}`,
  },
  reviewId: `r-${eventId.slice(0, 8)}`,
  productId: 'p-42',
  userId: 'u-7',
  rating: 2,
  title: 'Stopped working',
  body: 'The battery died after two days and support never answered.',
  language: 'en',
  verifiedPurchase: true,
};
const h = headers();
h.set('content-type', 'application/json');
// JetStream publish: the server acknowledges once the event is stored; Nats-Msg-Id makes a retry safe.
h.set('Nats-Msg-Id', eventId);
const ack = await jetstream(nc).publish(`shop.${shop}.review.submitted`, JSON.stringify(review), {
  headers: h,
});
console.log(`published review ${review.reviewId} (stream ${ack.stream}, seq ${ack.seq})`);

for await (const msg of results) {
  const analysis = msg.json();
  if (analysis.envelope?.causationId !== eventId) continue;
  console.log(
    `analysed: ${analysis.polarity} (${analysis.score.toFixed(2)}), source ${analysis.source?.tier}`,
  );
  for (const a of analysis.aspects ?? []) console.log(`  ${a.aspect}: ${a.polarity} — "${a.evidence}"`);
  break;
}
await nc.drain();
