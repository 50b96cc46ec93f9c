// review-sentiment across restarts on a real NATS (JetStream) and Redis: an instance closed in the
// middle of a stream leaves nothing behind for its successor to lose or count twice, and closing
// waits for the reviews being analysed.
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { Redis } from 'ioredis';
import { Events, prefixStream, Streams } from '@shopmind/contracts';
import {
  aReviewSubmitted,
  builtFile,
  eventually,
  publishEvent,
  startFakeOpenAi,
  startInfra,
  uniqueName,
  uniqueTenant,
  type FakeOpenAiServer,
  type Infra,
  provisionNamespace,
} from '@shopmind/testing';
import { loadConfig } from '../../services/review-sentiment/src/config.js';
import { reviewSentiment } from '../../services/review-sentiment/src/tools.js';
import { startService, type RunningService } from '@shopmind/service-kit';

const repo = resolve(import.meta.dirname, '../..');
const node = join(repo, 'node_modules/.bin/node');

let infra: Infra;
let nc: NatsConnection;
let jsm: JetStreamManager;
let redis: Redis;
const running = new Set<RunningService>();

beforeAll(async () => {
  infra = await startInfra();
  nc = await connect({ servers: infra.natsUrl, name: 'shop-system' });
  jsm = await jetstreamManager(nc);
  redis = new Redis(infra.redisUrl);
}, 60_000);

afterAll(async () => {
  for (const app of running) await stop(app);
  await nc?.drain();
  await redis?.quit();
  await infra?.stop();
});

/** A fresh namespace, provisioned (services only verify the streams). */
function namespace(): Promise<string> {
  return provisionNamespace(
    infra.natsUrl,
    uniqueName('rsr')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, ''),
  );
}

async function startInstance(prefix: string, env: Record<string, string> = {}): Promise<RunningService> {
  const config = loadConfig({
    NATS_URL: infra.natsUrl,
    REDIS_URL: infra.redisUrl,
    SHOPMIND_SUBJECT_PREFIX: prefix,
    SHOPMIND_BUS_ACK_WAIT_MS: '5000',
    SHOPMIND_BUS_CONCURRENCY: '8',
    REVIEW_SUMMARY_DEBOUNCE_MS: '20',
    LLM_KEY_PREFIX: `llm-${prefix}`,
    ...env,
  });
  const app = await startService(reviewSentiment, config, { listenHttp: false });
  running.add(app);
  return app;
}

async function stop(app: RunningService): Promise<void> {
  running.delete(app);
  await app.close();
}

async function analysedStored(prefix: string, tenant: string): Promise<number> {
  const subject = `${prefix}.${Events.reviewAnalysed.subject(tenant)}`;
  const info = await jsm.streams.info(prefixStream(prefix, Streams.aiResults.name), {
    subjects_filter: subject,
  });
  return info.state.subjects?.[subject] ?? 0;
}

async function consumer(prefix: string) {
  return jsm.consumers.info(
    prefixStream(prefix, Streams.shopEvents.name),
    'review-sentiment__review_submitted',
  );
}

async function counted(tenant: string, products: string[]): Promise<number> {
  const counts = await Promise.all(
    products.map((p) => redis.hget(`{review-sentiment:${tenant}:${p}}:stats`, 'count')),
  );
  return counts.reduce((sum, c) => sum + Number(c ?? 0), 0);
}

const BODIES = [
  'Beautiful solid wood, very sturdy. Our son plays with it every day.',
  'The paint chipped after a week and delivery took forever.',
  'Great quality for the price, but the battery drains quickly.',
  'Cheap plastic, broke on the second day. Terrible quality.',
];

describe('review-sentiment restarts', () => {
  it('processes every event exactly once when an instance is closed mid-stream and another takes over', async () => {
    const prefix = await namespace();
    const tenant = uniqueTenant('restart');
    const products = ['p-1', 'p-2', 'p-3', 'p-4', 'p-5'];
    const total = 200;
    // Provision the streams and the consumer first, then let the reviews pile up.
    await stop(await startInstance(prefix));
    for (let i = 0; i < total; i++) {
      await publishEvent(
        nc,
        Events.reviewSubmitted,
        aReviewSubmitted({
          envelope: { tenantId: tenant },
          productId: products[i % products.length]!,
          rating: (i % 5) + 1,
          body: BODIES[i % BODIES.length]!,
        }),
        { prefix },
      );
    }

    const first = await startInstance(prefix);
    await eventually(async () => (await analysedStored(prefix, tenant)) >= 40, {
      timeoutMs: 30_000,
      what: 'the first instance to be mid-stream',
    });
    await stop(first);
    const afterFirst = await analysedStored(prefix, tenant);
    expect(afterFirst).toBeLessThan(total);

    await startInstance(prefix);
    await eventually(async () => (await analysedStored(prefix, tenant)) === total, {
      timeoutMs: 30_000,
      what: `${total} analysed reviews`,
    });
    await eventually(
      async () => {
        const c = await consumer(prefix);
        return c.num_pending === 0 && c.num_ack_pending === 0;
      },
      { timeoutMs: 30_000, what: 'the consumer to be empty' },
    );
    expect(await analysedStored(prefix, tenant)).toBe(total);
    expect(await counted(tenant, products)).toBe(total);
  }, 90_000);

  it('processes every event exactly once when a service process is killed mid-stream and another takes over', async () => {
    // The real service process, as deployed: built, telemetry registered first, then SIGKILL.
    const prefix = await namespace();
    const tenant = uniqueTenant('killed');
    const products = ['p-1', 'p-2', 'p-3', 'p-4'];
    // Enough events that the process is still mid-stream when it is killed: a fast machine handled
    // 200 before the check below saw 40 of them stored.
    const total = 1000;
    const env = { SHOPMIND_BUS_ACK_WAIT_MS: '2000' };
    await stop(await startInstance(prefix, env));
    for (let i = 0; i < total; i++) {
      await publishEvent(
        nc,
        Events.reviewSubmitted,
        aReviewSubmitted({
          envelope: { tenantId: tenant },
          productId: products[i % products.length]!,
          rating: (i % 5) + 1,
          body: BODIES[i % BODIES.length]!,
        }),
        { prefix },
      );
    }

    const child: ChildProcess = spawn(
      node,
      [
        '--import',
        builtFile('dist/libs/telemetry/src/register.js'),
        builtFile('dist/services/review-sentiment/src/main.js'),
      ],
      {
        env: {
          PATH: process.env.PATH,
          NATS_URL: infra.natsUrl,
          REDIS_URL: infra.redisUrl,
          HTTP_PORT: '0',
          SHOPMIND_SUBJECT_PREFIX: prefix,
          LOG_LEVEL: 'error',
          LLM_KEY_PREFIX: `llm-${prefix}`,
          ...env,
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    // Its errors go to this test's log (shown if the test fails), not to the terminal.
    child.stderr?.pipe(process.stderr, { end: false });
    const exited = new Promise<NodeJS.Signals | null>((done) =>
      child.once('exit', (_code, signal) => done(signal)),
    );
    try {
      await eventually(async () => (await analysedStored(prefix, tenant)) >= 40, {
        timeoutMs: 30_000,
        intervalMs: 5,
        what: 'the service process to be mid-stream',
      });
    } finally {
      child.kill('SIGKILL');
    }
    expect(await exited).toBe('SIGKILL');
    expect(await analysedStored(prefix, tenant)).toBeLessThan(total);

    // Whatever the killed process had counted but not acknowledged comes back after ack_wait.
    await startInstance(prefix, env);
    await eventually(
      async () => {
        const c = await consumer(prefix);
        return (
          (await analysedStored(prefix, tenant)) === total && c.num_pending === 0 && c.num_ack_pending === 0
        );
      },
      { timeoutMs: 30_000, what: `${total} analysed reviews and an empty consumer` },
    );
    expect(await analysedStored(prefix, tenant)).toBe(total);
    expect(await counted(tenant, products)).toBe(total);
  }, 90_000);

  it('lets the reviews being analysed finish, be counted, published and acknowledged when it shuts down', async () => {
    const llm: FakeOpenAiServer = await startFakeOpenAi();
    try {
      llm.replyAlways({
        kind: 'content',
        latencyMs: 600,
        content: {
          polarity: 'positive',
          score: 0.7,
          confidence: 0.9,
          language: 'en',
          lowConfidence: false,
          aspects: [],
        },
      });
      const prefix = await namespace();
      const tenant = uniqueTenant('drain');
      const app = await startInstance(prefix, {
        SHOPMIND_BUS_CONCURRENCY: '4',
        LLM_PROVIDERS: JSON.stringify([
          { name: 'slow-llm', kind: 'openai-compatible', baseURL: llm.baseURL, model: 'slow-model' },
        ]),
        LLM_MAX_RETRIES: '0',
        LLM_TIMEOUT_MS: '5000',
        // Longer than the test: only the shutdown flush can write the summaries.
        REVIEW_SUMMARY_DEBOUNCE_MS: '600000',
      });
      const products = ['p-a', 'p-b', 'p-c', 'p-d'];
      for (const [i, productId] of products.entries()) {
        await publishEvent(
          nc,
          Events.reviewSubmitted,
          aReviewSubmitted({ envelope: { tenantId: tenant }, productId, body: `${BODIES[i]} (${tenant})` }),
          { prefix },
        );
      }
      // Every review is now waiting on the slow provider.
      await eventually(async () => llm.chatRequests().length === products.length, {
        timeoutMs: 30_000,
        what: 'four provider calls in flight',
      });
      expect(await analysedStored(prefix, tenant)).toBe(0);

      await stop(app);

      expect(await analysedStored(prefix, tenant)).toBe(products.length);
      expect(await counted(tenant, products)).toBe(products.length);
      const c = await consumer(prefix);
      expect(c.num_ack_pending).toBe(0);
      expect(c.num_pending).toBe(0);
      expect(c.num_redelivered).toBe(0);
      // Pending summaries were refreshed before the instance went away.
      for (const p of products)
        expect(await redis.hget(`{review-sentiment:${tenant}:${p}}:summary`, 'count')).toBe('1');
    } finally {
      await llm.stop();
    }
  }, 60_000);
});
