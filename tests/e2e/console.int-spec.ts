// The web console end to end (issue 16): the six services in-process on real NATS (JetStream) and
// Redis, the edge serving the console and its API on the same namespace, and Debian's chromium
// driven headless by playwright-core as a shop's staff would use it — two shops, each signed in with
// its own API key. Screenshots land in tests/e2e/screenshots/ (ignored by git).
/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import { AxeBuilder } from '@axe-core/playwright';
import { startService, type RunningService } from '@shopmind/service-kit';
import { Events, OrderStatus } from '@shopmind/contracts';
import {
  aBareProduct,
  anOrder,
  anOrderPlaced,
  anOrderStatusChanged,
  aProductUpserted,
  aReviewSubmitted,
  startInfra,
  uniqueName,
  uniqueTenant,
  type Infra,
} from '@shopmind/testing';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { edgeConfig } from '../../services/edge/src/config.js';
import { edge } from '../../services/edge/src/tools.js';
import { ShopPlatform } from './shop-platform.js';

const CHROMIUM = process.env.SHOPMIND_CHROMIUM ?? '/usr/bin/chromium';
const SCREENSHOTS = join(dirname(fileURLToPath(import.meta.url)), 'screenshots');

const acme = { tenant: uniqueTenant('acme'), key: `acme-console-${uniqueName('k')}` };
const globex = { tenant: uniqueTenant('globex'), key: `globex-console-${uniqueName('k')}` };
const sha256 = (key: string): string => createHash('sha256').update(key).digest('hex');

let infra: Infra;
let platform: ShopPlatform;
let edgeService: RunningService;
let base: string;
let browser: Browser;
const pages: Page[] = [];

const eur = (euros: number) => ({ currency: 'EUR', amountMinor: BigInt(euros * 100) });
const ORDER = `W${Date.now() % 10_000_000}`;
const TRACKING = '00340434169911';

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium is missing at ${CHROMIUM}: run \`bash scripts/setup.sh --browser\` (\`npm test\` does) ` +
        'or `sudo apt-get install -y chromium`, or set SHOPMIND_CHROMIUM to a Chromium binary',
    );
  mkdirSync(SCREENSHOTS, { recursive: true });
  infra = await startInfra();
  platform = await ShopPlatform.start(infra, { accounts: true, support: true });
  edgeService = await startService(
    edge,
    edgeConfig.load({
      NATS_URL: infra.natsUrl,
      REDIS_URL: infra.redisUrl,
      SHOPMIND_SUBJECT_PREFIX: platform.prefix,
      HTTP_PORT: '0',
      EDGE_TENANTS: JSON.stringify({
        [acme.tenant]: { apiKeys: [sha256(acme.key)] },
        [globex.tenant]: { apiKeys: [sha256(globex.key)] },
      }),
      EDGE_API_RATE_PER_SECOND: '1000',
      EDGE_API_RATE_BURST: '1000',
    }),
  );
  base = `http://127.0.0.1:${(edgeService.app.getHttpServer().address() as AddressInfo).port}`;

  // acme's catalogue (dinosaurs for the guide) and an order that has shipped (for support).
  for (const [id, title, euros, minMonths] of [
    ['dino-puzzle', 'Dinosaur Floor Puzzle', 18, 36],
    ['dino-plush', 'Plush Triceratops', 22, 0],
    ['dino-kit', 'Dinosaur Excavation Kit', 26, 96],
  ] as const)
    await platform.publish(
      Events.productUpserted,
      acme.tenant,
      aProductUpserted({
        envelope: { tenantId: acme.tenant },
        product: aBareProduct({
          id,
          title,
          categoryPath: ['Toys', 'Dinosaurs'],
          price: eur(euros),
          ageRange: { minMonths },
          attributes: { material: 'cardboard' },
          description: `${title} for curious children.`,
        }),
      }),
    );
  await platform.publish(
    Events.orderPlaced,
    acme.tenant,
    anOrderPlaced({
      envelope: { tenantId: acme.tenant },
      order: anOrder({
        orderId: ORDER,
        userId: 'u-jana',
        email: 'jana@example.com',
        items: [{ productId: 'dino-plush', title: 'Plush Triceratops', quantity: 1, unitPrice: eur(22) }],
      }),
    }),
  );
  await platform.publish(
    Events.orderStatusChanged,
    acme.tenant,
    anOrderStatusChanged({
      envelope: { tenantId: acme.tenant, occurredAt: timestampFromMs(Date.now()) },
      orderId: ORDER,
      userId: 'u-jana',
      status: OrderStatus.SHIPPED,
      tracking: { carrier: 'DHL', trackingNumber: TRACKING, url: '' },
    }),
  );
  await platform.settled(60_000);
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
}, 180_000);

afterAll(async () => {
  for (const page of pages) await page.context().close();
  await browser?.close();
  await edgeService?.close();
  await platform?.close();
  await infra?.stop();
}, 60_000);

/** A fresh browser context (its own sessionStorage) at `width`×`height`, its CSP reports collected. */
async function openConsole(width = 1280, height = 900): Promise<{ page: Page; cspErrors: string[] }> {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  pages.push(page);
  const cspErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
  });
  await page.goto(`${base}/`);
  await page.waitForSelector('#sign-in-form');
  return { page, cspErrors };
}

async function signIn(page: Page, shop: { tenant: string; key: string }): Promise<void> {
  await page.fill('#api-key', shop.key);
  await page.click('#sign-in-form button[type=submit]');
  await page.waitForSelector(`#console[data-tenant="${shop.tenant}"]`);
  await page.waitForFunction(() => document.getElementById('feed-status')?.textContent === 'Live');
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('the web console', () => {
  it('is served with a strict Content-Security-Policy and refuses its API without a key', async () => {
    const res = await fetch(`${base}/console/`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(await res.text()).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
    expect((await fetch(`${base}/console/..%2Fpackage.json`)).status).toBe(404);
    expect((await fetch(`${base}/api/v1/feed`)).status).toBe(401);
    expect((await fetch(`${base}/api/v1/fraud/queue`)).status).toBe(401);
  });

  it('signs a shop in with its API key only, and keeps the key in the tab', async () => {
    const { page, cspErrors } = await openConsole();
    await page.fill('#api-key', 'not-a-key');
    await page.click('#sign-in-form button[type=submit]');
    await page.waitForFunction(() => document.getElementById('sign-in-error')?.textContent !== '');
    expect(await page.isHidden('#console')).toBe(true);
    await signIn(page, acme);
    expect(await page.textContent('#who')).toContain(acme.tenant);
    expect(await page.evaluate(() => sessionStorage.getItem('shopmind.console.apiKey'))).toBe(acme.key);
    await page.reload();
    await page.waitForSelector(`#console[data-tenant="${acme.tenant}"]`);
    expect(cspErrors).toEqual([]);
  }, 60_000);

  it('holds a guide conversation that reaches recommendations', async () => {
    const { page } = await openConsole();
    await signIn(page, acme);
    await page.fill('#guide-text', 'my niece is 4 and loves dinosaurs, up to 30 euros');
    await page.click('#guide-form button[type=submit]');
    const recs = await page.waitForSelector('#guide-log .recommendations li');
    expect(await recs.textContent()).toMatch(/Dinosaur|Triceratops/);
    const picks = await page.$$eval('#guide-log .recommendations li', (items) =>
      items.map((li) => li.getAttribute('data-product-id')),
    );
    // The excavation kit is for 8+: never for a four-year-old.
    expect(picks).not.toContain('dino-kit');
    expect(picks.length).toBeGreaterThan(0);
    await shot(page, 'guide');
  }, 60_000);

  it('answers a support question about an order with its status', async () => {
    const { page } = await openConsole();
    await signIn(page, acme);
    await page.fill('#support-user', 'u-jana');
    await page.fill('#support-text', `where is my order #${ORDER}?`);
    await page.click('#support-form button[type=submit]');
    const answer = await page.waitForSelector(`#support-log li:not(.me):has-text("${TRACKING}")`);
    expect(await answer.textContent()).toContain(ORDER);
    await shot(page, 'support');
  }, 60_000);

  it("shows a published review in its shop's feed only, and each shop only its own data", async () => {
    const a = await openConsole();
    const b = await openConsole();
    await signIn(a.page, acme);
    await signIn(b.page, globex);

    const acmeReview = aReviewSubmitted({
      envelope: { tenantId: acme.tenant },
      reviewId: `r-acme-${Date.now()}`,
      productId: 'dino-puzzle',
      userId: 'u-jana',
      rating: 5,
    });
    await platform.publish(Events.reviewSubmitted, acme.tenant, acmeReview);
    const reviewId = acmeReview.reviewId;
    await a.page.waitForSelector(`#feed-list li[data-type="review.submitted"]:has-text("${reviewId}")`);

    // globex's own review reaches globex's feed after acme's was published: had acme's been
    // delivered to globex, it would be there by now (one publisher, one subscriber, in order).
    const globexReview = aReviewSubmitted({
      envelope: { tenantId: globex.tenant },
      reviewId: `r-globex-${Date.now()}`,
      productId: 'g-1',
      userId: 'u-g',
      rating: 3,
    });
    await platform.publish(Events.reviewSubmitted, globex.tenant, globexReview);
    await b.page.waitForSelector(
      `#feed-list li[data-type="review.submitted"]:has-text("${globexReview.reviewId}")`,
    );
    const globexFeed = await b.page.$$eval('#feed-list li', (items) =>
      items.map((li) => `${li.getAttribute('data-subject')} ${li.textContent}`),
    );
    expect(globexFeed.join('\n')).not.toContain(acme.tenant);
    expect(globexFeed.join('\n')).not.toContain(reviewId);
    expect(
      await a.page.$$eval('#feed-list li', (items) => items.map((li) => li.getAttribute('data-subject'))),
    ).not.toContainEqual(expect.stringContaining(globex.tenant));

    // acme's order was scored by fraud detection: in acme's fraud queue with its decision and
    // reasons, never in globex's.
    await a.page.click('#fraud-refresh');
    const scored = await a.page.waitForSelector(
      `#fraud-list li[data-type="fraud.order_scored"]:has-text("${ORDER}")`,
    );
    expect(await scored.textContent()).toMatch(/approve|review|decline/);
    await b.page.click('#fraud-refresh');
    await b.page.waitForSelector('#fraud-list li');
    expect(await b.page.textContent('#fraud-list')).not.toContain(ORDER);

    // acme's product: its copy, graph facts and, once analysed, its review summary…
    await a.page.fill('#product-id', 'dino-puzzle');
    await a.page.click('#product-form button[type=submit]');
    await a.page.waitForSelector('#product-copy strong:has-text("Dinosaur")');
    await a.page.waitForSelector('#product-facts li');
    await a.page.waitForSelector('#product-reviews .meta');
    await a.page.waitForFunction(
      () => !/Loading/.test(document.getElementById('product-recs')?.textContent ?? 'Loading'),
    );
    await shot(a.page, 'product-and-feed');
    // …but to globex it is unknown.
    await b.page.fill('#product-id', 'dino-puzzle');
    await b.page.click('#product-form button[type=submit]');
    await b.page.waitForFunction(
      () => !/Loading/.test(document.getElementById('product-facts')?.textContent ?? 'Loading'),
    );
    expect(await b.page.textContent('#product-facts')).not.toMatch(/cardboard|dinosaur/i);
    const summary = await fetch(`${base}/api/v1/products/dino-puzzle/reviews/summary`, {
      headers: { Authorization: `Bearer ${globex.key}` },
    });
    // The summary service answers for any id; for globex this product has no review.
    expect(summary.status).toBe(200);
    expect(((await summary.json()) as { reviewCount?: number }).reviewCount ?? 0).toBe(0);
  }, 90_000);

  it('does not scroll sideways at 375×667, signed out or in, with content', async () => {
    const { page } = await openConsole(375, 667);
    const sideways = () =>
      page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await sideways()).toBeLessThanOrEqual(0);
    await shot(page, 'mobile-sign-in');
    await signIn(page, acme);
    await page.fill('#guide-text', 'my niece is 4 and loves dinosaurs, up to 30 euros');
    await page.click('#guide-form button[type=submit]');
    await page.waitForSelector('#guide-log .recommendations li');
    await page.fill('#product-id', 'dino-puzzle');
    await page.click('#product-form button[type=submit]');
    await page.waitForSelector('#product-facts li');
    await page.click('#fraud-refresh');
    await page.waitForSelector('#fraud-list li');
    expect(await sideways()).toBeLessThanOrEqual(0);
    await shot(page, 'mobile-signed-in');
  }, 60_000);

  it('has no serious or critical accessibility violation (axe-core), signed out and in', async () => {
    const { page } = await openConsole();
    expect(await seriousViolations(page)).toEqual([]);
    await signIn(page, acme);
    await page.fill('#guide-text', 'a gift for my nephew');
    await page.click('#guide-form button[type=submit]');
    await page.waitForSelector('#guide-log li:not(.me)');
    await page.click('#fraud-refresh');
    await page.waitForSelector('#fraud-list li');
    expect(await seriousViolations(page)).toEqual([]);
  }, 60_000);

  it('reaches every control with Tab, each with a visible focus', async () => {
    for (const signedIn of [false, true]) {
      const { page } = await openConsole();
      if (signedIn) await signIn(page, acme);
      // Every visible control, marked so the walk below can tell which it reached.
      const controls = await page.evaluate(() => {
        const all = document.querySelectorAll<HTMLElement>(
          'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])',
        );
        const visible = [...all].filter((e) => e.checkVisibility() && !(e as HTMLButtonElement).disabled);
        visible.forEach((e, i) => e.setAttribute('data-control', String(i)));
        return visible.length;
      });
      expect(controls).toBeGreaterThan(signedIn ? 10 : 1);
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      const reached = new Set<string>();
      for (let i = 0; i < controls + 3; i++) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => {
          const e = document.activeElement as HTMLElement | null;
          if (!e || e === document.body) return undefined;
          const style = getComputedStyle(e);
          return {
            control: e.getAttribute('data-control'),
            outlined: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
          };
        });
        if (!focused?.control) continue;
        expect(focused.outlined).toBe(true);
        reached.add(focused.control);
      }
      expect([...reached].sort()).toEqual(Array.from({ length: controls }, (_, i) => String(i)).sort());
    }
  }, 60_000);
});
