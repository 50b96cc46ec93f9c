// The gateway's Redis paths on a local Redis Cluster (REDIS_CLUSTER_NODES): single flight across
// instances (lease scripts, the flight pipeline beside the budget script, pub/sub wake-ups), the
// cache, an event's stored result, budgets, and erasure of keys spread over every node.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createRedisConnection, isRedisCluster, type RedisConnection } from '@shopmind/redis';
import {
  formatClusterNodes,
  startFakeOpenAi,
  startRedisCluster,
  uniqueName,
  type FakeOpenAiServer,
  type FakeReply,
  type LocalRedisCluster,
} from '@shopmind/testing';
import calculateSlot from 'cluster-key-slot';
import { z } from 'zod';
import { LlmGateway, defineTask, loadGatewayConfig, type LlmTask } from './index.js';

const labelSchema = z.object({ label: z.enum(['positive', 'negative', 'neutral']), note: z.string() });
type Label = z.infer<typeof labelSchema>;

function labelTask(
  overrides: Partial<LlmTask<{ text: string }, Label>> = {},
): LlmTask<{ text: string }, Label> {
  return defineTask<{ text: string }, Label>({
    name: 'test.label',
    version: '1',
    buildPrompt: (i) => ({
      system: 'You label sentiment.',
      instructions: 'Label it.',
      data: { text: i.text },
    }),
    output: labelSchema,
    modelPreferences: { maxOutputTokens: 100 },
    cacheTtlSeconds: 60,
    onUnavailable: 'fallback',
    local: () => ({ label: 'neutral', note: 'local' }),
    ...overrides,
  });
}

const MODEL_ANSWER: FakeReply = {
  kind: 'content',
  content: { label: 'positive', note: 'model' },
  usage: { promptTokens: 120, completionTokens: 30 },
};

let fake: FakeOpenAiServer;
let cluster: LocalRedisCluster;
let admin: RedisConnection;
let prefix: string;
const open: LlmGateway[] = [];

async function gateway(env: Record<string, string> = {}): Promise<LlmGateway> {
  const config = loadGatewayConfig({
    REDIS_CLUSTER_NODES: formatClusterNodes(cluster.seeds),
    LLM_KEY_PREFIX: prefix,
    LLM_PROVIDERS: JSON.stringify([
      {
        name: 'primary',
        baseURL: fake.baseURL,
        model: 'model-a',
        timeoutMs: 2_000,
        maxRetries: 0,
        price: { input: 1, output: 2 },
      },
    ]),
    LLM_FLIGHT_POLL_MS: '50',
    ...env,
  });
  const gw = new LlmGateway({ config });
  await gw.start();
  open.push(gw);
  return gw;
}

beforeAll(async () => {
  [fake, cluster] = await Promise.all([startFakeOpenAi(), startRedisCluster({ replicasPerMaster: 0 })]);
  admin = createRedisConnection({ kind: 'cluster', nodes: cluster.seeds });
}, 60_000);
afterAll(async () => {
  await admin?.quit();
  await Promise.all([fake?.stop(), cluster?.stop()]);
});
beforeEach(() => {
  fake.reset();
  prefix = uniqueName('llm');
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((g) => g.close()));
});

describe('LlmGateway on a Redis Cluster', () => {
  it('is given a cluster connection by REDIS_CLUSTER_NODES', () => {
    const config = loadGatewayConfig({ REDIS_CLUSTER_NODES: formatClusterNodes(cluster.seeds) });
    expect(config.redis).toEqual({ kind: 'cluster', nodes: cluster.seeds });
    expect(isRedisCluster(admin)).toBe(true);
  });

  it('makes one provider call for 30 concurrent identical requests from 3 instances, budgets on', async () => {
    fake.replyAlways({ ...MODEL_ANSWER, latencyMs: 150 } as FakeReply);
    const env = { LLM_BUDGET_TENANT_TOKENS_PER_DAY: '100000' };
    const gws = await Promise.all([gateway(env), gateway(env), gateway(env)]);
    // A tenant whose budget key lives on another node than the flight's keys: the lease and the
    // budget reservation, one pipeline on a single server, must then go as two.
    const nodeOf = (key: string): string | undefined =>
      isRedisCluster(admin) ? admin.slots[calculateSlot(key)]?.[0] : undefined;
    await admin.get('warm-up'); // the slot map
    let tenant = '';
    for (
      let i = 0;
      !tenant ||
      nodeOf(`{${tenant}}`) === nodeOf(`{${gws[0]!.keyFor(labelTask(), { text: 'same' }, tenant)}}`);
      i++
    )
      tenant = `acme-${i}`;
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => gws[i % 3]!.run(labelTask(), { text: 'same' }, { tenant })),
    );
    expect(fake.chatRequests()).toHaveLength(1);
    expect(results.every((r) => r.output.note === 'model')).toBe(true);
    expect(results.filter((r) => r.costUsd > 0)).toHaveLength(1);
    expect(gws.map((g) => g.stats().redisUnavailable)).toEqual([0, 0, 0]);
  });

  it('answers from the cache and from the stored result of a redelivered event', async () => {
    fake.replyAlways(MODEL_ANSWER);
    const [a, b, c] = await Promise.all([gateway(), gateway(), gateway()]);
    // A replica sends its cache and result writes without awaiting them, so another replica sees
    // them once they have landed (on a node that has not yet loaded the script, after a NOSCRIPT
    // round trip); close() waits for them.
    const first = await a.run(labelTask(), { text: 'cached text' }, { tenant: 'acme' });
    await a.close();
    const cached = await b.run(labelTask(), { text: 'cached text' }, { tenant: 'acme' });
    expect(first.source.tier).toBe('provider');
    expect(cached.source).toMatchObject({ tier: 'cache', cacheHit: 'exact' });
    const task = labelTask({ cacheTtlSeconds: 0 });
    await c.run(task, { text: 'event text' }, { tenant: 'acme', eventId: 'evt-1' });
    await c.close();
    const again = await b.run(task, { text: 'event text' }, { tenant: 'acme', eventId: 'evt-1' });
    expect(again.source).toMatchObject({ tier: 'cache', cacheHit: 'event' });
    expect(fake.chatRequests()).toHaveLength(2);
  });

  it('goes to the local tier once the task budget is spent', async () => {
    fake.replyAlways(MODEL_ANSWER); // 150 tokens per call
    const gw = await gateway({ LLM_BUDGET_TASKS: JSON.stringify({ 'test.label': 200 }) });
    const task = labelTask({ cacheTtlSeconds: 0 });
    const tenant = uniqueName('tenant');
    expect((await gw.run(task, { text: 'one' }, { tenant })).source.tier).toBe('provider');
    expect(await gw.spentToday(tenant, 'test.label')).toMatchObject({ tenantTokens: 150, taskTokens: 150 });
    expect((await gw.run(task, { text: 'two' }, { tenant })).source).toEqual({
      tier: 'local',
      degraded: 'budget',
    });
  });

  it("erases a customer's entries wherever their slots live", async () => {
    fake.replyAlways(MODEL_ANSWER);
    const gw = await gateway();
    const texts = Array.from({ length: 12 }, (_, i) => `text number ${i}`);
    const runs = await Promise.all(
      texts.map((text, i) =>
        gw.run(labelTask(), { text }, { tenant: 'acme', eventId: `e-${i}`, subject: 'u-1' }),
      ),
    );
    const answers = runs.map((r) => `${prefix}:{${r.cacheKey}}:answer`);
    expect((await Promise.all(answers.map((k) => admin.exists(k)))).every((n) => n === 1)).toBe(true);
    expect(await gw.eraseSubject('acme', 'u-1')).toBeGreaterThanOrEqual(24); // 12 answers, 12 event results
    expect((await Promise.all(answers.map((k) => admin.exists(k)))).every((n) => n === 0)).toBe(true);
  });
});
