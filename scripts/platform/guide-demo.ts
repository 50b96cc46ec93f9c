// The demo's shopping-guide conversation: a shopper asks the guide for a present for a
// four-year-old who loves dinosaurs, then for something cheaper. The toy shop's catalogue has
// four dinosaur toys, one of them for ages 8 and up, which the guide must never offer her.
import { randomUUID } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import { ask, askUntil } from './demo-queries.js';

interface GuideReply {
  text?: string;
  recommendations?: { productId: string }[];
}

export async function guideDemo(nc: NatsConnection, tenant: string): Promise<void> {
  const say = (conversationId: string, text: string) =>
    ask<GuideReply>(nc, tenant, 'recommendation.guide', { conversationId, text, k: 3 });
  const wish = "I'm looking for a present for my 4 year old niece, she loves dinosaurs, around 30 euros";
  try {
    // The replay has been taken in; a probe makes sure the guide can already recommend the toys.
    await askUntil(
      () => say(`demo-probe-${randomUUID()}`, wish),
      (r) => (r.recommendations ?? []).length > 0,
    );
    const conversationId = randomUUID();
    for (const text of ['', wish, 'something cheaper?']) {
      const r = await say(conversationId, text);
      console.log(`  shopper: ${text || '(opens the chat)'}`);
      console.log(`  guide:   ${(r.text ?? '').replaceAll('\n', '\n           ')}`);
    }
  } catch (err) {
    console.log(`  (shopping guide: no answer — ${err instanceof Error ? err.message : String(err)})`);
  }
}
