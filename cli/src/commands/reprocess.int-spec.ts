// `reprocess` repairs what a Redis failover lost, on real servers: the built review-sentiment (a
// service that counts and publishes a result per event) on a real NATS and Redis (or, with
// SHOPMIND_TEST_REDIS=cluster, a Redis Cluster). The failover's loss — an acknowledged event's
// effects and done mark, written by one script in one slot and not yet replicated — is made by
// deleting exactly those keys; reprocessing the window counts the lost events again, the others not
// twice, and AI_RESULTS keeps one result per review. Needs `node scripts/build.mjs` first.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { Events, prefixStream, Streams } from '@shopmind/contracts';
import type { RedisConnection } from '@shopmind/redis';
import {
  aReviewSubmitted,
  builtFile,
  connectTestRedis,
  eventually,
  expectConsumerIdle,
  freePort,
  provisionNamespace,
  publishEvent,
  repoRoot,
  startInfra,
  uniqueName,
  uniqueTenant,
  type Infra,
} from '@shopmind/testing';
import { captureIo } from '../capture-io.js';
import { runCli } from '../run-cli.js';

let infra: Infra;
let nc: NatsConnection;
let jsm: JetStreamManager;
let redis: RedisConnection;
let redisEnv: Record<string, string>;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  infra = await startInfra();
  nc = await connect({ servers: infra.natsUrl, name: 'shop-system' });
  jsm = await jetstreamManager(nc);
  redis = connectTestRedis(infra.redis);
  redisEnv =
    infra.redis.mode === 'cluster'
      ? { REDIS_CLUSTER_NODES: infra.redis.nodes.map((n) => `${n.host}:${n.port}`).join(',') }
      : { REDIS_URL: infra.redis.url };
}, 60_000);

afterAll(async () => {
  for (const child of children) await stopService(child);
  await nc?.drain();
  redis?.disconnect();
  await infra?.stop();
});

async function namespace(): Promise<string> {
  return provisionNamespace(
    infra.natsUrl,
    uniqueName('rpr')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, ''),
  );
}

/** The built review-sentiment, as deployed, ready (its /readyz answers 200). */
async function startService(prefix: string): Promise<ChildProcess> {
  const httpPort = await freePort();
  const child = spawn(
    process.execPath,
    [
      '--import',
      builtFile('dist/libs/telemetry/src/register.js'),
      builtFile('dist/services/review-sentiment/src/main.js'),
    ],
    {
      cwd: repoRoot(),
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NATS_URL: infra.natsUrl,
        ...redisEnv,
        HTTP_PORT: String(httpPort),
        SHOPMIND_SUBJECT_PREFIX: prefix,
        REVIEW_SUMMARY_DEBOUNCE_MS: '20',
        LLM_KEY_PREFIX: `llm-${prefix}`,
        LOG_LEVEL: 'warn',
      },
    },
  );
  children.add(child);
  await eventually(
    async () => (await fetch(`http://127.0.0.1:${httpPort}/readyz`).catch(() => undefined))?.ok === true,
    { timeoutMs: 30_000, what: 'review-sentiment to be ready' },
  );
  return child;
}

async function stopService(child: ChildProcess): Promise<void> {
  children.delete(child);
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function reprocess(prefix: string, args: string[]) {
  const io = captureIo({ env: { NATS_URL: infra.natsUrl, ...redisEnv } });
  const code = await runCli(['reprocess', '--prefix', prefix, '--json', ...args], io);
  return { code, io, out: io.json()[0] ?? {} };
}

const rs = (tenant: string, product: string, suffix: string) =>
  `{review-sentiment:${tenant}:${product}}:${suffix}`;

async function counts(tenant: string, products: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const p of products) out[p] = Number((await redis.hget(rs(tenant, p, 'stats'), 'count')) ?? 0);
  return out;
}

const total = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);

/** The results on AI_RESULTS for the shop's reviews: how many, and their distinct event ids. */
async function analysedResults(
  prefix: string,
  tenant: string,
): Promise<{ stored: number; ids: Set<string> }> {
  const stream = prefixStream(prefix, Streams.aiResults.name);
  const subject = `${prefix}.${Events.reviewAnalysed.subject(tenant)}`;
  const ids = new Set<string>();
  let stored = 0;
  for (let seq = 1; ;) {
    const msg = await jsm.streams.getMessage(stream, { seq, next_by_subj: subject } as never);
    if (!msg) break;
    stored++;
    const body = msg.json<{ envelope?: { eventId?: string } }>();
    ids.add(body.envelope?.eventId ?? '');
    seq = msg.seq + 1;
  }
  return { stored, ids };
}

async function lastSeq(prefix: string): Promise<number> {
  return (await jsm.streams.info(prefixStream(prefix, Streams.shopEvents.name))).state.last_seq;
}

const DURABLE = 'review-sentiment__review_submitted';

describe('shopmind reprocess', () => {
  it('counts again what a failover lost, nothing twice, one result per review; --dry-run changes nothing', async () => {
    const prefix = await namespace();
    const service = await startService(prefix);
    const tenant = uniqueTenant('rpr');
    const kept = ['p-1', 'p-2', 'p-3', 'p-4'];
    const lostProducts = ['lost-1', 'lost-2', 'lost-3', 'lost-4'];
    const since = new Date(Date.now() - 1000);
    // Two reviews on each kept product; the lost reviews are alone on their products, so what the
    // failover took of them is their product's keys in their slot.
    const lost: { product: string; eventId: string }[] = [];
    let ack = 0;
    for (const [i, product] of [...kept, ...kept, ...lostProducts].entries()) {
      const review = aReviewSubmitted({
        envelope: { tenantId: tenant },
        productId: product,
        rating: (i % 5) + 1,
      });
      ack = (await publishEvent(nc, Events.reviewSubmitted, review, { prefix })).seq;
      if (product.startsWith('lost-')) lost.push({ product, eventId: review.envelope!.eventId });
    }
    const n = 2 * kept.length + lostProducts.length;
    await expectConsumerIdle(jsm, Streams.shopEvents.name, DURABLE, { prefix, streamSeq: ack });
    await eventually(async () => (await analysedResults(prefix, tenant)).stored === n, {
      what: 'a result per review',
    });
    expect(total(await counts(tenant, [...kept, ...lostProducts]))).toBe(n);
    const until = new Date();

    // The failover: the lost reviews' script writes (counters, record, quotes, summary, done mark)
    // are gone; for two of them the result store's claim (another slot) went too.
    for (const [i, { product, eventId }] of lost.entries()) {
      const keys = [
        'stats',
        'aspects',
        'quotes:positive',
        'quotes:negative',
        'counted',
        'summary',
        `done:${eventId}`,
      ];
      for (const k of keys) await redis.del(rs(tenant, product, k));
      if (i < 2) await redis.del(`{review-sentiment:${tenant}:result:${eventId}}:review.analysed`);
    }
    expect(total(await counts(tenant, [...kept, ...lostProducts]))).toBe(2 * kept.length);

    // --dry-run: counts per subject, publishes nothing.
    const before = await lastSeq(prefix);
    const dry = await reprocess(prefix, [
      '--since',
      since.toISOString(),
      '--until',
      until.toISOString(),
      '--subject',
      `shop.${tenant}.>`,
      '--dry-run',
    ]);
    expect(dry.io.stderr).toEqual([]);
    expect(dry.code).toBe(0);
    expect(dry.out).toMatchObject({
      dryRun: true,
      matched: n,
      republished: 0,
      skipped: 0,
      bySubject: { [`shop.${tenant}.review.submitted`]: n },
    });
    expect(await lastSeq(prefix)).toBe(before);
    expect(total(await counts(tenant, [...kept, ...lostProducts]))).toBe(2 * kept.length);

    const run = await reprocess(prefix, [
      '--since',
      since.toISOString(),
      '--until',
      until.toISOString(),
      '--subject',
      `shop.${tenant}.>`,
    ]);
    expect(run.io.stderr).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.out).toMatchObject({ dryRun: false, read: n, republished: n, failed: 0, skipped: 0 });
    const after = await lastSeq(prefix);
    expect(after).toBe(before + n);

    await expectConsumerIdle(jsm, Streams.shopEvents.name, DURABLE, { prefix, streamSeq: after });
    const repaired = await counts(tenant, [...kept, ...lostProducts]);
    expect(repaired).toEqual({
      ...Object.fromEntries(kept.map((p) => [p, 2])),
      ...Object.fromEntries(lostProducts.map((p) => [p, 1])),
    });
    expect(total(repaired)).toBe(n);
    const results = await analysedResults(prefix, tenant);
    expect(results.stored).toBe(n);
    expect(results.ids.size).toBe(n);
    // The counters equal their per-review record again.
    const check = captureIo({ env: redisEnv });
    expect(
      await runCli(['check', 'aggregates', '--service', 'review-sentiment', '--tenant', tenant], check),
    ).toBe(0);

    // A later run over a window holding the copies skips them: their originals are in it too.
    const again = await reprocess(prefix, [
      '--since',
      since.toISOString(),
      '--until',
      new Date().toISOString(),
      '--subject',
      `shop.${tenant}.>`,
      '--dry-run',
    ]);
    expect(again.out).toMatchObject({ read: 2 * n, matched: n, skipped: n });
    await stopService(service);
  }, 90_000);

  it('reads nothing outside the window and exits 0 when it is empty', async () => {
    const prefix = await namespace();
    const tenant = uniqueTenant('rpr');
    await publishEvent(nc, Events.reviewSubmitted, aReviewSubmitted({ envelope: { tenantId: tenant } }), {
      prefix,
    });
    const later = new Date(Date.now() + 60_000);
    const { code, out } = await reprocess(prefix, [
      '--since',
      later.toISOString(),
      '--until',
      new Date(later.getTime() + 60_000).toISOString(),
    ]);
    expect(code).toBe(0);
    expect(out).toMatchObject({ read: 0, republished: 0, firstSeq: null });
    expect(await lastSeq(prefix)).toBe(1);
  });

  it('exits 2 on a bad window, rate or subject, 1 without the stream, 3 without NATS', async () => {
    const prefix = await namespace();
    const window = ['--since', '2026-12-05T10:14:00Z', '--until', '2026-12-05T10:16:00Z'];
    expect((await reprocess(prefix, ['--since', '10:14', '--until', '2026-12-05T10:16:00Z'])).code).toBe(2);
    expect(
      (await reprocess(prefix, ['--since', '2026-12-05T10:17:00Z', '--until', '2026-12-05T10:16:00Z'])).code,
    ).toBe(2);
    expect((await reprocess(prefix, [...window, '--rate', '0'])).code).toBe(2);
    expect((await reprocess(prefix, [...window, '--subject', 'ai.acme.>'])).code).toBe(2);
    expect((await reprocess(prefix, ['--since', '2026-12-05T10:14:00Z'])).code).toBe(2);
    const missing = await reprocess(uniqueName('none').replace(/[^A-Za-z0-9]/g, ''), window);
    expect(missing.code).toBe(1);
    expect(missing.io.stderr.join('\n')).toContain('SHOP_EVENTS');
    const io = captureIo({ env: { NATS_URL: `nats://127.0.0.1:${await freePort()}` } });
    expect(await runCli(['reprocess', ...window], io)).toBe(3);
  });
});
