// What the demo prints after the replay, one section per service, written for a shop engineer:
// the answers ShopMind gives over NATS and the results it stored, in words, never raw JSON.
import type { JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { ask, askUntil, storedResults, type Json } from './demo-queries.js';

export interface SectionContext {
  nc: NatsConnection;
  jsm: JetStreamManager;
  tenant: string;
  /** Product id → title, from the replayed catalogue. */
  titles: Map<string, string>;
}

export function heading(text: string): void {
  console.log(`\n── ${text} ${'─'.repeat(Math.max(3, 76 - text.length))}`);
}

const money = (m: { currency?: string; amountMinor?: string | number } | undefined) =>
  m ? `${m.currency === 'EUR' ? '€' : `${m.currency} `}${(Number(m.amountMinor ?? 0) / 100).toFixed(2)}` : '';
const lower = (enumValue: unknown, prefix: string) =>
  String(enumValue ?? '')
    .replace(prefix, '')
    .toLowerCase()
    .replaceAll('_', ' ');
const wrap = (text: string, indent: string, width = 96) => {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width - indent.length) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l) => indent + l).join('\n');
};

export async function printCopy({ nc, tenant, titles }: SectionContext, productId: string): Promise<void> {
  heading(`Product copy: ${titles.get(productId)}`);
  const reply = await askUntil(
    () => ask(nc, tenant, 'copy.generate', { productId, locale: 'en', channel: 'COPY_CHANNEL_WEB' }, 10_000),
    () => true,
  );
  const copy = (reply.copy ?? {}) as Json;
  const faith = (reply.faithfulness ?? {}) as { passed?: boolean; unsupportedFacts?: string[] };
  const source = ((reply.meta as Json | undefined)?.source ?? {}) as Json;
  console.log(`  ${String(copy.title ?? '')}`);
  if (copy.shortDescription) console.log(wrap(String(copy.shortDescription), '  '));
  for (const bullet of (copy.bullets as string[] | undefined) ?? []) console.log(`   • ${bullet}`);
  console.log(
    `  (written by the ${lower(source.tier, 'SOURCE_TIER_')} tier; every fact checked against the product: ${faith.passed ? 'passed' : `unsupported ${(faith.unsupportedFacts ?? []).join(', ')}`})`,
  );
}

const RELATION_WORDS: Record<string, string> = {
  RELATION_BRAND: 'brand',
  RELATION_IN_CATEGORY: 'category',
  RELATION_MADE_OF: 'made of',
  RELATION_HAS_COLOR: 'colour',
  RELATION_HAS_FEATURE: 'feature',
  RELATION_AGE_MIN: 'from age (years)',
  RELATION_AGE_MAX: 'up to age (years)',
  RELATION_FOR_AUDIENCE: 'for',
  RELATION_FOR_OCCASION: 'occasion',
  RELATION_REQUIRES: 'requires',
  RELATION_COMPATIBLE_WITH: 'works with',
  RELATION_PRAISED_FOR: 'praised for',
  RELATION_CRITICIZED_FOR: 'criticised for',
  RELATION_SIMILAR_TO: 'similar to',
};

interface Neighbour {
  relation?: string;
  direction?: string;
  node?: { id?: string; label?: string };
  number?: number;
  count?: number;
  weight?: number;
}

export async function printGraph(
  { nc, tenant, titles }: SectionContext,
  productId: string,
  reviewed: boolean,
): Promise<void> {
  heading(`Knowledge graph: ${titles.get(productId)}`);
  const query = () =>
    ask<{ neighbours?: Neighbour[] }>(nc, tenant, 'graph.query', {
      neighbours: { node: { kind: 'NODE_KIND_PRODUCT', id: productId }, direction: 'DIRECTION_OUT' },
      limit: 100,
    });
  // Review aspects arrive after the reviews are analysed: wait for them when the product has reviews.
  const reply = await askUntil(query, (r) =>
    (r.neighbours ?? []).some((n) => !reviewed || /PRAISED|CRITICIZED/.test(n.relation ?? '')),
  );
  const facts = new Map<string, string[]>();
  for (const n of reply.neighbours ?? []) {
    const word = RELATION_WORDS[n.relation ?? ''] ?? lower(n.relation, 'RELATION_');
    const label = n.node?.label || n.node?.id || '';
    const value =
      n.relation === 'RELATION_SIMILAR_TO'
        ? `${titles.get(n.node?.id ?? '') ?? label} (${Number(n.weight ?? 0).toFixed(2)})`
        : n.count
          ? `${label.replaceAll('_', ' ')} (${n.count} review${n.count === 1 ? '' : 's'})`
          : n.number !== undefined
            ? String(n.number)
            : label;
    facts.set(word, [...(facts.get(word) ?? []), value]);
  }
  for (const [word, values] of facts) console.log(`  ${word.padEnd(18)} ${values.join(', ')}`);
}

interface Summary {
  reviewCount?: number;
  averageRating?: number;
  pros?: { aspect: string; mentions: number }[];
  cons?: { aspect: string; mentions: number }[];
  summaryText?: string;
}

export async function reviewSummary(ctx: SectionContext, productId: string, locale = ''): Promise<Summary> {
  return ask<Summary>(ctx.nc, ctx.tenant, 'reviews.summary', {
    productId,
    maxQuotes: 2,
    ...(locale ? { locale } : {}),
  });
}

/** The summaries of `productIds`, each in the language its reviews were written in (`locales`, English by default). */
export async function printReviewSummaries(
  ctx: SectionContext,
  productIds: string[],
  locales: ReadonlyMap<string, string> = new Map(),
): Promise<void> {
  heading('What customers say (review summaries)');
  for (const productId of productIds) {
    const locale = locales.get(productId) ?? '';
    const s = await reviewSummary(ctx, productId, locale);
    console.log(
      `  ${ctx.titles.get(productId)}: ${s.reviewCount ?? 0} reviews, average ${Number(s.averageRating ?? 0).toFixed(1)}★${locale ? ` (asked in ${locale})` : ''}`,
    );
    const points = (key: 'pros' | 'cons') =>
      (s[key] ?? []).map((p) => `${p.aspect.replaceAll('_', ' ')} (${p.mentions})`).join(', ');
    if (s.pros?.length) console.log(`    pros: ${points('pros')}`);
    if (s.cons?.length) console.log(`    cons: ${points('cons')}`);
    // Chinese has no spaces to wrap at: it goes on one line.
    if (s.summaryText)
      console.log(/\s/.test(s.summaryText) ? wrap(`"${s.summaryText}"`, '    ') : `    "${s.summaryText}"`);
  }
}

interface Assessment {
  score?: number;
  decision?: string;
  reasons?: { code: string; message?: string; contribution?: number }[];
}

/** The fraud decisions, from the results fraud-detection stored (the latest per order). */
export async function fraudDecisions(ctx: SectionContext): Promise<Map<string, Json>> {
  const scored = await storedResults(ctx.nc, ctx.jsm, `ai.${ctx.tenant}.fraud.order_scored`);
  return new Map(scored.map((r) => [String(r.body.orderId), r.body]));
}

export async function printFraud(ctx: SectionContext, decisions: Map<string, Json>): Promise<void> {
  heading('Fraud decisions');
  const byDecision = new Map<string, number>();
  for (const d of decisions.values()) {
    const decision = lower((d.assessment as Assessment).decision, 'DECISION_');
    byDecision.set(decision, (byDecision.get(decision) ?? 0) + 1);
  }
  console.log(
    `  ${decisions.size} orders scored: ${[...byDecision].map(([d, n]) => `${n} ${d}`).join(', ')}. Not approved:`,
  );
  for (const [orderId, d] of decisions) {
    const a = d.assessment as Assessment;
    if (a.decision === 'DECISION_APPROVE') continue;
    console.log(
      `  ${orderId} (${d.userId ? `account ${String(d.userId)}` : 'guest'}): ${lower(a.decision, 'DECISION_')}, score ${Number(a.score ?? 0).toFixed(2)}`,
    );
    const reasons = (a.reasons ?? []).filter((r) => (r.contribution ?? 0) >= 0).slice(0, 3);
    for (const r of reasons) console.log(`      – ${r.message || r.code}`);
  }
  const flagged = await storedResults(ctx.nc, ctx.jsm, `ai.${ctx.tenant}.fraud.review_flagged`);
  const reviews = new Map<string, Json>();
  for (const f of flagged) reviews.set(String(f.body.reviewId), f.body);
  console.log(`\n  ${reviews.size} reviews flagged:`);
  for (const [reviewId, f] of reviews) {
    const flags = (f.flags as { reason?: string; detail?: string }[] | undefined) ?? [];
    console.log(
      `  ${reviewId} on ${ctx.titles.get(String(f.productId)) ?? String(f.productId)} by ${String(f.userId)}, score ${Number(f.score ?? 0).toFixed(2)}: ` +
        flags.map((x) => x.detail || lower(x.reason, 'REVIEW_FLAG_REASON_')).join('; '),
    );
  }
}

interface TopK {
  strategy?: string;
  items?: { productId: string; title?: string; price?: Json; reasons?: string[] }[];
}

export async function printRecommendations(
  { nc, tenant, titles }: SectionContext,
  productId: string,
  userId: string,
): Promise<void> {
  heading('Recommendations');
  const show = (title: string, r: TopK) => {
    console.log(`  ${title} (strategy: ${r.strategy ?? '?'})`);
    (r.items ?? []).forEach((item, i) =>
      console.log(
        `   ${i + 1}. ${item.title ?? item.productId} ${money(item.price as Json | undefined)} — ${(item.reasons ?? []).join('; ')}`,
      ),
    );
  };
  const forProduct = await askUntil(
    () => ask<TopK>(nc, tenant, 'recommendation.top_k', { productId, k: 4 }),
    (r) => r.strategy === 'co-occurrence',
  );
  show(`On the page of ${titles.get(productId)}`, forProduct);
  show(`For shopper ${userId}`, await ask<TopK>(nc, tenant, 'recommendation.top_k', { userId, k: 4 }));
}

export async function printSupportInbox(ctx: SectionContext): Promise<number> {
  const replied = await storedResults(ctx.nc, ctx.jsm, `ai.${ctx.tenant}.support.replied`);
  const mails = replied.filter((r) => String(r.body.conversationId).startsWith('mail-'));
  console.log(`  Support e-mails answered from the replay: ${mails.length}`);
  for (const r of mails.slice(0, 2))
    console.log(wrap(`${String(r.body.userId)} [${String(r.body.intent)}]: ${String(r.body.text)}`, '    '));
  return mails.length;
}
