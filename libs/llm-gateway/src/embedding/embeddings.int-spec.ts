// Embeddings alone, with Redis away: providers in order against the fake OpenAI-compatible server,
// then local hashing embeddings. Caching and the budget against a real Redis are proven in
// llm-gateway.int-spec.ts.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startFakeOpenAi, type EmbeddingRequestBody, type FakeOpenAiServer } from '@shopmind/testing';
import { BackgroundWork } from '../background-work.js';
import { BudgetLedger } from '../budget/budget-ledger.js';
import { ResultStore } from '../cache/result-store.js';
import { LocalTier } from '../chain/local-tier.js';
import { ProviderChain } from '../chain/provider-chain.js';
import { loadGatewayConfig } from '../config.js';
import { DeferralGate } from '../resilience/deferral-gate.js';
import { GatewayTelemetry } from '../telemetry/gateway-telemetry.js';
import { Embeddings, parseVector } from './embeddings.js';
import { hashingEmbedding } from './hashing-embedder.js';

describe('Embeddings without Redis', () => {
  let fake: FakeOpenAiServer;
  beforeAll(async () => {
    fake = await startFakeOpenAi();
  });
  afterAll(() => fake.stop());
  beforeEach(() => fake.reset());

  function setUp(providers: Array<Record<string, unknown>>) {
    const config = loadGatewayConfig({
      LLM_EMBEDDING_DIMENSIONS: '8',
      ...(providers.length
        ? {
            LLM_PROVIDERS: JSON.stringify(
              providers.map((p) => ({ baseURL: fake.baseURL, maxRetries: 0, ...p })),
            ),
          }
        : {}),
    });
    const telemetry = new GatewayTelemetry();
    const onUnavailable = (op: string): void => telemetry.redisUnavailable(op);
    const local = new LocalTier(telemetry);
    const chain = new ProviderChain(config, {
      telemetry,
      local,
      deferrals: new DeferralGate(config.defer, telemetry),
    });
    let starts = 0;
    const embeddings = new Embeddings({
      config,
      chain,
      store: new ResultStore(undefined, config.keyPrefix, onUnavailable),
      budget: new BudgetLedger(undefined, config.keyPrefix, config.budgets, onUnavailable),
      telemetry,
      background: new BackgroundWork(),
      ensureStarted: () => {
        starts++;
        return undefined;
      },
    });
    return { embeddings, telemetry, starts: () => starts };
  }

  it("moves on to the next provider's embedding model when one fails, never mixing models", async () => {
    fake.replyAlways(
      { kind: 'error', status: 500 },
      (r) => (r.body as EmbeddingRequestBody).model === 'embed-a',
    );
    const { embeddings, telemetry, starts } = setUp([
      { name: 'p1', model: 'chat-a', embeddingModel: 'embed-a' },
      { name: 'p2', model: 'chat-b', embeddingModel: 'embed-b' },
    ]);
    const res = await embeddings.embed(['wooden toy train', 'plush bear'], { tenant: 'acme' });
    expect(res.source).toEqual({ tier: 'provider', provider: 'p2', model: 'embed-b', cached: 0 });
    expect(res.vectors.map((v) => v.length)).toEqual([8, 8]);
    expect(fake.embeddingRequests().map((r) => (r.body as EmbeddingRequestBody).model)).toEqual([
      'embed-a',
      'embed-b',
    ]);
    expect(starts()).toBe(1);
    // Redis away: each provider's cache lookup is a counted bypass, not a failure.
    expect(telemetry.stats.redisUnavailable).toBeGreaterThanOrEqual(2);
  });

  it('sends each text redacted, so no personal data leaves for the embedding provider', async () => {
    const { embeddings } = setUp([{ name: 'p1', model: 'chat-a' }]);
    await embeddings.embed(['write to jane.doe@example.com about the train'], { tenant: 'acme' });
    const [sent] = fake.embeddingRequests().map((r) => (r.body as EmbeddingRequestBody).input);
    expect(JSON.stringify(sent)).not.toContain('jane.doe@example.com');
    expect(JSON.stringify(sent)).toContain('[EMAIL_1]');
  });

  it('answers with local hashing embeddings, marked with the last failure, when every provider fails', async () => {
    fake.replyAlways({ kind: 'error', status: 500 });
    const { embeddings, telemetry } = setUp([
      { name: 'p1', model: 'chat-a' },
      { name: 'p2', model: 'chat-b', embeddingModel: 'embed-b' },
    ]);
    const res = await embeddings.embed(['rocking horse'], { tenant: 'acme' });
    expect(res.source).toEqual({ tier: 'local', degraded: 'server_error' });
    expect(res.vectors).toEqual([hashingEmbedding('rocking horse', 8)]);
    expect(telemetry.stats.fallbacks).toEqual({ server_error: 1 });
  });

  it('answers locally, marked not_configured, without a provider and without connecting', async () => {
    const { embeddings, starts } = setUp([]);
    const res = await embeddings.embed(['rocking horse'], { tenant: 'acme' });
    expect(res.source).toEqual({ tier: 'local', degraded: 'not_configured' });
    expect(starts()).toBe(0);
  });

  it('reads a cached vector of another size or shape as a miss', () => {
    expect(parseVector('[0.1,0.2]', 2)).toEqual([0.1, 0.2]);
    expect(parseVector('[0.1,0.2]', 3)).toBeUndefined();
    expect(parseVector('[0.1,"x"]', 2)).toBeUndefined();
    expect(parseVector('{', 2)).toBeUndefined();
    expect(parseVector(null, 2)).toBeUndefined();
  });
});
