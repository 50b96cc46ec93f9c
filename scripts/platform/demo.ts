// `npm start`'s demo: replays the toy shop's two weeks (scripts/demo/toy-shop.jsonl) as plain
// proto3 JSON — exactly what a shop system with only a NATS client would send — waits until the
// services have worked through it, and prints what ShopMind made of it, section by section.
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { readToyShop } from '../demo/toy-shop-file.js';
import type { ReplayLine } from '../demo/toy-shop-generator.js';
import { CHINESE_REVIEWED, chineseReviews } from './chinese-demo.js';
import { replayEvents } from './demo-replay.js';
import { waitUntilQuiet } from './demo-quiet.js';
import { resultCounts } from './demo-queries.js';
import {
  fraudDecisions,
  heading,
  printCopy,
  printFraud,
  printGraph,
  printRecommendations,
  printReviewSummaries,
  printSupportInbox,
  reviewSummary,
  type SectionContext,
} from './demo-sections.js';
import { guideDemo } from './guide-demo.js';
import { supportDemo } from './support-demo.js';

interface DemoOptions {
  natsUrl: string;
  tenant: string;
  services: string[];
}

/** The product the demo looks at closely: the shop's wooden train set. */
const FEATURED = 'p-wooden-train';

function tally(lines: ReplayLine[], event: string, key: (data: Record<string, unknown>) => string) {
  const counts = new Map<string, number>();
  for (const l of lines)
    if (l.subject.endsWith(event)) counts.set(key(l.data), (counts.get(key(l.data)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** A section that fails says so in one line; the demo goes on with the next. */
async function section(name: string, run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (err) {
    console.log(`  (${name}: no answer — ${err instanceof Error ? err.message : String(err)})`);
  }
}

export async function replayDemo({ natsUrl, tenant, services }: DemoOptions): Promise<void> {
  const nc = await connect({ servers: natsUrl, name: 'shopmind-demo' });
  const jsm = await jetstreamManager(nc);
  const has = (service: string) => services.includes(service);
  try {
    // The shop's last event happens a minute ago; every other keeps its distance to it.
    const endAt = Date.now() - 60_000;
    const lines = readToyShop({ tenant, endAt });
    // A few Chinese shoppers' reviews beside the shop's English ones, on a product they alone review.
    const chinese = chineseReviews(tenant, endAt);
    const count = (event: string) => lines.filter((l) => l.subject.endsWith(event)).length;
    const titles = new Map(
      lines
        .filter((l) => l.subject.endsWith('catalog.product_upserted'))
        .map((l) => {
          const p = l.data.product as { id: string; title: string };
          return [p.id, p.title] as const;
        }),
    );
    heading(`The toy shop "${tenant}": two weeks of shop events`);
    console.log(
      `  ${titles.size} products, ${count('interaction.user_interacted')} views, carts and searches, ` +
        `${count('order.placed')} orders with ${count('order.status_changed')} status changes and ` +
        `${count('order.chargeback_reported')} chargeback, ${count('review.submitted')} reviews, ` +
        `${count('support.message_received')} support e-mails; and ${chinese.length} reviews in Chinese`,
    );
    await replayEvents(jetstream(nc), [...lines, ...chinese], {
      // Fraud detection reads chargebacks and orders through two consumers: the chargeback must be
      // applied before the charged-back card comes back in a later order.
      settleAfter: (l) => l.subject.endsWith('order.chargeback_reported'),
      settle: async () => void (await waitUntilQuiet(jsm, { services, timeoutMs: 30_000 })),
    });
    const unfinished = await waitUntilQuiet(jsm, { services, timeoutMs: 60_000 });
    console.log(
      unfinished
        ? `  the services are still busy after a minute (${unfinished}); what follows may be partial`
        : `  the services have taken in all ${lines.length + chinese.length} events`,
    );

    const ctx: SectionContext = { nc, jsm, tenant, titles };
    const reviewed = tally(lines, 'review.submitted', (d) => String(d.productId));
    const reviewsOf = new Map(reviewed);
    if (has('product-copy')) await section('copy', () => printCopy(ctx, FEATURED));
    if (has('knowledge-graph'))
      await section('graph', () =>
        printGraph(ctx, FEATURED, has('review-sentiment') && reviewsOf.has(FEATURED)),
      );
    if (has('review-sentiment'))
      await section('reviews', () =>
        printReviewSummaries(
          ctx,
          [...reviewed.slice(0, 3).map(([id]) => id), CHINESE_REVIEWED],
          new Map([[CHINESE_REVIEWED, 'zh']]),
        ),
      );
    if (has('fraud-detection'))
      await section('fraud', async () => printFraud(ctx, await fraudDecisions(ctx)));
    if (has('recommendation')) {
      const [shopper] = tally(lines, 'interaction.user_interacted', (d) => String(d.userId));
      await section('recommendations', () => printRecommendations(ctx, FEATURED, shopper![0]));
      heading('Shopping guide');
      await guideDemo(nc, tenant);
    }
    if (has('customer-service')) {
      heading('Customer support');
      await section('support', () => printSupportInbox(ctx));
      await supportDemo(nc, tenant);
    }

    // What a second run must leave unchanged: the services' own counts.
    heading('Counts (a second run of the demo leaves them unchanged)');
    if (has('review-sentiment')) {
      // A product's summary is recomputed at most once a second (REVIEW_SUMMARY_DEBOUNCE_MS), so
      // its count may trail the last analysed review briefly: read until it reaches the data set's
      // reviews, for a few seconds at most, and print what it is then.
      const expected = reviewed.reduce((sum, [, n]) => sum + n, 0);
      const countOf = async (productIds: string[]) => {
        let n = 0;
        for (const productId of productIds) n += (await reviewSummary(ctx, productId)).reviewCount ?? 0;
        return n;
      };
      const countNow = async (): Promise<[number, number]> => [
        await countOf(reviewed.map(([id]) => id)),
        await countOf([CHINESE_REVIEWED]),
      ];
      let [counted, inChinese] = await countNow();
      for (
        const until = Date.now() + 5000;
        (counted < expected || inChinese < chinese.length) && Date.now() < until;
        [counted, inChinese] = await countNow()
      )
        await new Promise((r) => setTimeout(r, 250));
      console.log(`  reviews counted: ${counted}`);
      console.log(`  reviews in Chinese counted: ${inChinese}`);
    }
    const stored = await resultCounts(jsm, `ai.${tenant}.>`);
    for (const kind of ['review.analysed', 'fraud.order_scored', 'fraud.review_flagged', 'graph.updated'])
      if (stored[`ai.${tenant}.${kind}`] !== undefined)
        console.log(`  ${kind} results stored: ${stored[`ai.${tenant}.${kind}`]}`);
  } finally {
    await nc.close();
  }
}
