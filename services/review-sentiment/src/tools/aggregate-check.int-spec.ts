// The aggregate check on a real Redis, with the real store writing the aggregates: consistent after
// reviews and an erasure; a review applied twice (its done mark lost, its effects kept) and a damaged
// record are reported field by field; nothing is changed by the check. Then on a Redis Cluster of
// three masters (a private starter until the testing lib's cluster fixture lands): every master
// scanned.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { EffectsLedger } from '@shopmind/bus';
import { freePort, startInfra, uniqueName, uniqueTenant, type Infra } from '@shopmind/testing';
import { Cluster, Redis } from 'ioredis';
import type { ReviewContribution } from '../domain/review-contribution.js';
import { ReviewAggregateStore } from '../stores/review-aggregate-store.js';
import { checkReviewAggregates } from './aggregate-check.js';

let infra: Infra;
let redis: Redis;
let ledger: EffectsLedger;
let store: ReviewAggregateStore;

beforeAll(async () => {
  infra = await startInfra();
  redis = new Redis(infra.redisUrl);
  ledger = new EffectsLedger(redis, { service: 'review-sentiment' });
  store = new ReviewAggregateStore(redis, ledger, 10);
});

afterAll(async () => {
  redis.disconnect();
  await infra.stop();
});

function contribution(rating: number, positive: boolean, lowConfidence = false): ReviewContribution {
  const polarity = positive ? 'positive' : 'negative';
  const score = positive ? 0.7 : -0.55;
  const reviewId = uniqueName('r');
  return {
    reviewId,
    rating,
    polarity,
    score,
    lowConfidence,
    tier: positive ? 'provider' : 'local',
    at: Date.now(),
    aspects: [
      { name: 'quality', polarity, score, evidence: 'solid build' },
      { name: 'battery', polarity, score: score / 3, evidence: 'lasts a day' },
    ],
    quote: { reviewId, text: 'solid build', rating, polarity, aspect: 'quality', weight: Math.abs(score) },
  };
}

/** Three reviews on p-1 (one by `alice`), one on p:2 (a product id with a colon). */
async function shop(): Promise<{ tenant: string; twice: { eventId: string; c: ReviewContribution } }> {
  const tenant = uniqueTenant('agg');
  const twice = { eventId: uniqueName('e'), c: contribution(5, true) };
  await store.record(tenant, 'p-1', twice.eventId, 'bob', twice.c);
  await store.record(tenant, 'p-1', uniqueName('e'), 'alice', contribution(2, false, true));
  await store.record(tenant, 'p-1', uniqueName('e'), 'carol', contribution(4, true));
  await store.record(tenant, 'p:2', uniqueName('e'), 'alice', contribution(3, false));
  return { tenant, twice };
}

describe('checkReviewAggregates (real Redis, the real store)', () => {
  it('finds every product of a shop consistent, also after a customer is erased', async () => {
    const { tenant } = await shop();
    expect(await checkReviewAggregates(redis, { tenant })).toEqual({ products: 2, differences: [] });
    await store.eraseReviewer(tenant, uniqueName('erasure'), 'alice');
    expect(await checkReviewAggregates(redis, { tenant })).toEqual({ products: 2, differences: [] });
  });

  it('reports a review applied twice, field by field, and changes nothing', async () => {
    const { tenant, twice } = await shop();
    // The done mark is lost while the effects stay (what a failover cannot do, a replay past the
    // mark's TTL can): the same event is applied again.
    await redis.del(ledger.doneKey({ tenant, entity: 'p-1' }, twice.eventId));
    await store.record(tenant, 'p-1', twice.eventId, 'bob', twice.c);
    const before = await redis.hgetall(`{review-sentiment:${tenant}:p-1}:stats`);

    const report = await checkReviewAggregates(redis, { tenant });
    expect(report.products).toBe(2);
    const byField = Object.fromEntries(report.differences.map((d) => [d.field, [d.counter, d.recount]]));
    expect(byField['stats.count']).toEqual([4, 3]);
    expect(byField['stats.rating_sum']).toEqual([16, 11]);
    expect(byField['stats.star:5']).toEqual([2, 1]);
    expect(byField['stats.polarity:positive']).toEqual([3, 2]);
    expect(byField['stats.tier:provider']).toEqual([3, 2]);
    expect(byField['aspects.quality:mentions']).toEqual([4, 3]);
    expect(byField['aspects.battery:positive']).toEqual([3, 2]);
    expect(byField['stats.score_sum']![0]).toBeCloseTo(0.7 * 3 - 0.55, 6);
    expect(byField['stats.score_sum']![1]).toBeCloseTo(0.7 * 2 - 0.55, 6);
    // Only p-1, only what the second application added.
    expect(new Set(report.differences.map((d) => `${d.tenant}/${d.product}`))).toEqual(
      new Set([`${tenant}/p-1`]),
    );
    expect(report.differences.map((d) => d.field)).not.toContain('stats.low_confidence');
    expect(await redis.hgetall(`{review-sentiment:${tenant}:p-1}:stats`)).toEqual(before);
  });

  it('reports a damaged record (a counted review missing from it) as counters above their recount', async () => {
    const { tenant } = await shop();
    const counted = `{review-sentiment:${tenant}:p:2}:counted`;
    const [id] = await redis.hkeys(counted);
    await redis.hdel(counted, id!);
    const report = await checkReviewAggregates(redis, { tenant, product: 'p:2' });
    expect(report.products).toBe(1);
    expect(report.differences).toEqual(
      expect.arrayContaining([
        { tenant, product: 'p:2', field: 'stats.count', counter: 1, recount: 0 },
        { tenant, product: 'p:2', field: 'stats.rating_sum', counter: 3, recount: 0 },
        { tenant, product: 'p:2', field: 'aspects.quality:mentions', counter: 1, recount: 0 },
      ]),
    );
  });

  it('checks one shop without reading another', async () => {
    const a = await shop();
    const b = await shop();
    await redis.hincrby(`{review-sentiment:${b.tenant}:p-1}:stats`, 'count', 1);
    expect((await checkReviewAggregates(redis, { tenant: a.tenant })).differences).toEqual([]);
    expect((await checkReviewAggregates(redis, { tenant: b.tenant })).differences).toEqual([
      { tenant: b.tenant, product: 'p-1', field: 'stats.count', counter: 4, recount: 3 },
    ]);
  });
});

describe('checkReviewAggregates on a Redis Cluster (three real masters)', () => {
  const servers: ChildProcess[] = [];
  let dir: string;
  let cluster: Cluster;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'shopmind-agg-cluster-'));
    const ports: number[] = [];
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      const bus = await freePort();
      const child = spawn(
        process.env.REDIS_SERVER_BIN ?? 'redis-server',
        [
          '--port',
          String(port),
          '--cluster-port',
          String(bus),
          '--bind',
          '127.0.0.1',
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          `nodes-${i}.conf`,
          '--dir',
          dir,
          '--save',
          '',
          '--appendonly',
          'no',
        ],
        { stdio: 'ignore' },
      );
      servers.push(child);
      ports.push(port);
    }
    for (const port of ports) {
      for (let i = 0; i < 100; i++) {
        const probe = new Redis({
          port,
          lazyConnect: true,
          maxRetriesPerRequest: 0,
          retryStrategy: () => null,
        });
        probe.on('error', () => undefined);
        const up = await probe.connect().then(
          () => true,
          () => false,
        );
        probe.disconnect();
        if (up) break;
        await sleep(50);
      }
    }
    const created = spawnSync(
      process.env.REDIS_CLI_BIN ?? 'redis-cli',
      [
        '--cluster',
        'create',
        ...ports.map((p) => `127.0.0.1:${p}`),
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    if (created.status !== 0)
      throw new Error(`redis-cli --cluster create failed:\n${created.stdout}${created.stderr}`);
    cluster = new Cluster(ports.map((port) => ({ host: '127.0.0.1', port })));
    for (let i = 0; i < 100 && !/cluster_state:ok/.test(String(await cluster.cluster('INFO'))); i++)
      await sleep(100);
  }, 90_000);

  afterAll(async () => {
    cluster?.disconnect();
    for (const s of servers) s.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('scans every master and reads each product on the node that owns its slot', async () => {
    const tenant = uniqueTenant('aggc');
    const c = {
      reviewId: 'r',
      rating: 4,
      polarity: 'positive',
      score: 0.5,
      lowConfidence: false,
      tier: 'local',
      aspects: [],
    };
    const products = Array.from({ length: 12 }, (_, i) => `p-${i}`);
    for (const p of products) {
      const prefix = `{review-sentiment:${tenant}:${p}}:`;
      await cluster.hset(`${prefix}counted`, 'e-1', JSON.stringify(c));
      await cluster.hset(`${prefix}stats`, {
        count: 1,
        rating_sum: 4,
        'star:4': 1,
        score_sum: 0.5,
        'polarity:positive': 1,
        'tier:local': 1,
      });
    }
    // The products' slots are spread over the masters.
    const slots = await Promise.all(
      products.map((p) => cluster.cluster('KEYSLOT', `{review-sentiment:${tenant}:${p}}:stats`)),
    );
    const owners = new Set(
      (slots as number[]).map((slot) => (cluster as unknown as { slots: string[][] }).slots[slot]![0]),
    );
    expect(owners.size).toBeGreaterThan(1);
    expect(await checkReviewAggregates(cluster, { tenant })).toEqual({ products: 12, differences: [] });
    await cluster.hincrby(`{review-sentiment:${tenant}:p-7}:stats`, 'count', 1);
    expect((await checkReviewAggregates(cluster, { tenant })).differences).toEqual([
      { tenant, product: 'p-7', field: 'stats.count', counter: 2, recount: 1 },
    ]);
  });
});
