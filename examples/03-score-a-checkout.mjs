// Asks fraud-detection whether to accept a checkout, synchronously, before taking payment.
//   NATS_URL=nats://127.0.0.1:4222 SHOP=demo node examples/03-score-a-checkout.mjs
import { randomUUID } from 'node:crypto';
import { connect, headers } from '@nats-io/transport-node';

const shop = process.env.SHOP ?? 'demo';
const nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
const h = headers();
h.set('content-type', 'application/json');
const request = {
  meta: { requestId: randomUUID(), tenantId: shop },
  order: {
    orderId: `o-${Date.now()}`,
    userId: 'u-7',
    currency: 'EUR',
    items: [{ productId: 'p-42', quantity: 1, unitPrice: { currency: 'EUR', amountMinor: 3499 } }],
    totals: { total: { currency: 'EUR', amountMinor: 3499 } },
    paymentMethod: 'PAYMENT_METHOD_CARD',
    card: { bin: '424242', last4: '4242', fingerprint: 'fp_example' },
    ip: '203.0.113.7',
    email: 'alex@example.com',
  },
};
const started = performance.now();
const reply = await nc.request(`q.${shop}.fraud.score`, JSON.stringify(request), {
  headers: h,
  timeout: 2_000,
});
const body = reply.json();
if (reply.headers?.get('Shopmind-Error')) {
  console.error(`error ${body.code}: ${body.message}`, body.violations ?? []);
  process.exitCode = 1;
} else {
  const a = body.assessment ?? {};
  console.log(
    `${a.decision} (score ${Number(a.score ?? 0).toFixed(3)}) in ${(performance.now() - started).toFixed(1)} ms`,
  );
  for (const r of (a.reasons ?? []).slice(0, 5))
    console.log(`  ${r.message} (${Number(r.contribution ?? 0).toFixed(2)})`);
}
await nc.drain();
