// The numbered examples in examples/ are what a shop engineer copies first: run them as separate
// processes, exactly as documented, against review-sentiment, fraud-detection, recommendation (top-k
// and the shopping guide) and customer-service on real NATS/Redis; 07 with curl through the edge's
// HTTP API.
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startInfra, uniqueTenant, type Infra, provisionNamespace } from '@shopmind/testing';
import { loadConfig as loadSupportConfig } from '../../services/customer-service/src/config.js';
import { customerService } from '../../services/customer-service/src/tools.js';
import { loadFraudConfig } from '../../services/fraud-detection/src/config.js';
import { fraudDetection } from '../../services/fraud-detection/src/tools.js';
import { loadConfig as loadRecommendationConfig } from '../../services/recommendation/src/config.js';
import { recommendation } from '../../services/recommendation/src/tools.js';
import { loadConfig as loadSentimentConfig } from '../../services/review-sentiment/src/config.js';
import { reviewSentiment } from '../../services/review-sentiment/src/tools.js';
import { edgeConfig } from '../../services/edge/src/config.js';
import { edge, apiKeyHash } from '../../services/edge/src/tools.js';
import { startService, type RunningService } from '@shopmind/service-kit';

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

let infra: Infra;
const apps: Pick<RunningService, 'close'>[] = [];
const shop = uniqueTenant('examples');
const API_KEY = 'examples-api-key-0123456789abcdef';
const SHOPIFY_SECRET = 'examples-shopify-app-secret-0123456789';
let edgeUrl: string;

async function example(name: string): Promise<string> {
  const { stdout } = await run(process.execPath, [join(root, 'examples', name)], {
    cwd: root,
    env: { ...process.env, NATS_URL: infra.natsUrl, SHOP: shop, PRODUCT: 'p-42' },
    timeout: 20_000,
  });
  return stdout;
}

beforeAll(async () => {
  infra = await startInfra();
  // The examples use the documented subjects, without a test prefix; the tenant keeps them apart.
  const env = { NATS_URL: infra.natsUrl, REDIS_URL: infra.redisUrl, HTTP_PORT: '0' };
  await provisionNamespace(infra.natsUrl, '');
  apps.push(await startService(reviewSentiment, loadSentimentConfig(env), { listenHttp: false }));
  const fraudEnv = { ...env, FRAUD_HASH_SECRET: 'examples-secret-0123456789' };
  apps.push(await startService(fraudDetection, loadFraudConfig(fraudEnv), { listenHttp: false }));
  apps.push(await startService(recommendation, loadRecommendationConfig(env), { listenHttp: false }));
  apps.push(await startService(customerService, loadSupportConfig(env), { listenHttp: false }));
  const edgeApp = await startService(
    edge,
    edgeConfig.load({
      ...env,
      EDGE_TENANTS: JSON.stringify({
        [shop]: { apiKeys: [apiKeyHash(API_KEY)], shopify: { secret: SHOPIFY_SECRET } },
      }),
    }),
  );
  apps.push(edgeApp);
  edgeUrl = (await edgeApp.app.getUrl()).replace('[::1]', '127.0.0.1');
}, 60_000);

afterAll(async () => {
  for (const app of apps) await app.close();
  await infra?.stop();
});

describe('examples/', () => {
  it('01 publishes a review with plain JSON and receives its analysis, matched by causationId', async () => {
    const out = await example('01-publish-a-review.mjs');
    expect(out).toMatch(/published review r-/);
    expect(out).toMatch(/analysed: POLARITY_NEGATIVE/);
    expect(out).toMatch(/battery: POLARITY_NEGATIVE/);
  }, 30_000);

  it('02 asks for the summary and sees the review counted', async () => {
    const out = await example('02-ask-for-a-review-summary.mjs');
    expect(out).toMatch(/^1 reviews, average 2\.0 stars/m);
    expect(out).toMatch(/cons: .*battery/);
  }, 30_000);

  it('03 scores a checkout synchronously and gets a decision with reasons', async () => {
    const out = await example('03-score-a-checkout.mjs');
    expect(out).toMatch(/^DECISION_(APPROVE|REVIEW|DECLINE) \(score 0\.\d+\) in [\d.]+ ms/m);
  }, 30_000);

  it('04 feeds products and interactions as a storefront would and prints recommendations with reasons', async () => {
    const out = await example('04-recommend.mjs');
    expect(out).toMatch(/^published 4 products and 8 interactions for shop /m);
    expect(out).toMatch(
      /^customers who viewed Wooden Train Set also liked \(strategy co-occurrence\):\n {2}1\. Train Track Extension \(ex-track\) EUR 19\.99 — viewed together with Wooden Train Set/m,
    );
    expect(out).toMatch(
      /^for you, u-7 \(strategy co-occurrence\):\n {2}1\. Train Track Extension \(ex-track\) EUR 19\.99 — because you viewed Wooden Train Set/m,
    );
  }, 30_000);

  it('05 holds a shopping-guide conversation and gets only the toys safe and affordable for a 4-year-old', async () => {
    const out = await example('05-shopping-guide.mjs');
    expect(out).toMatch(/^published 4 toys for shop /m);
    expect(out).toMatch(/^shopper: \(opens the chat\)\nguide: {3}\S/m);
    const picked = [...out.matchAll(/\(product ids: ([^)]*)\)/g)].flatMap((m) => m[1]!.split(', '));
    expect(picked).toContain('gx-dino-puzzle');
    // Eight-plus, and over the budget after "cheaper": never shown.
    expect(picked).not.toContain('gx-dino-dig');
    expect(out).toMatch(/^shopper: something cheaper\?\nguide: {3}Here are some cheaper ideas/m);
  }, 30_000);

  it('06 publishes an order and chats with support: status as the owner, a return, a hand-over', async () => {
    const out = await example('06-support-chat.mjs');
    expect(out).toMatch(
      /^support: {2}Your order W\d+ has been dispatched\. It is with DHL, tracking number 00340434161234\./m,
    );
    expect(out).toMatch(/\[return_refund\]/);
    expect(out).toMatch(/handed over: ESCALATION_REASON_CUSTOMER_ASKED\]$/m);
  }, 30_000);

  it('07 publishes a review and asks for its summary with curl through the HTTP API, and lists the routes', async () => {
    const { stdout: out } = await run('bash', [join(root, 'examples', '07-http-api.sh')], {
      cwd: root,
      env: { ...process.env, EDGE_URL: edgeUrl, SHOP: shop, KEY: API_KEY, PRODUCT: 'p-42' },
      timeout: 20_000,
    });
    expect(out).toMatch(
      /^POST \/api\/v1\/events\/review\/submitted\n\{"eventId":"[0-9a-f-]{36}","stream":"SHOP_EVENTS"/m,
    );
    expect(out).toMatch(/"productId":"p-42".*\n\(HTTP 200\)$/m);
    expect(out).toMatch(/^POST \/api\/v1\/fraud\/score$/m);
    expect(out).toMatch(/^GET \/api\/v1\/products\/\{productId\}\/reviews\/summary$/m);
  }, 30_000);

  it('08 sends a signed Shopify webhook with curl: published once, a retry is a duplicate, a wrong secret is refused', async () => {
    const { stdout: out } = await run('bash', [join(root, 'examples', '08-shopify-webhook.sh')], {
      cwd: root,
      env: { ...process.env, EDGE_URL: edgeUrl, SHOP: shop, SHOPIFY_SECRET },
      timeout: 20_000,
    });
    const answers = [...out.matchAll(/^(\{.*\})\n\(HTTP (\d+)\)$/gm)].map(([, body, code]) => ({
      code: Number(code),
      body: JSON.parse(body!) as Record<string, unknown>,
    }));
    expect(answers.map((a) => a.code)).toEqual([200, 200, 401]);
    expect(JSON.stringify(answers[0]!.body)).toMatch(/published/);
    expect(JSON.stringify(answers[1]!.body)).toMatch(/duplicate/);
  }, 30_000);
});
