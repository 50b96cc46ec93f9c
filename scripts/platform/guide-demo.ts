// The demo's shopping-guide conversations: a shopper asks the guide for a present for a
// four-year-old who loves dinosaurs, then for something cheaper; then a Chinese shopper asks much
// the same in Chinese. The toy shop's catalogue has four dinosaur toys, one of them for ages 8 and
// up, which the guide must never offer either of them.
import { randomUUID } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import { CHINESE_GUIDE_TURNS } from './chinese-demo.js';
import { ask, askUntil } from './demo-queries.js';

interface GuideReply {
  text?: string;
  recommendations?: { productId: string }[];
}

const say = (nc: NatsConnection, tenant: string, conversationId: string, text: string, locale = '') =>
  ask<GuideReply>(nc, tenant, 'recommendation.guide', {
    conversationId,
    text,
    k: 3,
    ...(locale ? { locale } : {}),
  });

/** One conversation, printed turn by turn; a turn the guide does not answer says so and ends it. */
async function converse(
  nc: NatsConnection,
  tenant: string,
  turns: readonly string[],
  locale = '',
): Promise<void> {
  const conversationId = randomUUID();
  for (const text of turns) {
    console.log(`  shopper: ${text || '(opens the chat)'}`);
    try {
      const r = await say(nc, tenant, conversationId, text, locale);
      const answer = (r.text ?? '').trim() || '(an empty answer)';
      console.log(`  guide:   ${answer.replaceAll('\n', '\n           ')}`);
    } catch (err) {
      console.log(`  guide:   (no answer — ${err instanceof Error ? err.message : String(err)})`);
      return;
    }
  }
}

export async function guideDemo(nc: NatsConnection, tenant: string): Promise<void> {
  const wish = "I'm looking for a present for my 4 year old niece, she loves dinosaurs, around 30 euros";
  try {
    // The replay has been taken in; a probe makes sure the guide can already recommend the toys.
    await askUntil(
      () => say(nc, tenant, `demo-probe-${randomUUID()}`, wish),
      (r) => (r.recommendations ?? []).length > 0,
    );
  } catch (err) {
    console.log(`  (shopping guide: no answer — ${err instanceof Error ? err.message : String(err)})`);
    return;
  }
  await converse(nc, tenant, ['', wish, 'something cheaper?']);
  console.log('\n  In Chinese:');
  await converse(nc, tenant, CHINESE_GUIDE_TURNS, 'zh');
}
