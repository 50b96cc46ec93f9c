// The provider chain alone (no Redis): providers in order against the fake OpenAI-compatible server
// through the real `openai` client, then deferral or the local tier.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { trace } from '@opentelemetry/api';
import {
  startFakeOpenAi,
  type ChatRequestBody,
  type FakeOpenAiServer,
  type FakeReply,
  type RecordedRequest,
} from '@shopmind/testing';
import { z } from 'zod';
import type { Reservation } from '../budget/budget-ledger.js';
import type { GatewayCall, LeaderCall } from '../call/gateway-call.js';
import { TaskCompiler } from '../call/task-compiler.js';
import { loadGatewayConfig } from '../config.js';
import type { RunOptions } from '../gateway-types.js';
import { DeferralGate } from '../resilience/deferral-gate.js';
import { defineTask, type LlmTask } from '../task.js';
import { GatewayTelemetry } from '../telemetry/gateway-telemetry.js';
import { LocalTier } from './local-tier.js';
import { ProviderChain } from './provider-chain.js';

const output = z.object({ label: z.enum(['positive', 'neutral']), note: z.string() });
type Label = z.infer<typeof output>;

function labelTask(overrides: Partial<LlmTask<string, Label>> = {}): LlmTask<string, Label> {
  return defineTask<string, Label>({
    name: 'test.chain',
    version: '1',
    buildPrompt: (text) => ({ system: 'Label texts.', instructions: 'Label the text.', data: { text } }),
    output,
    modelPreferences: { maxOutputTokens: 50 },
    cacheTtlSeconds: 60,
    onUnavailable: 'fallback',
    local: () => ({ label: 'neutral', note: 'local' }),
    ...overrides,
  });
}

const answer = (note: string): FakeReply => ({
  kind: 'content',
  content: { label: 'positive', note },
  usage: { promptTokens: 100, completionTokens: 20 },
});
const forModel = (model: string) => (r: RecordedRequest) => (r.body as ChatRequestBody).model === model;
const RESERVED: Reservation = { status: 'unmetered' };

describe('ProviderChain', () => {
  let fake: FakeOpenAiServer;
  beforeAll(async () => {
    fake = await startFakeOpenAi();
  });
  afterAll(() => fake.stop());
  beforeEach(() => fake.reset());

  function setUp(models: string[]) {
    const config = loadGatewayConfig({
      LLM_PROVIDERS: JSON.stringify(
        models.map((model, i) => ({
          name: `p${i + 1}`,
          baseURL: fake.baseURL,
          model,
          maxRetries: 0,
          timeoutMs: 2_000,
          price: { input: 1, output: 2 },
        })),
      ),
    });
    const telemetry = new GatewayTelemetry();
    const local = new LocalTier(telemetry);
    const chain = new ProviderChain(config, {
      telemetry,
      local,
      deferrals: new DeferralGate(config.defer, telemetry),
    });
    const compiler = new TaskCompiler((t) => chain.chainId(t));
    const leaderOf = (
      task: LlmTask<string, Label>,
      options: RunOptions = { tenant: 'acme' },
      reservation: Reservation = RESERVED,
    ): LeaderCall<string, Label> => {
      const input = 'a lovely wooden train';
      const { compiled, cacheKey } = compiler.identify(task, input, options.tenant);
      const call: GatewayCall<string, Label> = {
        task,
        input,
        options,
        compiled,
        cacheKey,
        span: trace.getTracer('test').startSpan('test'),
        keys: { id: cacheKey, cache: 'c', result: 'r', lease: 'l' },
        cacheable: true,
        eventKey: undefined,
        keep: true,
      };
      return {
        call,
        prepared: chain.prepare(task, input),
        reservation,
        spend: { usage: { inputTokens: 0, outputTokens: 0 }, costUsd: 0 },
      };
    };
    return { chain, telemetry, leaderOf };
  }

  it('asks the providers in order until one answers, and records every attempt and what was paid', async () => {
    fake.replyAlways({ kind: 'error', status: 500 }, forModel('model-a'));
    fake.replyAlways({ kind: 'error', status: 401 }, forModel('model-b'));
    fake.replyAlways(answer('third'), forModel('model-c'));
    fake.replyAlways(answer('fourth'), forModel('model-d'));
    const { chain, leaderOf } = setUp(['model-a', 'model-b', 'model-c', 'model-d']);
    const leader = leaderOf(labelTask());
    const outcome = await chain.answer(leader);
    expect(fake.chatRequests().map((r) => (r.body as ChatRequestBody).model)).toEqual([
      'model-a',
      'model-b',
      'model-c',
    ]);
    expect(outcome).toMatchObject({
      kind: 'result',
      via: 'leader',
      stored: {
        tier: 'provider',
        provider: 'p3',
        model: 'model-c',
        output: { label: 'positive', note: 'third' },
      },
    });
    if (outcome.kind !== 'result') throw new Error('expected a result');
    expect(outcome.stored.attempts?.map((a) => `${a.provider}:${a.outcome}`)).toEqual([
      'p1:server_error',
      'p2:auth',
      'p3:ok',
    ]);
    expect(leader.spend).toEqual({
      usage: { inputTokens: 100, outputTokens: 20 },
      costUsd: (100 * 1 + 20 * 2) / 1e6,
    });
    expect(outcome.stored.usage).toEqual(leader.spend.usage);
  });

  it('uses the model the task prefers for a provider, in the request and in the chain id', async () => {
    fake.replyAlways(answer('preferred'), forModel('model-z'));
    const { chain, leaderOf } = setUp(['model-a']);
    const task = labelTask({ modelPreferences: { byProvider: { p1: 'model-z' } } });
    expect(chain.chainId(task)).toBe('p1:model-z');
    const outcome = await chain.answer(leaderOf(task));
    expect(outcome).toMatchObject({ kind: 'result', stored: { model: 'model-z' } });
  });

  it('calls no provider over budget and answers locally, saying whose budget it was', async () => {
    fake.replyAlways(answer('never'));
    const { chain, leaderOf, telemetry } = setUp(['model-a']);
    const outcome = await chain.answer(
      leaderOf(labelTask(), { tenant: 'acme' }, { status: 'rejected', reason: 'tenant_tokens' }),
    );
    expect(outcome).toMatchObject({
      kind: 'result',
      stored: { tier: 'local', degraded: 'budget', budgetTenant: 'acme', output: { note: 'local' } },
    });
    expect(fake.chatRequests()).toHaveLength(0);
    expect(telemetry.stats.fallbacks).toEqual({ budget: 1 });
  });

  it('defers with the longest delay asked for when every provider is rate-limited and the task prefers waiting', async () => {
    fake.replyAlways({ kind: 'error', status: 429, retryAfterSeconds: 30 }, forModel('model-a'));
    fake.replyAlways({ kind: 'error', status: 429, retryAfterSeconds: 45 }, forModel('model-b'));
    const { chain, leaderOf } = setUp(['model-a', 'model-b']);
    const task = labelTask({ onUnavailable: 'defer' });
    const deferred = await chain.answer(leaderOf(task, { tenant: 'acme', deliveriesLeft: 5 }));
    expect(deferred).toEqual({
      kind: 'deferred',
      retryAfterMs: 45_000,
      reason: 'rate_limited',
      via: 'leader',
    });
    // The bus cannot redeliver: local, marked so; a task that prefers the fallback: local, marked why.
    const low = await chain.answer(leaderOf(task, { tenant: 'acme', deliveriesLeft: 0 }));
    expect(low).toMatchObject({ kind: 'result', stored: { tier: 'local', degraded: 'deliveries_low' } });
    const fallback = await chain.answer(leaderOf(labelTask(), { tenant: 'acme', deliveriesLeft: 5 }));
    expect(fallback).toMatchObject({ kind: 'result', stored: { tier: 'local', degraded: 'rate_limited' } });
    if (fallback.kind === 'result')
      expect(fallback.stored.attempts?.map((a) => a.outcome)).toEqual(['rate_limited', 'rate_limited']);
  });

  it('answers locally with the last failure when a provider fails for good, and counts it per provider', async () => {
    fake.replyAlways({ kind: 'error', status: 429, retryAfterSeconds: 30 }, forModel('model-a'));
    fake.replyAlways({ kind: 'truncated' }, forModel('model-b'));
    const { chain, leaderOf, telemetry } = setUp(['model-a', 'model-b']);
    const outcome = await chain.answer(
      leaderOf(labelTask({ onUnavailable: 'defer' }), { tenant: 'acme', deliveriesLeft: 5 }),
    );
    expect(outcome).toMatchObject({ kind: 'result', stored: { tier: 'local', degraded: 'truncated' } });
    expect(telemetry.stats.fallbacks).toEqual({ truncated: 1 });
  });

  it("propagates the caller's abort instead of moving on to the next provider", async () => {
    fake.replyAlways({ ...answer('slow'), latencyMs: 1_000 } as FakeReply);
    const { chain, leaderOf } = setUp(['model-a', 'model-b']);
    const abort = new AbortController();
    const pending = chain.answer(leaderOf(labelTask(), { tenant: 'acme', signal: abort.signal }));
    abort.abort();
    await expect(pending).rejects.toMatchObject({ kind: 'aborted' });
    expect(fake.chatRequests().map((r) => (r.body as ChatRequestBody).model)).not.toContain('model-b');
  });
});
