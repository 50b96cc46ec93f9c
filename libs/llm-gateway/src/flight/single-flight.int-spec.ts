// Single flight alone, with Redis away (the gateway then bypasses it): identical requests of one
// process still coalesce on one provider call; the cross-process half is proven in
// llm-gateway.int-spec.ts against a real Redis.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { trace } from '@opentelemetry/api';
import { startFakeOpenAi, type FakeOpenAiServer } from '@shopmind/testing';
import { z } from 'zod';
import { BackgroundWork } from '../background-work.js';
import { BudgetLedger } from '../budget/budget-ledger.js';
import { FlightNotifier } from '../cache/flight-notifier.js';
import { ResultStore } from '../cache/result-store.js';
import type { GatewayCall } from '../call/gateway-call.js';
import { TaskCompiler } from '../call/task-compiler.js';
import { LocalTier } from '../chain/local-tier.js';
import { ProviderChain } from '../chain/provider-chain.js';
import { loadGatewayConfig } from '../config.js';
import { DeferralGate } from '../resilience/deferral-gate.js';
import { defineTask } from '../task.js';
import { GatewayTelemetry } from '../telemetry/gateway-telemetry.js';
import { SingleFlight } from './single-flight.js';

const task = defineTask<string, { label: string }>({
  name: 'test.flight',
  version: '1',
  buildPrompt: (text) => ({ system: 'Label texts.', instructions: 'Label the text.', data: { text } }),
  output: z.object({ label: z.string() }),
  cacheTtlSeconds: 60,
  onUnavailable: 'fallback',
  local: () => ({ label: 'local' }),
});

describe('SingleFlight without Redis', () => {
  let fake: FakeOpenAiServer;
  beforeAll(async () => {
    fake = await startFakeOpenAi();
  });
  afterAll(() => fake.stop());
  beforeEach(() => fake.reset());

  function setUp() {
    const config = loadGatewayConfig({
      LLM_PROVIDERS: JSON.stringify([{ name: 'p1', baseURL: fake.baseURL, model: 'model-a', maxRetries: 0 }]),
    });
    const telemetry = new GatewayTelemetry();
    const onUnavailable = (op: string): void => telemetry.redisUnavailable(op);
    const local = new LocalTier(telemetry);
    const chain = new ProviderChain(config, {
      telemetry,
      local,
      deferrals: new DeferralGate(config.defer, telemetry),
    });
    const store = new ResultStore(undefined, config.keyPrefix, onUnavailable);
    const flight = new SingleFlight({
      config,
      store,
      budget: new BudgetLedger(undefined, config.keyPrefix, config.budgets, onUnavailable),
      notifier: new FlightNotifier(undefined, store.channel),
      chain,
      local,
      background: new BackgroundWork(),
      telemetry,
    });
    const compiler = new TaskCompiler((t) => chain.chainId(t));
    const callFor = (input: string): GatewayCall<string, { label: string }> => {
      const { compiled, cacheKey } = compiler.identify(task, input, 'acme');
      return {
        task,
        input,
        options: { tenant: 'acme' },
        compiled,
        cacheKey,
        span: trace.getTracer('test').startSpan('test'),
        keys: store.keysFor(cacheKey),
        cacheable: true,
        eventKey: undefined,
        keep: true,
      };
    };
    return { flight, telemetry, callFor };
  }

  it('coalesces identical concurrent requests of this process on one provider call and one leader', async () => {
    fake.replyAlways({ kind: 'content', content: { label: 'model' }, latencyMs: 50 });
    const { flight, telemetry, callFor } = setUp();
    const results = await Promise.all(Array.from({ length: 10 }, () => flight.join(callFor('same text'))));
    expect(fake.chatRequests()).toHaveLength(1);
    expect(results.filter((r) => !r.joined)).toHaveLength(1);
    expect(telemetry.stats.coalesced).toBe(9);
    for (const r of results)
      expect(r.outcome).toMatchObject({
        kind: 'result',
        via: 'leader',
        stored: { output: { label: 'model' } },
      });
    // Redis away: nothing cached, so a later identical request leads a flight of its own.
    await flight.join(callFor('same text'));
    expect(fake.chatRequests()).toHaveLength(2);
    expect(telemetry.stats.redisUnavailable).toBeGreaterThan(0);
  });

  it('runs a flight of its own for each different request', async () => {
    fake.replyAlways({ kind: 'content', content: { label: 'model' } });
    const { flight, callFor } = setUp();
    const results = await Promise.all([flight.join(callFor('one')), flight.join(callFor('two'))]);
    expect(results.map((r) => r.joined)).toEqual([false, false]);
    expect(fake.chatRequests()).toHaveLength(2);
  });
});
