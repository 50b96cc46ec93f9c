// Embeddings from the first provider that answers, each text's vector cached in Redis per model and
// size, the provider's share reserved against the 'embeddings' budget first; else local hashing
// embeddings of the same size. One result never mixes models.
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { BackgroundWork } from '../background-work.js';
import type { BudgetLedger, Reservation } from '../budget/budget-ledger.js';
import type { ResultStore } from '../cache/result-store.js';
import { ZERO_USAGE } from '../call/gateway-call.js';
import type { ProviderChain } from '../chain/provider-chain.js';
import type { ChainEntry } from '../chain/structured-call.js';
import type { GatewayConfig } from '../config.js';
import { ProviderFailure } from '../errors.js';
import type { EmbedResult } from '../gateway-types.js';
import type { EmbedResponse } from '../providers/provider.js';
import { Redaction } from '../redaction/redactor.js';
import type { GatewayTelemetry } from '../telemetry/gateway-telemetry.js';
import { hashingEmbedding } from './hashing-embedder.js';

/** Budget and metric name of embedding calls. */
export const EMBEDDINGS = 'embeddings';

export interface EmbedOptions {
  tenant: string;
  signal?: AbortSignal;
}

export interface EmbeddingsDeps {
  config: GatewayConfig;
  chain: ProviderChain;
  store: ResultStore;
  budget: BudgetLedger;
  telemetry: GatewayTelemetry;
  background: BackgroundWork;
  /** Connects Redis on the first call when the caller forgot start(). */
  ensureStarted(): Promise<void> | undefined;
}

/** One `embed` request, as it travels from provider to provider. */
interface EmbeddingCall {
  readonly texts: string[];
  readonly options: EmbedOptions;
  readonly started: number;
  readonly dims: number;
  /** Seconds a cached vector lives; 0: the cache is off. */
  readonly ttl: number;
  /** The providers with an embedding model, in chain order. */
  readonly entries: ChainEntry[];
  /** Reserved once, on the first provider that has texts to send; reconciled at the end. */
  reservation?: Reservation;
  readonly spend: { tokens: number; usd: number };
}

/** The texts one provider is asked for: those not cached for its model, each redacted on its own. */
interface EmbeddingBatch {
  entry: ChainEntry;
  model: string;
  /** Positions in the call's texts. */
  missing: number[];
  redacted: string[];
  /** Cache key per text (empty with the cache off). */
  keys: string[];
  /** Per text: its cached vector, filled in with the provider's. */
  vectors: Array<number[] | undefined>;
}

export class Embeddings {
  constructor(private readonly deps: EmbeddingsDeps) {}

  async embed(texts: string[], options: EmbedOptions): Promise<EmbedResult> {
    const started = performance.now();
    const { config, chain } = this.deps;
    const entries = chain.entries.filter((e) => e.provider.embed);
    const ttl = config.cacheEnabled ? config.embeddingCacheTtlSeconds : 0;
    const dims = config.embeddingDimensions;
    const call: EmbeddingCall = { texts, options, started, dims, ttl, entries, spend: { tokens: 0, usd: 0 } };
    if (entries.length === 0)
      return this.local(call, chain.length ? 'no_embedding_provider' : 'not_configured');
    const starting = this.deps.ensureStarted();
    if (starting) await starting;
    let degraded = 'no_embedding_provider';
    try {
      for (const entry of entries) {
        const answer = await this.fromProvider(call, entry);
        if (typeof answer !== 'string') return answer;
        degraded = answer;
      }
    } finally {
      if (call.reservation) this.deps.budget.reconcile(call.reservation, call.spend.tokens, call.spend.usd);
    }
    return this.local(call, degraded);
  }

  /** The cached vectors of this provider's model, the rest asked of it; a string: why it failed. */
  private async fromProvider(call: EmbeddingCall, entry: ChainEntry): Promise<EmbedResult | string> {
    const { store, telemetry, budget } = this.deps;
    const { texts, dims, ttl } = call;
    const model = entry.provider.embeddingModel ?? entry.config.model;
    const keys = ttl > 0 ? texts.map((t) => store.embeddingKey(model, dims, t)) : [];
    const stored = ttl > 0 ? await store.getMany(keys, 'embedding.get') : [];
    const vectors = texts.map((_, i) =>
      stored === 'unavailable' ? undefined : parseVector(stored[i], dims),
    );
    const missing = vectors.flatMap((v, i) => (v ? [] : [i]));
    if (ttl > 0)
      telemetry.cacheLookup(
        EMBEDDINGS,
        stored === 'unavailable' ? 'bypass' : missing.length ? 'miss' : 'hit',
      );
    if (missing.length === 0)
      return {
        vectors: vectors as number[][],
        source: { tier: 'cache', provider: entry.config.name, model, cached: texts.length },
        usage: ZERO_USAGE,
        costUsd: 0,
        latencyMs: performance.now() - call.started,
      };
    // Each text redacted on its own: the same text always sends (and caches) the same input.
    const redacted = missing.map((i) => new Redaction().redact(texts[i]!));
    if (!call.reservation) {
      const tokens = redacted.reduce((n, t) => n + Math.ceil(t.length / 4), 0);
      const usd = call.entries.reduce((p, e) => Math.max(p, (tokens * e.config.price.input) / 1e6), 0);
      call.reservation = await budget.reserve(call.options.tenant, EMBEDDINGS, tokens, usd);
      if (call.reservation.status === 'rejected') return this.local(call, 'budget');
    }
    return this.ask(call, { entry, model, missing, redacted, keys, vectors });
  }

  /** Sends the batch; a valid answer is cached in the background and returned with the cached vectors. */
  private async ask(call: EmbeddingCall, batch: EmbeddingBatch): Promise<EmbedResult | string> {
    const { store, telemetry } = this.deps;
    const { entry, missing, keys, vectors } = batch;
    let degraded: string;
    try {
      const res = await entry.policy.execute(
        (signal) => this.request(call, batch, signal),
        call.options.signal,
      );
      const costUsd = (res.usage.inputTokens * entry.config.price.input) / 1e6;
      call.spend.tokens += res.usage.inputTokens;
      call.spend.usd += costUsd;
      telemetry.cost(EMBEDDINGS, entry.config.name, costUsd);
      if (res.vectors.length === missing.length && res.vectors.every((v) => v.length === call.dims)) {
        missing.forEach((at, n) => (vectors[at] = res.vectors[n]));
        if (call.ttl > 0)
          this.deps.background.add(
            store.setMany(
              missing.map((at, n) => [keys[at]!, JSON.stringify(res.vectors[n])]),
              call.ttl,
              'embedding.set',
            ),
          );
        return {
          vectors: vectors as number[][],
          source: {
            tier: 'provider',
            provider: entry.config.name,
            model: res.model,
            cached: call.texts.length - missing.length,
          },
          usage: res.usage,
          costUsd,
          latencyMs: performance.now() - call.started,
        };
      }
      degraded = 'invalid_output';
    } catch (err) {
      if (err instanceof ProviderFailure && err.kind === 'aborted' && call.options.signal?.aborted) throw err;
      degraded = err instanceof ProviderFailure ? err.kind : 'server_error';
    }
    telemetry.providerError(EMBEDDINGS, entry.config.name, degraded);
    return degraded;
  }

  /** One attempt, in an `embeddings <model>` CLIENT span. */
  private request(call: EmbeddingCall, batch: EmbeddingBatch, signal: AbortSignal): Promise<EmbedResponse> {
    const { entry, model } = batch;
    return this.deps.telemetry.tracer.startActiveSpan(
      `embeddings ${model}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'gen_ai.operation.name': 'embeddings',
          'gen_ai.provider.name': entry.provider.system,
          'gen_ai.request.model': model,
          'shopmind.llm.tier': 'provider',
          'shopmind.llm.tenant': call.options.tenant,
        },
      },
      async (span) => {
        try {
          const r = await entry.provider.embed!(batch.redacted, call.dims, signal);
          span.setAttributes({
            'gen_ai.response.model': r.model,
            'gen_ai.usage.input_tokens': r.usage.inputTokens,
          });
          return r;
        } catch (err) {
          span.setAttribute('error.type', err instanceof ProviderFailure ? err.kind : 'unknown');
          span.setStatus({ code: SpanStatusCode.ERROR });
          throw err;
        } finally {
          span.end();
        }
      },
    );
  }

  private local(call: EmbeddingCall, degraded: string): EmbedResult {
    this.deps.telemetry.fallback(EMBEDDINGS, degraded);
    return {
      vectors: call.texts.map((t) => hashingEmbedding(t, this.deps.config.embeddingDimensions)),
      source: { tier: 'local', degraded },
      usage: ZERO_USAGE,
      costUsd: 0,
      latencyMs: performance.now() - call.started,
    };
  }
}

/** A cached vector of the wrong size or shape (another configuration wrote it) counts as a miss. */
export function parseVector(value: string | null | undefined, dims: number): number[] | undefined {
  if (!value) return undefined;
  try {
    const v = JSON.parse(value) as unknown;
    return Array.isArray(v) && v.length === dims && v.every((x) => typeof x === 'number')
      ? (v as number[])
      : undefined;
  } catch {
    return undefined;
  }
}
