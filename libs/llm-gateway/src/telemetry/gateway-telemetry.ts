// GenAI spans and metrics (OpenTelemetry semantic conventions for generative AI) plus the gateway's
// own counters. Instruments are created per gateway, after the telemetry bootstrap has registered
// the meter provider.
import {
  SpanKind,
  SpanStatusCode,
  metrics,
  trace,
  type Attributes,
  type Counter,
  type Histogram,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import type { ChatResponse, LlmProvider } from '../providers/provider.js';
import { ProviderFailure } from '../errors.js';

export interface GatewayStats {
  providerCalls: number;
  cacheHits: number;
  cacheMisses: number;
  eventReplays: number;
  coalesced: number;
  redisUnavailable: number;
  deferrals: number;
  fallbacks: Record<string, number>;
}

export class GatewayTelemetry {
  readonly tracer: Tracer = trace.getTracer('@shopmind/llm-gateway');
  readonly stats: GatewayStats = {
    providerCalls: 0,
    cacheHits: 0,
    cacheMisses: 0,
    eventReplays: 0,
    coalesced: 0,
    redisUnavailable: 0,
    deferrals: 0,
    fallbacks: {},
  };
  private readonly tokenUsage: Histogram;
  private readonly duration: Histogram;
  private readonly cacheLookups: Counter;
  private readonly fallbackCounter: Counter;
  private readonly costCounter: Counter;
  private readonly redisUnavailableCounter: Counter;
  private readonly deferralCounter: Counter;
  private readonly providerErrorCounter: Counter;

  constructor() {
    const meter = metrics.getMeter('@shopmind/llm-gateway');
    this.tokenUsage = meter.createHistogram('gen_ai.client.token.usage', {
      description: 'Measures number of input and output tokens used',
      unit: '{token}',
      advice: { explicitBucketBoundaries: [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576] },
    });
    this.duration = meter.createHistogram('gen_ai.client.operation.duration', {
      description: 'GenAI operation duration',
      unit: 's',
      advice: {
        explicitBucketBoundaries: [
          0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
        ],
      },
    });
    this.cacheLookups = meter.createCounter('shopmind.llm.cache.lookups', {
      description: 'LLM cache lookups by result (hit, miss, bypass)',
    });
    this.fallbackCounter = meter.createCounter('shopmind.llm.fallbacks', {
      description: 'Answers from the local tier, by reason',
    });
    this.costCounter = meter.createCounter('shopmind.llm.cost', {
      description: 'Provider cost',
      unit: 'USD',
    });
    this.redisUnavailableCounter = meter.createCounter('shopmind.llm.redis.unavailable', {
      description: 'Redis operations bypassed because Redis was unavailable',
    });
    this.deferralCounter = meter.createCounter('shopmind.llm.deferrals', {
      description: 'Calls deferred to a later redelivery',
    });
    this.providerErrorCounter = meter.createCounter('shopmind.llm.provider.errors', {
      description: 'Provider calls given up on (after retries), by provider and kind',
    });
    meter
      .createObservableGauge('shopmind.llm.cache.hit_ratio', {
        description: 'Cache hits / lookups since start',
        unit: '1',
      })
      .addCallback((r) => {
        const total = this.stats.cacheHits + this.stats.cacheMisses;
        if (total > 0) r.observe(this.stats.cacheHits / total);
      });
  }

  cacheLookup(task: string, result: 'hit' | 'miss' | 'bypass'): void {
    if (result === 'hit') this.stats.cacheHits++;
    else if (result === 'miss') this.stats.cacheMisses++;
    this.cacheLookups.add(1, { 'shopmind.llm.task': task, result });
  }

  fallback(task: string, reason: string): void {
    this.stats.fallbacks[reason] = (this.stats.fallbacks[reason] ?? 0) + 1;
    this.fallbackCounter.add(1, { 'shopmind.llm.task': task, reason });
  }

  redisUnavailable(operation: string): void {
    this.stats.redisUnavailable++;
    this.redisUnavailableCounter.add(1, { operation });
  }

  deferred(task: string, reason: string): void {
    this.stats.deferrals++;
    this.deferralCounter.add(1, { 'shopmind.llm.task': task, reason });
  }

  /** A provider failed a call for good (retries spent, circuit open, or an answer that would not do). */
  providerError(task: string, provider: string, kind: string): void {
    this.providerErrorCounter.add(1, {
      'shopmind.llm.task': task,
      'shopmind.llm.provider': provider,
      'error.type': kind,
    });
  }

  cost(task: string, provider: string, usd: number): void {
    if (usd > 0) this.costCounter.add(usd, { 'shopmind.llm.task': task, 'gen_ai.provider.name': provider });
  }

  /** Wraps one provider call in a CLIENT span `chat <model>` and records the GenAI metrics. */
  async chatCall(
    provider: LlmProvider,
    model: string,
    task: string,
    call: () => Promise<ChatResponse>,
  ): Promise<ChatResponse> {
    this.stats.providerCalls++;
    const base: Attributes = {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': provider.system,
      'gen_ai.request.model': model,
    };
    return this.tracer.startActiveSpan(
      `chat ${model}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          ...base,
          'shopmind.llm.task': task,
          'shopmind.llm.tier': 'provider',
          'shopmind.llm.cache_hit': false,
          'shopmind.llm.provider': provider.name,
        },
      },
      async (span: Span) => {
        const started = performance.now();
        try {
          const res = await call();
          if (span.isRecording())
            span.setAttributes({
              'gen_ai.response.model': res.model,
              'gen_ai.usage.input_tokens': res.usage.inputTokens,
              'gen_ai.usage.output_tokens': res.usage.outputTokens,
              'gen_ai.response.finish_reasons': [res.finishReason],
            });
          const attrs = { ...base, 'shopmind.llm.task': task, 'gen_ai.response.model': res.model };
          this.duration.record((performance.now() - started) / 1000, attrs);
          this.tokenUsage.record(res.usage.inputTokens, { ...attrs, 'gen_ai.token.type': 'input' });
          this.tokenUsage.record(res.usage.outputTokens, { ...attrs, 'gen_ai.token.type': 'output' });
          return res;
        } catch (err) {
          const type =
            err instanceof ProviderFailure ? err.kind : err instanceof Error ? err.name : 'unknown';
          span.setAttribute('error.type', type);
          span.setStatus({
            code: SpanStatusCode.ERROR,
            message: err instanceof Error ? err.message : String(err),
          });
          this.duration.record((performance.now() - started) / 1000, {
            ...base,
            'shopmind.llm.task': task,
            'error.type': type,
          });
          throw err;
        } finally {
          span.end();
        }
      },
    );
  }
}
