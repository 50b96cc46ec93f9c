// A support conversation: the shop's order system publishes an order and its shipment, then a
// customer chats with customer-service — order status as the owner, a return question, and a
// request for a person (the hand-over is also published on ai.<shop>.support.escalated).
//   NATS_URL=nats://127.0.0.1:4222 SHOP=demo node examples/06-support-chat.mjs
import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import { connect, headers } from '@nats-io/transport-node';

const shop = process.env.SHOP ?? 'demo';
const nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
const js = jetstream(nc);
const h = headers();
h.set('content-type', 'application/json');
const orderId = `W${Date.now().toString().slice(-7)}`;
const userId = 'u-7';
const envelope = (at) => ({
  eventId: randomUUID(),
  occurredAt: new Date(at).toISOString(),
  producer: 'order-management',
  tenantId: shop,
  schemaVersion: 1,
});
const price = { currency: 'EUR', amountMinor: 2499 };
const trackingNumber = '00340434161234';

await js.publish(
  `shop.${shop}.order.placed`,
  JSON.stringify({
    envelope: envelope(Date.now() - 3 * 86_400_000),
    order: {
      orderId,
      userId,
      email: 'alex@example.com',
      currency: 'EUR',
      items: [{ productId: 'p-puzzle', title: 'Alpine Lake Puzzle', quantity: 1, unitPrice: price }],
      totals: { total: price },
      paymentMethod: 'PAYMENT_METHOD_PAYPAL',
    },
  }),
  { headers: h },
);
await js.publish(
  `shop.${shop}.order.status_changed`,
  JSON.stringify({
    envelope: envelope(Date.now() - 2 * 86_400_000),
    orderId,
    userId,
    status: 'ORDER_STATUS_SHIPPED',
    tracking: {
      carrier: 'DHL',
      trackingNumber,
      estimatedDelivery: new Date(Date.now() + 86_400_000).toISOString(),
    },
  }),
  { headers: h },
);

const conversationId = randomUUID();
async function say(text, attempts = 20) {
  const request = {
    meta: { requestId: randomUUID(), tenantId: shop },
    conversationId,
    userId,
    text,
    channel: 'SUPPORT_CHANNEL_CHAT',
  };
  const reply = await nc.request(`q.${shop}.support.chat`, JSON.stringify(request), {
    headers: h,
    timeout: 5_000,
  });
  const body = reply.json();
  if (reply.headers?.get('Shopmind-Error')) throw new Error(`error ${body.code}: ${body.message}`);
  // The two order events are consumed asynchronously, by two consumers: ask again until both are
  // applied (the order is known and has its tracking number).
  if (text.includes(orderId) && !body.text.includes(trackingNumber) && attempts > 0) {
    await new Promise((r) => setTimeout(r, 250));
    return say(text, attempts - 1);
  }
  console.log(`customer: ${text}`);
  console.log(`support:  ${body.text}`);
  console.log(`          [${body.intent}${body.escalated ? `, handed over: ${body.escalationReason}` : ''}]`);
  return body;
}

await say(`Hi, where is my order #${orderId}?`);
await say('Can I still return the puzzle if my son does not like it?');
await say('I would like to talk to a person, please.');
await nc.drain();
