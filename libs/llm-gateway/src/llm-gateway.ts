// The gateway's facade: runs a task through event replay and the exact cache → single flight →
// budget → providers in order (retries, breakers, structured output, one repair) → local tier, and
// says where every answer came from. The stages live in call/, flight/, chain/ and embedding/; each
// receives the one GatewayCall that `run` builds per request.
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import {
  createRedisConnection,
  duplicateRedisConnection,
  type RedisConnection,
  type RedisEndpoint,
} from '@shopmind/redis';
import { BackgroundWork } from './background-work.js';
import { BudgetLedger, type Spend } from './budget/budget-ledger.js';
import { FlightNotifier } from './cache/flight-notifier.js';
import { ResultStore } from './cache/result-store.js';
import { hitReason, type GatewayCall } from './call/gateway-call.js';
import { TaskCompiler } from './call/task-compiler.js';
import { LocalTier } from './chain/local-tier.js';
import { ProviderChain } from './chain/provider-chain.js';
import { loadGatewayConfig, type GatewayConfig } from './config.js';
import { Embeddings, type EmbedOptions } from './embedding/embeddings.js';
import { LlmDeferred } from './errors.js';
import { fromStored } from './flight/flight-outcome.js';
import { ResultLookup } from './flight/result-lookup.js';
import { SingleFlight, type FlightResult } from './flight/single-flight.js';
import type { EmbedResult, ResultSource, RunOptions, RunResult } from './gateway-types.js';
import { DeferralGate } from './resilience/deferral-gate.js';
import type { LlmTask } from './task.js';
import { GatewayTelemetry, type GatewayStats } from './telemetry/gateway-telemetry.js';

export type {
  AttemptRecord,
  EmbedResult,
  ResultSource,
  RunOptions,
  RunResult,
  Tier,
} from './gateway-types.js';

export interface LlmGatewayOptions {
  config: GatewayConfig;
  /** A shared connection; when omitted one is created from config.redis / config.redisUrl (if any). */
  redis?: RedisConnection;
}

export class LlmGateway {
  readonly config: GatewayConfig;
  private readonly telemetry = new GatewayTelemetry();
  private readonly background = new BackgroundWork();
  private readonly chain: ProviderChain;
  private readonly compiler: TaskCompiler;
  private readonly local: LocalTier;
  private readonly deferrals: DeferralGate;
  private readonly redis: RedisConnection | undefined;
  private readonly subscriber: RedisConnection | undefined;
  private readonly ownsRedis: boolean;
  /** A client handed in by the caller: used by eraseSubject even when no provider is configured. */
  private readonly sharedRedis: RedisConnection | undefined;
  private readonly store: ResultStore;
  private readonly budget: BudgetLedger;
  private readonly notifier: FlightNotifier;
  private readonly lookup: ResultLookup;
  private readonly flight: SingleFlight;
  private readonly embeddings: Embeddings;
  private starting: Promise<void> | undefined;

  /** Configuration from the environment (see README); throws GatewayConfigError naming every wrong setting. */
  static fromEnv(env: Record<string, string | undefined> = process.env, redis?: RedisConnection): LlmGateway {
    return new LlmGateway({ config: loadGatewayConfig(env), redis });
  }

  constructor(options: LlmGatewayOptions) {
    this.config = options.config;
    const telemetry = this.telemetry;
    this.local = new LocalTier(telemetry);
    this.deferrals = new DeferralGate(this.config.defer, telemetry);
    this.chain = new ProviderChain(this.config, { telemetry, local: this.local, deferrals: this.deferrals });
    this.compiler = new TaskCompiler((task) => this.chain.chainId(task));
    // Without a provider every answer is local: cache, flights, event results and budgets have
    // nothing to hold, so no Redis connection is opened (and no reconnect timer outlives close()).
    const needsRedis = this.chain.length > 0;
    const endpoint: RedisEndpoint | undefined =
      this.config.redis ?? (this.config.redisUrl ? { kind: 'single', url: this.config.redisUrl } : undefined);
    this.ownsRedis = needsRedis && !options.redis && !!endpoint;
    this.sharedRedis = options.redis;
    this.redis = !needsRedis
      ? undefined
      : (options.redis ??
        (endpoint
          ? createRedisConnection(endpoint, {
              // Fail fast while Redis is away: the gateway bypasses it rather than waiting.
              enableOfflineQueue: false,
              maxRetriesPerRequest: 1,
              connectTimeout: 2_000,
              // A Redis that stops answering is dropped after 1 s (then bypassed until it is back).
              socketTimeout: 1_000,
              lazyConnect: true,
              retryStrategy: (times) => Math.min(100 * times, 2_000),
              enableReadyCheck: true,
            })
          : undefined));
    this.redis?.on('error', () => undefined); // reported through the bypass counter instead
    this.subscriber =
      this.redis &&
      duplicateRedisConnection(this.redis, {
        enableOfflineQueue: true,
        socketTimeout: undefined,
        lazyConnect: true,
      });
    this.subscriber?.on('error', () => undefined);
    const onUnavailable = (op: string): void => telemetry.redisUnavailable(op);
    const { config, chain, local, background } = this;
    const store = (this.store = new ResultStore(this.redis, config.keyPrefix, onUnavailable));
    const budget = (this.budget = new BudgetLedger(
      this.redis,
      config.keyPrefix,
      config.budgets,
      onUnavailable,
    ));
    const notifier = (this.notifier = new FlightNotifier(this.subscriber, store.channel));
    this.lookup = new ResultLookup({ config, store, telemetry });
    this.flight = new SingleFlight({ config, store, budget, notifier, chain, local, background, telemetry });
    this.embeddings = new Embeddings({
      config,
      chain,
      store,
      budget,
      telemetry,
      background,
      ensureStarted: () => (this.starting ? undefined : this.start()),
    });
  }

  /** Connects to Redis (when configured). A Redis that cannot be reached is not fatal: it is bypassed. */
  start(): Promise<void> {
    this.starting ??= this.connect();
    return this.starting;
  }

  private async connect(): Promise<void> {
    if (!this.redis) return;
    const connect = async (r: RedisConnection): Promise<void> => {
      if (r.status === 'wait') await r.connect().catch(() => undefined);
    };
    await Promise.all([connect(this.redis), connect(this.subscriber!)]);
    await this.notifier.start();
    // After a reconnect the subscription is restored by ioredis (autoResubscribe).
    this.subscriber!.on('ready', () => void this.notifier.start());
  }

  async close(): Promise<void> {
    await Promise.all([this.background.settled(), this.budget.flush()]);
    const shut = async (r: RedisConnection | undefined): Promise<void> => {
      if (!r) return;
      if (r.status === 'ready') await r.quit().catch(() => r.disconnect());
      else r.disconnect();
    };
    await Promise.all([shut(this.subscriber), this.ownsRedis ? shut(this.redis) : undefined]);
  }

  /** 'local-only' when no provider is configured: every answer comes from the local tier, marked so. */
  get mode(): 'providers' | 'local-only' {
    return this.chain.length ? 'providers' : 'local-only';
  }

  /** Circuit state per provider: closed, open (not called), half-open (a probe is in flight). */
  circuits(): Record<string, 'closed' | 'open' | 'half-open'> {
    return this.chain.circuits();
  }

  stats(): GatewayStats {
    return { ...this.telemetry.stats, fallbacks: { ...this.telemetry.stats.fallbacks } };
  }

  /** Spend so far today for a tenant (and one task), as recorded in the budget ledger. */
  spentToday(tenant: string, task: string): Promise<Spend> {
    return this.budget.spentToday(tenant, task);
  }

  /** The cache key a request would use (for explaining hits and for operations). */
  keyFor<I, O>(task: LlmTask<I, O>, input: I, tenant: string): string {
    return this.compiler.identify(task, input, tenant).cacheKey;
  }

  async run<I, O>(task: LlmTask<I, O>, input: I, options: RunOptions): Promise<RunResult<O>> {
    const started = performance.now();
    const { compiled, cacheKey } = this.compiler.identify(task, input, options.tenant);
    const span = this.telemetry.tracer.startSpan(`llm ${task.name}`, {
      kind: SpanKind.INTERNAL,
      attributes: {
        'shopmind.llm.task': task.name,
        'shopmind.llm.task_version': task.version,
        'shopmind.llm.cache_key': cacheKey,
      },
    });
    const call: GatewayCall<I, O> = {
      task,
      input,
      options,
      compiled,
      cacheKey,
      span,
      keys: this.store.keysFor(cacheKey),
      cacheable: this.config.cacheEnabled && task.cacheTtlSeconds > 0,
      eventKey: options.eventId ? this.store.eventKey(options.tenant, task.name, options.eventId) : undefined,
      keep: true,
    };
    try {
      const result = await context.with(trace.setSpan(context.active(), span), () => this.runTraced(call));
      result.latencyMs = performance.now() - started;
      // Attribute objects are only built when someone records them.
      if (span.isRecording()) {
        span.setAttributes({
          'shopmind.llm.tier': result.source.tier,
          'shopmind.llm.cache_hit': result.source.tier === 'cache',
          ...(result.source.provider ? { 'gen_ai.provider.name': result.source.provider } : {}),
          ...(result.source.model ? { 'gen_ai.response.model': result.source.model } : {}),
          ...(result.source.degraded ? { 'shopmind.llm.degraded': result.source.degraded } : {}),
          ...(result.source.coalesced ? { 'shopmind.llm.coalesced': true } : {}),
          'shopmind.llm.cost_usd': result.costUsd,
        });
      }
      return result;
    } catch (err) {
      if (err instanceof LlmDeferred)
        span.setAttributes({
          'shopmind.llm.deferred_ms': err.retryAfterMs,
          'shopmind.llm.degraded': err.reason,
        });
      else
        span.setStatus({
          code: SpanStatusCode.ERROR,
          message: err instanceof Error ? err.message : String(err),
        });
      throw err;
    } finally {
      span.end();
    }
  }

  /** The pipeline: stored event result or cache hit, else the flight's outcome as this caller's result. */
  private async runTraced<I, O>(call: GatewayCall<I, O>): Promise<RunResult<O>> {
    if (this.chain.length === 0) return this.local.result(call, 'not_configured');
    // A caller that forgot start() still gets Redis, from its first call on.
    if (!this.starting) await this.start();
    const { subject, tenant } = call.options;
    // Sent before the lookups, on the same connection: what this run may write is listed first.
    const listed = subject ? this.lookup.listSubject(call, subject) : undefined;
    const found = await this.lookup.find(call);
    if (found) return found;
    // A customer's answer that could not be listed for erasure is not kept: no cache entry, no
    // stored event result (the flight's outcome lives LLM_FLIGHT_RESULT_TTL_MS).
    call.keep = listed === undefined || (await listed);
    const flight = await this.flight.join(call);
    const { outcome } = flight;
    if (
      flight.joined &&
      outcome.kind === 'result' &&
      outcome.stored.budgetTenant !== undefined &&
      outcome.stored.budgetTenant !== tenant
    ) {
      // Joined a flight whose leader was over its own tenant's budget (a shareable task): this
      // caller's tenant may well be within budget, so it runs on its own account (the leader
      // already released the flight, so the next identical request leads).
      return this.runTraced(call);
    }
    const result = await this.resultOf(call, flight);
    await this.lookup.keepForEvent(call, result);
    return result;
  }

  /** Turns a flight's outcome into this caller's result; only the caller that paid reports the cost. */
  private async resultOf<I, O>(call: GatewayCall<I, O>, flight: FlightResult): Promise<RunResult<O>> {
    const { outcome, joined } = flight;
    const follower = joined || outcome.via === 'follower';
    if (follower) this.telemetry.stats.coalesced += joined ? 0 : 1;
    if (outcome.kind === 'result') {
      // Written by another request between our lookup and our lease: still an exact hit, explained.
      if (outcome.via === 'cache')
        trace.getActiveSpan()?.setAttribute('shopmind.llm.cache_reason', hitReason(call));
      const source: ResultSource =
        outcome.via === 'cache'
          ? { tier: 'cache', cacheHit: 'exact' }
          : { tier: outcome.stored.tier, ...(follower ? { coalesced: true } : {}) };
      return fromStored(call, outcome.stored, { source, paid: !follower && outcome.via !== 'cache' });
    }
    if (this.deferrals.allows(call.options)) {
      this.deferrals.note(call.task.name, outcome.reason, outcome.retryAfterMs);
      throw new LlmDeferred(
        `${call.task.name}: every provider unavailable (${outcome.reason}); retry in ${outcome.retryAfterMs} ms`,
        outcome.retryAfterMs,
        outcome.reason,
      );
    }
    return this.local.result(call, 'deliveries_low');
  }

  /**
   * Erasure: deletes every cache entry, finished flight and stored event result computed from the
   * subject's text in this tenant (as listed by runs with `subject`), then the list. An entry of a
   * shareable task is deleted for every tenant: it is recomputed on the next request. Idempotent;
   * resolves how many keys it deleted. Fails with a TransientError while Redis is unreachable.
   */
  async eraseSubject(tenant: string, subject: string): Promise<number> {
    if (!subject) return 0;
    if (!this.starting) await this.start();
    return this.store.eraseSubject(tenant, subject, this.sharedRedis);
  }

  /**
   * Embeddings from the first provider that answers, each text's vector cached in Redis per model
   * and size, the provider's share reserved against the 'embeddings' budget first; else local
   * hashing embeddings of the same size. One result never mixes models.
   */
  embed(texts: string[], options: EmbedOptions): Promise<EmbedResult> {
    return this.embeddings.embed(texts, options);
  }
}
