// The demo's support conversation: the order system publishes an order, its shipment and its
// delivery as plain JSON, then a customer chats with customer-service — order status as the owner,
// a return question, and an angry turn that hands the conversation to a person.
import { randomUUID } from 'node:crypto';
import type { JetStreamClient } from '@nats-io/jetstream';
import type { MsgHdrs, NatsConnection } from '@nats-io/transport-node';

const DAY = 86_400_000;

export async function supportDemo(
  nc: NatsConnection,
  js: JetStreamClient,
  h: MsgHdrs,
  tenant: string,
): Promise<void> {
  // Fixed ids, like the rest of the demo: a second run publishes the same events, which the service
  // has already applied, so it still knows one order.
  const orderId = 'W2611340';
  const userId = 'u-7';
  let n = 0;
  const envelope = (atMs: number) => ({
    eventId: `demo-${tenant}-support-${++n}`,
    occurredAt: new Date(atMs).toISOString(),
    producer: 'shopmind-demo',
    tenantId: tenant,
    schemaVersion: 1,
  });
  const price = { currency: 'EUR', amountMinor: '3499' };
  const events: [string, Record<string, unknown>][] = [
    [
      'order.placed',
      {
        envelope: envelope(Date.now() - 6 * DAY),
        order: {
          orderId,
          userId,
          email: 'alex@example.com',
          currency: 'EUR',
          items: [{ productId: 'p-wooden-train', title: 'Wooden Train Set', quantity: 1, unitPrice: price }],
          totals: { total: price },
          paymentMethod: 'PAYMENT_METHOD_PAYPAL',
        },
      },
    ],
    [
      'order.status_changed',
      {
        envelope: envelope(Date.now() - 5 * DAY),
        orderId,
        userId,
        status: 'ORDER_STATUS_SHIPPED',
        tracking: { carrier: 'DHL', trackingNumber: '00340434161234' },
      },
    ],
    [
      'order.status_changed',
      { envelope: envelope(Date.now() - 2 * DAY), orderId, userId, status: 'ORDER_STATUS_DELIVERED' },
    ],
  ];
  console.log('');
  for (const [subject, event] of events) {
    const eventId = (event.envelope as { eventId: string }).eventId;
    await js.publish(`shop.${tenant}.${subject}`, JSON.stringify(event), { headers: h, msgID: eventId });
    console.log(`  ⇢ shop.${tenant}.${subject}: ${orderId}`);
  }
  await new Promise((r) => setTimeout(r, 1_500));
  const conversationId = randomUUID();
  for (const text of [
    `Hi, has my order #${orderId} arrived?`,
    'Can I still return the train set?',
    'This is ridiculous, the wheels came off after one day, absolutely useless!!',
  ]) {
    const request = { meta: { requestId: randomUUID(), tenantId: tenant }, conversationId, userId, text };
    try {
      const reply = await nc.request(`q.${tenant}.support.chat`, JSON.stringify(request), {
        timeout: 5_000,
        headers: h,
      });
      const r = reply.json<{
        text?: string;
        intent?: string;
        escalated?: boolean;
        escalationReason?: string;
      }>();
      console.log(`\n  ? q.${tenant}.support.chat (${userId}): "${text}"`);
      console.log(`    ${r.text ?? ''}`);
      console.log(
        `    [${r.intent ?? '?'}${r.escalated ? `, handed to a person: ${String(r.escalationReason)}` : ''}]`,
      );
    } catch (err) {
      console.log(
        `  ? q.${tenant}.support.chat: no answer (${err instanceof Error ? err.message : String(err)})`,
      );
    }
  }
}
