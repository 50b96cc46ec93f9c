// The demo's shopping-guide conversation: the shop publishes a few toys (with their age ranges and
// safety facts, fixed event ids so a rerun adds nothing), then a shopper asks the guide for a
// present, and asks for something cheaper.
import { randomUUID } from 'node:crypto';
import type { JetStreamClient } from '@nats-io/jetstream';
import type { MsgHdrs, NatsConnection } from '@nats-io/transport-node';

const TOYS: [id: string, title: string, cents: number, minMonths: number, description: string][] = [
  ['p-dino-puzzle', 'Dinosaur Floor Puzzle', 2499, 36, 'A 48-piece floor puzzle of a dinosaur valley.'],
  ['p-dino-plush', 'Cuddly Dinosaur', 1500, 0, 'A soft, washable T-Rex.'],
  ['p-dino-dig', 'Dinosaur Excavation Kit', 2900, 96, 'Dig six fossils out of a plaster block.'],
  ['p-dino-figures', 'Dinosaur Figures', 1999, 36, 'Twelve figures. Small parts: not for children under 3.'],
];

interface GuideReply {
  text?: string;
  recommendations?: { productId: string }[];
}

export async function guideDemo(
  nc: NatsConnection,
  js: JetStreamClient,
  h: MsgHdrs,
  tenant: string,
): Promise<void> {
  console.log('');
  for (const [id, title, cents, minMonths, description] of TOYS) {
    const eventId = `demo-${tenant}-guide-${id}`;
    const product = {
      id,
      title,
      categoryPath: ['Toys', 'Dinosaurs'],
      price: { currency: 'EUR', amountMinor: String(cents) },
      ageRange: { minMonths },
      description,
      language: 'en',
    };
    const envelope = {
      eventId,
      occurredAt: new Date().toISOString(),
      producer: 'shopmind-demo',
      tenantId: tenant,
      schemaVersion: 1,
    };
    await js.publish(
      `shop.${tenant}.catalog.product_upserted`,
      JSON.stringify({ envelope, product, version: '1' }),
      {
        headers: h,
        msgID: eventId,
      },
    );
    console.log(`  ⇢ shop.${tenant}.catalog.product_upserted: ${title} (from ${minMonths} months)`);
  }
  const ask = async (conversationId: string, text: string): Promise<GuideReply> => {
    const request = { meta: { requestId: randomUUID(), tenantId: tenant }, conversationId, text, k: 3 };
    const reply = await nc.request(`q.${tenant}.recommendation.guide`, JSON.stringify(request), {
      timeout: 5_000,
      headers: h,
    });
    return reply.json<GuideReply>();
  };
  const wish = "I'm looking for a present for my 4 year old niece, she loves dinosaurs, around 30 euros";
  try {
    // The catalogue is taken in within moments: wait until the guide knows the toys.
    for (let tries = 0; tries < 25; tries++) {
      const probe = await ask(`demo-probe-${randomUUID()}`, wish);
      if ((probe.recommendations ?? []).length > 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const conversationId = randomUUID();
    console.log(`\n  ? q.${tenant}.recommendation.guide:`);
    for (const text of ['', wish, 'something cheaper?']) {
      const r = await ask(conversationId, text);
      console.log(`    shopper: ${text || '(opens the chat)'}`);
      console.log(`    guide:   ${(r.text ?? '').replaceAll('\n', '\n             ')}`);
    }
  } catch (err) {
    console.log(
      `  ? q.${tenant}.recommendation.guide: no answer (${err instanceof Error ? err.message : String(err)})`,
    );
  }
}
