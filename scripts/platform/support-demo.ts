// The demo's support conversation: Alex (u-7) bought the wooden train set six days ago (order
// W2611340 in the toy shop's events: shipped with DHL, delivered two days ago) and chats with
// customer-service — order status as the owner, a return question, and an angry turn that hands
// the conversation to a person.
import { randomUUID } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import { ask } from './demo-queries.js';

interface ChatReply {
  text?: string;
  intent?: string;
  escalated?: boolean;
  escalationReason?: string;
}

export async function supportDemo(nc: NatsConnection, tenant: string): Promise<void> {
  const orderId = 'W2611340';
  const userId = 'u-7';
  const conversationId = randomUUID();
  console.log(`\n  Chat with ${userId} about order ${orderId}:`);
  for (const text of [
    `Hi, has my order #${orderId} arrived?`,
    'Can I still return the train set?',
    'This is ridiculous, the wheels came off after one day, absolutely useless!!',
  ]) {
    try {
      const r = await ask<ChatReply>(nc, tenant, 'support.chat', {
        conversationId,
        userId,
        text,
        channel: 'SUPPORT_CHANNEL_CHAT',
      });
      const why = r.escalated ? `, handed to a person: ${String(r.escalationReason)}` : '';
      console.log(`  customer: ${text}`);
      console.log(`  support:  ${(r.text ?? '').replaceAll('\n', '\n            ')}`);
      console.log(`            [${r.intent ?? '?'}${why}]`);
    } catch (err) {
      console.log(`  (support chat: no answer — ${err instanceof Error ? err.message : String(err)})`);
    }
  }
}
