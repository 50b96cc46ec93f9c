// Asks review-sentiment what customers say about a product (core NATS request/reply).
// An error comes back as an ErrorReply with the `Shopmind-Error` header set.
//   NATS_URL=nats://127.0.0.1:4222 SHOP=demo PRODUCT=p-42 node examples/02-ask-for-a-review-summary.mjs
import { randomUUID } from 'node:crypto';
import { connect, headers } from '@nats-io/transport-node';

const shop = process.env.SHOP ?? 'demo';
const nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
const h = headers();
h.set('content-type', 'application/json');
const request = {
  meta: { requestId: randomUUID(), tenantId: shop },
  productId: process.env.PRODUCT ?? 'p-42',
  maxQuotes: 3,
};
const reply = await nc.request(`q.${shop}.reviews.summary`, JSON.stringify(request), {
  headers: h,
  timeout: 3_000,
});
const body = reply.json();
if (reply.headers?.get('Shopmind-Error')) {
  console.error(`error ${body.code}: ${body.message}`, body.violations ?? []);
  process.exitCode = 1;
} else {
  console.log(`${body.reviewCount ?? 0} reviews, average ${(body.averageRating ?? 0).toFixed(1)} stars`);
  console.log(`pros: ${(body.pros ?? []).map((p) => p.aspect).join(', ') || '—'}`);
  console.log(`cons: ${(body.cons ?? []).map((p) => p.aspect).join(', ') || '—'}`);
  if (body.summaryText) console.log(body.summaryText);
}
await nc.drain();
