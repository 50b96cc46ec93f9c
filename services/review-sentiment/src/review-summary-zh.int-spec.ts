// Review summaries in the reader's language, on a real NATS (JetStream) and Redis: the service
// booted in-process analyses Chinese reviews (and one mixed Chinese–English) as a shop submits them,
// and the summary query answers in Simplified Chinese for zh, in English for en, in English marked
// unsupported_language for a locale the local tier cannot write, and in the shop's default
// language when the request names none. Polarity of the Chinese reviews is the analyser's business:
// this asserts the language and wording of the summary, whatever sides it finds.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { create } from '@bufbuild/protobuf';
import { connect, headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import {
  decodeMessage,
  encodeMessage,
  Events,
  Queries,
  ReviewSummaryReplySchema,
  ReviewSummaryRequestSchema,
  SourceTier,
  type ReviewSummaryReply,
} from '@shopmind/contracts';
import { startService, type RunningService } from '@shopmind/service-kit';
import {
  aReview,
  eventually,
  provisionNamespace,
  publishEvent,
  startInfra,
  uniqueName,
  uniqueTenant,
  type Infra,
} from '@shopmind/testing';
import { UNSUPPORTED_LANGUAGE } from '@shopmind/vocabulary';
import { loadConfig } from './config.js';
import { reviewSentiment } from './tools.js';

let infra: Infra;
let nc: NatsConnection;
let service: RunningService;
let prefix: string;
/** The shop whose default summary language is Chinese (REVIEW_SUMMARY_LOCALES). */
const chineseShop = uniqueTenant('zhshop');

beforeAll(async () => {
  infra = await startInfra();
  nc = await connect({ servers: infra.natsUrl, name: 'shop-system' });
  prefix = await provisionNamespace(
    infra.natsUrl,
    uniqueName('rszh')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, ''),
  );
  const config = loadConfig({
    NATS_URL: infra.natsUrl,
    REDIS_URL: infra.redisUrl,
    HTTP_PORT: '0',
    SHOPMIND_SUBJECT_PREFIX: prefix,
    REVIEW_SUMMARY_DEBOUNCE_MS: '50',
    REVIEW_SUMMARY_LOCALES: `en,${chineseShop}=zh`,
    LLM_KEY_PREFIX: `llm-${prefix}`,
  });
  service = await startService(reviewSentiment, config, { listenHttp: false });
}, 60_000);

afterAll(async () => {
  await service?.close();
  await nc?.drain();
  await infra?.stop();
});

const REVIEWS: readonly { rating: number; title: string; body: string; language: string }[] = [
  { rating: 5, title: '很满意', body: '木头火车做工精细，颜色鲜艳，孩子每天都在玩。', language: 'zh' },
  { rating: 4, title: '不错', body: '质量挺好的，就是物流有点慢，等了一个星期。', language: 'zh' },
  { rating: 2, title: '失望', body: '轨道接口太松，玩了两天就坏了一节，客服也不回复。', language: 'zh' },
  { rating: 5, title: '送给侄子的礼物', body: '包装很好，性价比高，侄子很喜欢。', language: '' },
  // A mixed-language review, as shoppers write them.
  { rating: 4, title: 'Nice train', body: 'Lovely wooden train, 但是说明书只有英文。', language: '' },
];

async function submitReviews(tenant: string, productId: string): Promise<Set<string>> {
  const texts = new Set<string>();
  for (const r of REVIEWS) {
    await publishEvent(nc, Events.reviewSubmitted, aReview(tenant, { productId, ...r }), { prefix });
    texts.add(`${r.title}\n${r.body}`);
  }
  return texts;
}

async function summary(tenant: string, productId: string, locale = ''): Promise<ReviewSummaryReply> {
  const { data, contentType } = encodeMessage(
    ReviewSummaryRequestSchema,
    create(ReviewSummaryRequestSchema, {
      meta: { requestId: uniqueName('req'), tenantId: tenant },
      productId,
      maxQuotes: 5,
      locale,
    }),
    'json',
  );
  const h = natsHeaders();
  h.set('content-type', contentType);
  const reply = await nc.request(`${prefix}.${Queries.reviewSummary.subject(tenant)}`, data, {
    headers: h,
    timeout: 5000,
  });
  expect(reply.headers?.get('Shopmind-Error') ?? '').toBe('');
  return decodeMessage(ReviewSummaryReplySchema, reply.data, reply.headers?.get('content-type'));
}

const HAN = /\p{Script=Han}/u;

describe('review summaries in the reader’s language', () => {
  it('summarises Chinese and mixed reviews in Chinese for zh and in English for en, quoting reviewers verbatim', async () => {
    const tenant = uniqueTenant('zhsum');
    const productId = 'p-wooden-train';
    const texts = await submitReviews(tenant, productId);
    await eventually(async () => (await summary(tenant, productId, 'zh')).reviewCount === REVIEWS.length, {
      timeoutMs: 20_000,
      what: `a summary of ${REVIEWS.length} reviews`,
    });

    const zh = await summary(tenant, productId, 'zh-CN');
    // The mood is read from the stars (four of five give 4–5, average 4.0): the same in every language.
    expect(zh.summaryText).toMatch(/^根据5条评价（平均4\.0星，满分5星），顾客评价非常正面。/);
    expect(zh.summaryText).not.toMatch(/[A-Za-z]{3,}/);
    expect(zh.meta?.source).toMatchObject({ tier: SourceTier.STORE, degradedReason: '' });
    // Pros and cons name aspects in Chinese when the summary text mentions them; their own text is
    // either a reviewer's phrase (verbatim) or Chinese.
    for (const p of [...zh.pros, ...zh.cons])
      expect([...texts].some((t) => t.includes(p.text)) || /受到(好评|批评)$/.test(p.text)).toBe(true);
    for (const q of zh.quotes) expect([...texts].some((t) => t.includes(q.text))).toBe(true);

    const en = await summary(tenant, productId, 'en');
    expect(en.summaryText).toMatch(
      /^Based on 5 reviews \(average 4\.0 of 5 stars\), customers are very positive\./,
    );
    expect(en.summaryText).not.toMatch(HAN);
    // The same figures, whatever the language.
    expect({ ...en, summaryText: '', meta: undefined, pros: [], cons: [] }).toEqual({
      ...zh,
      summaryText: '',
      meta: undefined,
      pros: [],
      cons: [],
    });
    expect(zh.pros.map((p) => p.aspect)).toEqual(en.pros.map((p) => p.aspect));
    expect(zh.cons.map((c) => c.aspect)).toEqual(en.cons.map((c) => c.aspect));
  }, 60_000);

  it('answers a locale the local tier cannot write in English, marked unsupported_language', async () => {
    const tenant = uniqueTenant('desum');
    const productId = 'p-blocks';
    await submitReviews(tenant, productId);
    await eventually(async () => (await summary(tenant, productId)).reviewCount === REVIEWS.length, {
      timeoutMs: 20_000,
      what: `a summary of ${REVIEWS.length} reviews`,
    });
    const de = await summary(tenant, productId, 'de-DE');
    expect(de.summaryText).toMatch(/^Based on 5 reviews/);
    expect(de.meta?.source).toMatchObject({ tier: SourceTier.STORE, degradedReason: UNSUPPORTED_LANGUAGE });
    // No locale: this shop's default is English.
    expect((await summary(tenant, productId)).summaryText).toMatch(/^Based on 5 reviews/);
  }, 60_000);

  it('answers in the shop’s default language when the request names none', async () => {
    const productId = 'p-dino';
    await submitReviews(chineseShop, productId);
    await eventually(async () => (await summary(chineseShop, productId)).reviewCount === REVIEWS.length, {
      timeoutMs: 20_000,
      what: `a summary of ${REVIEWS.length} reviews`,
    });
    expect((await summary(chineseShop, productId)).summaryText).toMatch(/^根据5条评价/);
    expect((await summary(chineseShop, productId, 'en')).summaryText).toMatch(/^Based on 5 reviews/);
  }, 60_000);
});
