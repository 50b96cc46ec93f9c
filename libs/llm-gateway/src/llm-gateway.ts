// The gateway: runs a task through cache → single flight → budget → providers (with retries,
// breakers, structured output and one repair) → local tier, and says where every answer came from.
import { randomUUID } from 'node:crypto';
import { SpanKind, SpanStatusCode, context, trace, type Span } from '@opentelemetry/api';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { BudgetLedger, type Reservation, type Spend } from './budget/budget-ledger.js';
import { FlightNotifier } from './cache/flight-notifier.js';
import { FLIGHT_RELEASED } from './cache/redis-scripts.js';
import { ResultStore, type AcquireOutcome, type FlightKeys } from './cache/result-store.js';
import { canonicalJson, canonicalNormalisedJson, sha256Hex } from './canonical-json.js';
import { loadGatewayConfig, type GatewayConfig, type ProviderConfig } from './config.js';
import { hashingEmbedding } from './embedding/hashing-embedder.js';
import { LlmDeferred, ProviderFailure, type ProviderFailureKind } from './errors.js';
import { buildMessages, type ChatMessage } from './prompt/data-block.js';
import { createProvider } from './providers/create-provider.js';
import type { ChatResponse, EmbedResponse, LlmProvider, TokenUsage } from './providers/provider.js';
import { Redaction } from './redaction/redactor.js';
import { ProviderPolicy } from './resilience/provider-policy.js';
import type { LlmTask } from './task.js';
import { GatewayTelemetry, type GatewayStats } from './telemetry/gateway-telemetry.js';

export type Tier = 'cache' | 'provider' | 'local';

export interface RunOptions {
  tenant: string;
  /** The event being handled; a redelivery of it gets the stored result, never a second call. */
  eventId?: string;
  signal?: AbortSignal;
  /** Deliveries the bus still allows for this event; deferral needs it and falls back when it runs low. */
  deliveriesLeft?: number;
  /** False when the bus has no room for another delayed redelivery. */
  canDefer?: boolean;
  /**
   * The customer whose text the input holds (a reviewer's user id). What the gateway keeps from this
   * run in Redis (cache entry, finished flight, the event's stored result) is listed under them, so
   * `eraseSubject(tenant, subject)` can delete it.
   */
  subject?: string;
}

export interface AttemptRecord {
  provider: string;
  model: string;
  outcome: 'ok' | ProviderFailureKind | 'repaired';
}

export interface ResultSource {
  tier: Tier;
  provider?: string;
  model?: string;
  /** Why a lesser tier answered: 'budget', 'not_configured', a provider failure kind, 'deliveries_low', … */
  degraded?: string;
  /** For tier 'cache': an exact cache hit, or the stored result of this very event. */
  cacheHit?: 'exact' | 'event';
  /** True when another identical request (here or in another replica) made the call. */
  coalesced?: boolean;
  attempts?: AttemptRecord[];
}

export interface RunResult<O> {
  output: O;
  source: ResultSource;
  usage: TokenUsage;
  costUsd: number;
  latencyMs: number;
  cacheKey: string;
}

export interface EmbedResult {
  vectors: number[][];
  source: {
    tier: 'cache' | 'provider' | 'local';
    provider?: string;
    model?: string;
    degraded?: string;
    /** How many of the vectors came from the cache (the rest from the provider). */
    cached?: number;
  };
  usage: TokenUsage;
  costUsd: number;
  latencyMs: number;
}

export interface LlmGatewayOptions {
  config: GatewayConfig;
  /** A shared ioredis client; when omitted one is created from config.redisUrl (if any). */
  redis?: Redis;
}

/** What a flight produced, shared by every caller that coalesced on it. */
interface StoredResult {
  output: unknown;
  tier: 'provider' | 'local';
  provider?: string;
  model?: string;
  degraded?: string;
  usage: TokenUsage;
  costUsd: number;
  attempts?: AttemptRecord[];
  /** For degraded 'budget': whose budget was spent; callers of other tenants ask again on their own. */
  budgetTenant?: string;
}

/** `leader`: set on an outcome kept for the followers of that lease holder only (see execute). */
type FlightOutcome =
  | { kind: 'result'; stored: StoredResult; via: 'leader' | 'follower' | 'cache'; leader?: string }
  | { kind: 'deferred'; retryAfterMs: number; reason: string; via: 'leader' | 'follower'; leader?: string };

interface CompiledTask {
  /** Canonical JSON of the key's fixed fields, split around the input and tenant. */
  keyHead: string;
  schemaName: string;
  jsonSchema: Record<string, unknown>;
  schemaHash: string;
  chainId: string;
}

interface ChainEntry {
  provider: LlmProvider;
  config: ProviderConfig;
  policy: ProviderPolicy;
}

const ZERO: TokenUsage = { inputTokens: 0, outputTokens: 0 };
/** Budget and metric name of embedding calls. */
const EMBEDDINGS = 'embeddings';

export class LlmGateway {
  readonly config: GatewayConfig;
  private readonly chain: ChainEntry[];
  private readonly telemetry = new GatewayTelemetry();
  private readonly redis: Redis | undefined;
  private readonly subscriber: Redis | undefined;
  private readonly ownsRedis: boolean;
  /** A client handed in by the caller: used by eraseSubject even when no provider is configured. */
  private readonly sharedRedis: Redis | undefined;
  private readonly store: ResultStore;
  private readonly budget: BudgetLedger;
  private readonly notifier: FlightNotifier;
  private readonly flights = new Map<string, Promise<FlightOutcome>>();
  private readonly compiled = new WeakMap<object, CompiledTask>();
  private outstandingDeferrals = 0;
  private readonly background = new Set<Promise<unknown>>();
  private starting: Promise<void> | undefined;

  /** Configuration from the environment (see README); throws GatewayConfigError naming every wrong setting. */
  static fromEnv(env: Record<string, string | undefined> = process.env, redis?: Redis): LlmGateway {
    return new LlmGateway({ config: loadGatewayConfig(env), redis });
  }

  constructor(options: LlmGatewayOptions) {
    this.config = options.config;
    this.chain = this.config.providers.map((c) => ({
      provider: createProvider(c),
      config: c,
      policy: new ProviderPolicy(c.name, c),
    }));
    // Without a provider every answer is local: cache, flights, event results and budgets have
    // nothing to hold, so no Redis connection is opened (and no reconnect timer outlives close()).
    const needsRedis = this.chain.length > 0;
    this.ownsRedis = needsRedis && !options.redis && !!this.config.redisUrl;
    this.sharedRedis = options.redis;
    this.redis = !needsRedis
      ? undefined
      : (options.redis ??
        (this.config.redisUrl
          ? new Redis(this.config.redisUrl, {
              // Fail fast while Redis is away: the gateway bypasses it rather than waiting.
              enableOfflineQueue: false,
              maxRetriesPerRequest: 1,
              connectTimeout: 2_000,
              // A Redis that stops answering is dropped after 1 s (then bypassed until it is back).
              socketTimeout: 1_000,
              lazyConnect: true,
              retryStrategy: (times) => Math.min(100 * times, 2_000),
            })
          : undefined));
    this.redis?.on('error', () => undefined); // reported through the bypass counter instead
    this.subscriber = this.redis?.duplicate({
      enableOfflineQueue: true,
      socketTimeout: undefined,
      lazyConnect: true,
    });
    this.subscriber?.on('error', () => undefined);
    const onUnavailable = (op: string): void => this.telemetry.redisUnavailable(op);
    this.store = new ResultStore(this.redis, this.config.keyPrefix, onUnavailable);
    this.budget = new BudgetLedger(this.redis, this.config.keyPrefix, this.config.budgets, onUnavailable);
    this.notifier = new FlightNotifier(this.subscriber, this.store.channel);
  }

  /** Connects to Redis (when configured). A Redis that cannot be reached is not fatal: it is bypassed. */
  start(): Promise<void> {
    this.starting ??= this.connect();
    return this.starting;
  }

  private async connect(): Promise<void> {
    if (!this.redis) return;
    const connect = async (r: Redis): Promise<void> => {
      if (r.status === 'wait') await r.connect().catch(() => undefined);
    };
    await Promise.all([connect(this.redis), connect(this.subscriber!)]);
    await this.notifier.start();
    // After a reconnect the subscription is restored by ioredis (autoResubscribe).
    this.subscriber!.on('ready', () => void this.notifier.start());
  }

  async close(): Promise<void> {
    await Promise.all([...this.background, this.budget.flush()]);
    const shut = async (r: Redis | undefined): Promise<void> => {
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
    return Object.fromEntries(this.chain.map((e) => [e.config.name, e.policy.circuit]));
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
    return this.cacheKeyOf(task, this.compile(task), input, tenant);
  }

  async run<I, O>(task: LlmTask<I, O>, input: I, options: RunOptions): Promise<RunResult<O>> {
    const started = performance.now();
    const compiled = this.compile(task);
    const cacheKey = this.cacheKeyOf(task, compiled, input, options.tenant);
    const span = this.telemetry.tracer.startSpan(`llm ${task.name}`, {
      kind: SpanKind.INTERNAL,
      attributes: {
        'shopmind.llm.task': task.name,
        'shopmind.llm.task_version': task.version,
        'shopmind.llm.cache_key': cacheKey,
      },
    });
    try {
      const result = await context.with(trace.setSpan(context.active(), span), () =>
        this.runTraced(task, compiled, input, options, cacheKey, span),
      );
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

  private async runTraced<I, O>(
    task: LlmTask<I, O>,
    compiled: CompiledTask,
    input: I,
    options: RunOptions,
    cacheKey: string,
    span: Span,
  ): Promise<RunResult<O>> {
    if (this.chain.length === 0) return this.localResult(task, input, 'not_configured', cacheKey);
    // A caller that forgot start() still gets Redis, from its first call on.
    if (!this.starting) await this.start();
    const keys = this.store.keysFor(cacheKey);
    const cacheable = this.config.cacheEnabled && task.cacheTtlSeconds > 0;
    const eventKey = options.eventId
      ? this.store.eventKey(options.tenant, task.name, options.eventId)
      : undefined;
    // Sent before the lookups, on the same connection: what this run may write is listed first.
    const indexed = options.subject
      ? this.indexSubject(task, options.tenant, options.subject, keys, cacheable, eventKey)
      : undefined;

    // Usually one GET; two in parallel when an event id is given.
    const [event, cached] = eventKey
      ? await Promise.all([
          this.store.get(eventKey, 'event.get'),
          cacheable ? this.store.get(keys.cache, 'cache.get') : null,
        ])
      : [null, cacheable ? await this.store.get(keys.cache, 'cache.get') : null];
    const replay = event && event !== 'unavailable' ? parseStored(event) : undefined;
    if (replay) {
      this.telemetry.stats.eventReplays++;
      span.setAttribute('shopmind.llm.cache_reason', `stored result of event ${options.eventId}`);
      return this.fromStored(replay, { tier: 'cache', cacheHit: 'event' }, cacheKey, false);
    }
    if (cacheable) {
      const hit = cached && cached !== 'unavailable' ? parseStored(cached) : undefined;
      if (hit) {
        this.telemetry.cacheLookup(task.name, 'hit');
        if (span.isRecording())
          span.setAttribute('shopmind.llm.cache_reason', hitReason(task, compiled, options.tenant));
        return this.fromStored(hit, { tier: 'cache', cacheHit: 'exact' }, cacheKey, false);
      }
      this.telemetry.cacheLookup(task.name, cached === 'unavailable' ? 'bypass' : 'miss');
    }

    // A customer's answer that could not be listed for erasure is not kept: no cache entry, no
    // stored event result (the flight's outcome lives LLM_FLIGHT_RESULT_TTL_MS).
    const keep = indexed === undefined || (await indexed);
    let flight = this.flights.get(cacheKey);
    const joined = flight !== undefined;
    if (!flight) {
      flight = this.lead(task, compiled, input, options, keys, cacheable && keep);
      this.flights.set(cacheKey, flight);
      const forget = (): void => void this.flights.delete(cacheKey);
      flight.then(forget, forget);
    } else {
      this.telemetry.stats.coalesced++;
    }
    const outcome = await flight;
    if (
      joined &&
      outcome.kind === 'result' &&
      outcome.stored.budgetTenant !== undefined &&
      outcome.stored.budgetTenant !== options.tenant
    ) {
      // Joined a flight whose leader was over its own tenant's budget (a shareable task): this
      // caller's tenant may well be within budget, so it runs on its own account (the leader
      // already released the flight, so the next identical request leads).
      return this.runTraced(task, compiled, input, options, cacheKey, span);
    }
    const result = await this.resultOf(task, input, options, outcome, joined, cacheKey);
    // Only a model's answer is stored for the event: a local answer costs nothing to recompute, and
    // a redelivery should get the model's answer when the provider is back, not a replay labelled cache.
    if (eventKey && keep && result.source.tier === 'provider') {
      const stored: StoredResult = {
        output: result.output,
        tier: result.source.tier,
        provider: result.source.provider,
        model: result.source.model,
        degraded: result.source.degraded,
        usage: result.usage,
        costUsd: result.costUsd,
      };
      await this.store.set(eventKey, JSON.stringify(stored), this.config.eventResultTtlSeconds, 'event.set');
    }
    return result;
  }

  /** Lists the keys a run for `subject` may write, for as long as the longest of them lives. */
  private indexSubject<I, O>(
    task: LlmTask<I, O>,
    tenant: string,
    subject: string,
    keys: FlightKeys,
    cacheable: boolean,
    eventKey: string | undefined,
  ): Promise<boolean> {
    const listed = [keys.result, ...(cacheable ? [keys.cache] : []), ...(eventKey ? [eventKey] : [])];
    const ttl = Math.max(
      Math.ceil(this.config.flightResultTtlMs / 1000),
      cacheable ? task.cacheTtlSeconds : 0,
      eventKey ? this.config.eventResultTtlSeconds : 0,
    );
    return this.store.index(tenant, subject, listed, ttl);
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

  /** Turns a flight's outcome into this caller's result; only the caller that paid reports the cost. */
  private async resultOf<I, O>(
    task: LlmTask<I, O>,
    input: I,
    options: RunOptions,
    outcome: FlightOutcome,
    joined: boolean,
    cacheKey: string,
  ): Promise<RunResult<O>> {
    const follower = joined || outcome.via === 'follower';
    if (follower) this.telemetry.stats.coalesced += joined ? 0 : 1;
    if (outcome.kind === 'result') {
      // Written by another request between our lookup and our lease: still an exact hit, explained.
      if (outcome.via === 'cache')
        trace
          .getActiveSpan()
          ?.setAttribute('shopmind.llm.cache_reason', hitReason(task, this.compile(task), options.tenant));
      const source: ResultSource =
        outcome.via === 'cache'
          ? { tier: 'cache', cacheHit: 'exact' }
          : { tier: outcome.stored.tier, ...(follower ? { coalesced: true } : {}) };
      return this.fromStored(outcome.stored, source, cacheKey, !follower && outcome.via !== 'cache');
    }
    if (this.canDefer(options)) {
      this.noteDeferral(task.name, outcome.reason, outcome.retryAfterMs);
      throw new LlmDeferred(
        `${task.name}: every provider unavailable (${outcome.reason}); retry in ${outcome.retryAfterMs} ms`,
        outcome.retryAfterMs,
        outcome.reason,
      );
    }
    return this.localResult(task, input, 'deliveries_low', cacheKey);
  }

  private fromStored<O>(
    stored: StoredResult,
    source: ResultSource,
    cacheKey: string,
    paid: boolean,
  ): RunResult<O> {
    return {
      output: stored.output as O,
      source: {
        ...source,
        ...(stored.provider ? { provider: stored.provider } : {}),
        ...(stored.model ? { model: stored.model } : {}),
        ...(stored.degraded ? { degraded: stored.degraded } : {}),
        ...(stored.attempts && paid ? { attempts: stored.attempts } : {}),
      },
      usage: paid ? stored.usage : ZERO,
      costUsd: paid ? stored.costUsd : 0,
      latencyMs: 0,
      cacheKey,
    };
  }

  private async localResult<I, O>(
    task: LlmTask<I, O>,
    input: I,
    reason: string,
    cacheKey: string,
  ): Promise<RunResult<O>> {
    this.telemetry.fallback(task.name, reason);
    const output = task.output.parse(await task.local(input));
    return {
      output,
      source: { tier: 'local', degraded: reason },
      usage: ZERO,
      costUsd: 0,
      latencyMs: 0,
      cacheKey,
    };
  }

  private canDefer(options: RunOptions): boolean {
    return (
      options.canDefer !== false &&
      options.deliveriesLeft !== undefined &&
      options.deliveriesLeft >= this.config.defer.minDeliveriesLeft &&
      this.outstandingDeferrals < this.config.defer.maxOutstanding
    );
  }

  private noteDeferral(task: string, reason: string, ms: number): void {
    this.telemetry.deferred(task, reason);
    // A delayed redelivery holds an ack-pending slot until it is due; cap how many we ask for.
    this.outstandingDeferrals++;
    setTimeout(() => this.outstandingDeferrals--, ms).unref();
  }

  /** The in-process leader: takes the cross-process lease (or follows its holder), then executes. */
  private async lead<I, O>(
    task: LlmTask<I, O>,
    compiled: CompiledTask,
    input: I,
    options: RunOptions,
    keys: FlightKeys,
    cacheable: boolean,
  ): Promise<FlightOutcome> {
    const prepared = this.prepare(task, input);
    const token = randomUUID();
    if (!this.store.available) {
      return this.execute(
        task,
        compiled,
        input,
        options,
        keys,
        cacheable,
        prepared,
        undefined,
        await this.reserve(task, options, prepared),
      );
    }
    const waiter = this.notifier.wait(keys.id);
    try {
      // First round: lease and budget reservation travel together (one round trip when pipelined).
      const budgetRequest = this.budget.request(
        options.tenant,
        task.name,
        prepared.estimateTokens,
        prepared.estimateUsd,
      );
      const first = await this.store.acquireAndReserve(
        keys,
        token,
        this.config.leaseMs,
        cacheable,
        budgetRequest,
      );
      let acq: AcquireOutcome = first.acquired;
      let reservation: Reservation | undefined = this.budget.verdict(budgetRequest, first.budgetAnswer);
      // A follower keeps its reservation while it waits: should it take the flight over, it does not
      // reserve again (which would count the estimate twice until the first is given back).
      const giveBack = (): void => {
        if (reservation) this.budget.reconcile(reservation, 0, 0);
        reservation = undefined;
      };
      const deadline = Date.now() + this.config.flightWaitMs;
      // The lease holder this caller is waiting on: only its followers-only outcome is ours to take.
      let awaited = '';
      for (;;) {
        if (acq.state === 'acquired' || acq.state === 'unavailable' || Date.now() > deadline) {
          reservation ??= await this.reserve(task, options, prepared);
          if (reservation.status === 'rejected') {
            // Over this tenant's budget: answer locally without leading the flight, so identical
            // requests of tenants within budget (shareable tasks) take it over and are not answered
            // 'budget' on this tenant's account.
            if (acq.state === 'acquired') this.inBackground(this.store.release(keys, token));
            return await this.localOutcome(task, input, 'budget', options.tenant);
          }
          return await this.execute(
            task,
            compiled,
            input,
            options,
            keys,
            cacheable,
            prepared,
            acq.state === 'acquired' ? token : undefined,
            reservation,
          );
        }
        if (acq.state === 'cached') {
          const stored = parseStored(acq.value);
          if (stored) {
            giveBack();
            return { kind: 'result', stored, via: 'cache' };
          }
          // An unreadable entry: answer without the lease; the fresh answer overwrites it.
          acq = { state: 'unavailable' };
          continue;
        }
        if (acq.state === 'result') {
          giveBack();
          return this.parseFlight(acq.value);
        }
        // Held by another replica: wait for its notification; poll in case it crashed (lease expiry).
        awaited = acq.holder;
        const payload = await waiter.next(Math.min(this.config.flightPollMs, Math.max(5, acq.pttl)));
        if (payload !== undefined && payload !== FLIGHT_RELEASED) {
          const outcome = this.parseFlight(payload);
          // A degraded outcome of an earlier flight (notified just after we registered) is not ours.
          if (outcome.leader === undefined || outcome.leader === awaited) {
            giveBack();
            return outcome;
          }
        }
        acq = await this.store.acquire(keys, token, this.config.leaseMs, cacheable, awaited);
      }
    } finally {
      waiter.dispose();
    }
  }

  private parseFlight(payload: string): FlightOutcome {
    const f = JSON.parse(payload) as FlightOutcome;
    return { ...f, via: 'follower' };
  }

  private async reserve<I, O>(
    task: LlmTask<I, O>,
    options: RunOptions,
    prepared: Prepared,
  ): Promise<Reservation> {
    return this.budget.reserve(options.tenant, task.name, prepared.estimateTokens, prepared.estimateUsd);
  }

  /** Runs the chain as the leader and publishes the outcome to cache, followers and the budget. */
  private async execute<I, O>(
    task: LlmTask<I, O>,
    compiled: CompiledTask,
    input: I,
    options: RunOptions,
    keys: FlightKeys,
    cacheable: boolean,
    prepared: Prepared,
    leaseToken: string | undefined,
    reservation: Reservation,
  ): Promise<FlightOutcome> {
    const renew = leaseToken
      ? setInterval(
          () => void this.store.renew(keys, leaseToken, this.config.leaseMs),
          Math.floor(this.config.leaseMs / 3),
        )
      : undefined;
    renew?.unref();
    let outcome: FlightOutcome;
    const spend = { usage: { inputTokens: 0, outputTokens: 0 }, costUsd: 0 };
    try {
      if (reservation.status === 'rejected') {
        outcome = await this.localOutcome(task, input, 'budget', options.tenant);
      } else {
        const chained = await this.callChain(task, compiled, prepared, options.signal, spend);
        if (chained.ok) {
          const stored: StoredResult = {
            output: chained.output,
            tier: 'provider',
            provider: chained.provider,
            model: chained.model,
            usage: spend.usage,
            costUsd: spend.costUsd,
            attempts: chained.attempts,
          };
          outcome = { kind: 'result', stored, via: 'leader' };
        } else {
          outcome = await this.unavailableOutcome(task, input, options, chained.failures);
          if (outcome.kind === 'result') outcome.stored.attempts = chained.attempts;
        }
      }
    } finally {
      if (renew) clearInterval(renew);
    }
    // Only a provider's answer is open to every request in the flight-result window. A degraded
    // answer or a deferral goes to the callers that waited on this flight; a later request runs its
    // own flight, so it reaches a provider that has recovered.
    const followersOnly = !(outcome.kind === 'result' && outcome.stored.tier === 'provider');
    const leader = followersOnly ? `"leader":${JSON.stringify(leaseToken ?? '-')},` : '';
    // The stored result is serialised once: the cache entry, and inside the followers' payload.
    const storedJson =
      outcome.kind === 'result' ? JSON.stringify({ ...outcome.stored, attempts: undefined }) : undefined;
    const payload =
      storedJson !== undefined
        ? `{"kind":"result","via":"leader",${leader}"stored":${storedJson}}`
        : `{${leader}${JSON.stringify(outcome).slice(1)}`;
    // Sent now but not awaited: the command is on the connection before the caller gets the answer,
    // so every later read through this gateway sees it, and other replicas are woken by the
    // notification. Failures are counted inside.
    this.inBackground(
      this.store.complete(
        keys,
        leaseToken ?? '-',
        cacheable && outcome.kind === 'result' && outcome.stored.tier === 'provider' ? storedJson : undefined,
        task.cacheTtlSeconds,
        payload,
        this.config.flightResultTtlMs,
        followersOnly,
      ),
    );
    this.budget.reconcile(reservation, spend.usage.inputTokens + spend.usage.outputTokens, spend.costUsd);
    return outcome;
  }

  private inBackground(work: Promise<unknown>): void {
    this.background.add(work);
    const done = (): void => void this.background.delete(work);
    work.then(done, done);
  }

  private async localOutcome<I, O>(
    task: LlmTask<I, O>,
    input: I,
    reason: string,
    budgetTenant?: string,
  ): Promise<FlightOutcome> {
    this.telemetry.fallback(task.name, reason);
    const output = task.output.parse(await task.local(input));
    return {
      kind: 'result',
      stored: {
        output,
        tier: 'local',
        degraded: reason,
        usage: ZERO,
        costUsd: 0,
        ...(budgetTenant !== undefined ? { budgetTenant } : {}),
      },
      via: 'leader',
    };
  }

  /** Every provider failed: defer (when allowed and they are merely unavailable) or answer locally. */
  private async unavailableOutcome<I, O>(
    task: LlmTask<I, O>,
    input: I,
    options: RunOptions,
    failures: ProviderFailure[],
  ): Promise<FlightOutcome> {
    const allUnavailable = failures.length > 0 && failures.every((f) => f.meansUnavailable);
    const reason = allUnavailable
      ? failures.some((f) => f.kind === 'rate_limited')
        ? 'rate_limited'
        : 'circuit_open'
      : (failures.at(-1)?.kind ?? 'no_provider');
    if (task.onUnavailable === 'defer' && allUnavailable) {
      if (this.canDefer(options)) {
        const wanted = Math.max(...failures.map((f) => f.retryAfterMs ?? this.config.defer.defaultDelayMs));
        return {
          kind: 'deferred',
          retryAfterMs: Math.min(this.config.defer.maxDelayMs, Math.max(1, wanted)),
          reason,
          via: 'leader',
        };
      }
      return this.localOutcome(task, input, 'deliveries_low');
    }
    return this.localOutcome(task, input, reason);
  }

  private async callChain<I, O>(
    task: LlmTask<I, O>,
    compiled: CompiledTask,
    prepared: Prepared,
    signal: AbortSignal | undefined,
    spend: { usage: TokenUsage; costUsd: number },
  ): Promise<
    | { ok: true; output: O; provider: string; model: string; attempts: AttemptRecord[] }
    | { ok: false; failures: ProviderFailure[]; attempts: AttemptRecord[] }
  > {
    const failures: ProviderFailure[] = [];
    const attempts: AttemptRecord[] = [];
    for (const entry of this.chain) {
      const model = task.modelPreferences?.byProvider?.[entry.config.name] ?? entry.config.model;
      try {
        const { output, repaired, answeredBy } = await this.structuredCall(
          task,
          compiled,
          entry,
          model,
          prepared,
          signal,
          spend,
        );
        attempts.push({
          provider: entry.config.name,
          model: answeredBy,
          outcome: repaired ? 'repaired' : 'ok',
        });
        return { ok: true, output, provider: entry.config.name, model: answeredBy, attempts };
      } catch (err) {
        const failure =
          err instanceof ProviderFailure
            ? err
            : new ProviderFailure('server_error', entry.config.name, String(err));
        if (failure.kind === 'aborted' && signal?.aborted) throw err;
        this.telemetry.providerError(task.name, entry.config.name, failure.kind);
        failures.push(failure);
        attempts.push({ provider: entry.config.name, model, outcome: failure.kind });
      }
    }
    return { ok: false, failures, attempts };
  }

  /** One provider: call, validate, and on an invalid answer one repair call that shows the error. */
  private async structuredCall<I, O>(
    task: LlmTask<I, O>,
    compiled: CompiledTask,
    entry: ChainEntry,
    model: string,
    prepared: Prepared,
    signal: AbortSignal | undefined,
    spend: { usage: TokenUsage; costUsd: number },
  ): Promise<{ output: O; repaired: boolean; answeredBy: string }> {
    const call = (messages: ChatMessage[]): Promise<ChatResponse> =>
      entry.policy.execute(
        (attemptSignal) =>
          this.telemetry.chatCall(entry.provider, model, task.name, async () => {
            const res = await entry.provider.chat(
              {
                model,
                messages,
                schema: { name: compiled.schemaName, schema: compiled.jsonSchema },
                temperature: task.modelPreferences?.temperature,
                maxOutputTokens: task.modelPreferences?.maxOutputTokens ?? this.config.defaultMaxOutputTokens,
              },
              attemptSignal,
            );
            // Paid as soon as it answered, whatever we think of the answer.
            spend.usage.inputTokens += res.usage.inputTokens;
            spend.usage.outputTokens += res.usage.outputTokens;
            const usd =
              (res.usage.inputTokens * entry.config.price.input +
                res.usage.outputTokens * entry.config.price.output) /
              1e6;
            spend.costUsd += usd;
            this.telemetry.cost(task.name, entry.config.name, usd);
            return res;
          }),
        signal,
      );

    const first = await call(prepared.messages);
    const checked = this.check(task, entry, first);
    if (checked.ok)
      return { output: prepared.restore(checked.value), repaired: false, answeredBy: first.model };
    if (checked.kind !== 'invalid_output')
      throw new ProviderFailure(checked.kind, entry.config.name, checked.error);
    const repair: ChatMessage[] = [
      ...prepared.messages,
      { role: 'assistant', content: first.content },
      {
        role: 'user',
        content: `Your previous reply was not valid against the required JSON schema:\n${checked.error}\nReply again with only the corrected JSON object.`,
      },
    ];
    const second = await call(repair);
    const rechecked = this.check(task, entry, second);
    if (rechecked.ok)
      return { output: prepared.restore(rechecked.value), repaired: true, answeredBy: second.model };
    throw new ProviderFailure(rechecked.kind, entry.config.name, `after one repair: ${rechecked.error}`);
  }

  private check<I, O>(
    task: LlmTask<I, O>,
    entry: ChainEntry,
    res: ChatResponse,
  ): { ok: true; value: O } | { ok: false; kind: ProviderFailureKind; error: string } {
    if (res.finishReason === 'length')
      return {
        ok: false,
        kind: 'truncated',
        error: 'answer cut off at the token limit (finish_reason length)',
      };
    if (res.finishReason === 'content_filter')
      return { ok: false, kind: 'content_filter', error: 'answer withheld by the content filter' };
    let json: unknown;
    try {
      json = JSON.parse(res.content);
    } catch (e) {
      return { ok: false, kind: 'invalid_output', error: `not valid JSON: ${(e as Error).message}` };
    }
    const parsed = task.output.safeParse(json);
    if (!parsed.success) return { ok: false, kind: 'invalid_output', error: z.prettifyError(parsed.error) };
    if (res.finishReason !== 'stop')
      return { ok: false, kind: 'invalid_output', error: `unexpected finish_reason ${res.finishReason}` };
    void entry;
    return { ok: true, value: parsed.data };
  }

  private prepare<I, O>(task: LlmTask<I, O>, input: I): Prepared {
    const redaction = new Redaction();
    const messages = buildMessages(task.buildPrompt(input), redaction);
    const promptTokens = Math.ceil(messages.reduce((n, m) => n + m.content.length, 0) / 4);
    const maxOut = task.modelPreferences?.maxOutputTokens ?? this.config.defaultMaxOutputTokens;
    const priciest = this.chain.reduce(
      (p, e) => Math.max(p, (promptTokens * e.config.price.input + maxOut * e.config.price.output) / 1e6),
      0,
    );
    return {
      messages,
      estimateTokens: promptTokens + maxOut,
      estimateUsd: priciest,
      restore: <T>(value: T): T => (task.restoreRedactions ? redaction.restore(value) : value),
    };
  }

  private compile<I, O>(task: LlmTask<I, O>): CompiledTask {
    let c = this.compiled.get(task);
    if (!c) {
      const jsonSchema = z.toJSONSchema(task.output) as Record<string, unknown>;
      delete jsonSchema.$schema;
      const chainId = this.chain
        .map(
          (e) => `${e.config.name}:${task.modelPreferences?.byProvider?.[e.config.name] ?? e.config.model}`,
        )
        .join('>');
      c = {
        keyHead: `{"chain":${JSON.stringify(chainId)},"input":`,
        schemaName: task.name.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64),
        jsonSchema,
        schemaHash: sha256Hex(canonicalJson(jsonSchema)),
        chainId,
      };
      this.compiled.set(task, c);
    }
    return c;
  }

  /**
   * sha256 of the canonical JSON (sorted keys) of {chain, input, schema, task, tenant, version}:
   * the fixed fields are serialised once per task, the normalised input once per request.
   */
  private cacheKeyOf<I, O>(task: LlmTask<I, O>, compiled: CompiledTask, input: I, tenant: string): string {
    const identity = task.cacheInput ? task.cacheInput(input) : input;
    return sha256Hex(
      `${compiled.keyHead}${canonicalNormalisedJson(identity)},"schema":${JSON.stringify(compiled.schemaHash)},"task":${JSON.stringify(task.name)},"tenant":${JSON.stringify(task.shareable ? '*' : tenant)},"version":${JSON.stringify(task.version)}}`,
    );
  }

  /**
   * Embeddings from the first provider that answers, each text's vector cached in Redis per model
   * and size, the provider's share reserved against the 'embeddings' budget first; else local
   * hashing embeddings of the same size. One result never mixes models.
   */
  async embed(texts: string[], options: { tenant: string; signal?: AbortSignal }): Promise<EmbedResult> {
    const started = performance.now();
    const dims = this.config.embeddingDimensions;
    const entries = this.chain.filter((e) => e.provider.embed);
    if (entries.length === 0)
      return this.localEmbeddings(
        texts,
        this.chain.length ? 'no_embedding_provider' : 'not_configured',
        started,
      );
    if (!this.starting) await this.start();
    const ttl = this.config.cacheEnabled ? this.config.embeddingCacheTtlSeconds : 0;
    const spend = { tokens: 0, usd: 0 };
    let reservation: Reservation | undefined;
    let degraded = 'no_embedding_provider';
    try {
      for (const entry of entries) {
        const model = entry.provider.embeddingModel ?? entry.config.model;
        const keys = ttl > 0 ? texts.map((t) => this.store.embeddingKey(model, dims, t)) : [];
        const stored = ttl > 0 ? await this.store.getMany(keys, 'embedding.get') : [];
        const vectors = texts.map((_, i) =>
          stored === 'unavailable' ? undefined : parseVector(stored[i], dims),
        );
        const missing = vectors.flatMap((v, i) => (v ? [] : [i]));
        if (ttl > 0)
          this.telemetry.cacheLookup(
            EMBEDDINGS,
            stored === 'unavailable' ? 'bypass' : missing.length ? 'miss' : 'hit',
          );
        if (missing.length === 0)
          return {
            vectors: vectors as number[][],
            source: { tier: 'cache', provider: entry.config.name, model, cached: texts.length },
            usage: ZERO,
            costUsd: 0,
            latencyMs: performance.now() - started,
          };
        // Each text redacted on its own: the same text always sends (and caches) the same input.
        const redacted = missing.map((i) => new Redaction().redact(texts[i]!));
        if (!reservation) {
          const tokens = redacted.reduce((n, t) => n + Math.ceil(t.length / 4), 0);
          const usd = entries.reduce((p, e) => Math.max(p, (tokens * e.config.price.input) / 1e6), 0);
          reservation = await this.budget.reserve(options.tenant, EMBEDDINGS, tokens, usd);
          if (reservation.status === 'rejected') return this.localEmbeddings(texts, 'budget', started);
        }
        try {
          const res = await entry.policy.execute(
            (signal) => this.embedCall(entry, model, redacted, dims, options.tenant, signal),
            options.signal,
          );
          const costUsd = (res.usage.inputTokens * entry.config.price.input) / 1e6;
          spend.tokens += res.usage.inputTokens;
          spend.usd += costUsd;
          this.telemetry.cost(EMBEDDINGS, entry.config.name, costUsd);
          if (res.vectors.length === missing.length && res.vectors.every((v) => v.length === dims)) {
            missing.forEach((at, n) => (vectors[at] = res.vectors[n]));
            if (ttl > 0)
              this.inBackground(
                this.store.setMany(
                  missing.map((at, n) => [keys[at]!, JSON.stringify(res.vectors[n])]),
                  ttl,
                  'embedding.set',
                ),
              );
            return {
              vectors: vectors as number[][],
              source: {
                tier: 'provider',
                provider: entry.config.name,
                model: res.model,
                cached: texts.length - missing.length,
              },
              usage: res.usage,
              costUsd,
              latencyMs: performance.now() - started,
            };
          }
          degraded = 'invalid_output';
          this.telemetry.providerError(EMBEDDINGS, entry.config.name, degraded);
        } catch (err) {
          if (err instanceof ProviderFailure && err.kind === 'aborted' && options.signal?.aborted) throw err;
          degraded = err instanceof ProviderFailure ? err.kind : 'server_error';
          this.telemetry.providerError(EMBEDDINGS, entry.config.name, degraded);
        }
      }
    } finally {
      if (reservation) this.budget.reconcile(reservation, spend.tokens, spend.usd);
    }
    return this.localEmbeddings(texts, degraded, started);
  }

  private embedCall(
    entry: ChainEntry,
    model: string,
    texts: string[],
    dims: number,
    tenant: string,
    signal: AbortSignal,
  ): Promise<EmbedResponse> {
    return this.telemetry.tracer.startActiveSpan(
      `embeddings ${model}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'gen_ai.operation.name': 'embeddings',
          'gen_ai.provider.name': entry.provider.system,
          'gen_ai.request.model': model,
          'shopmind.llm.tier': 'provider',
          'shopmind.llm.tenant': tenant,
        },
      },
      async (span) => {
        try {
          const r = await entry.provider.embed!(texts, dims, signal);
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

  private localEmbeddings(texts: string[], degraded: string, started: number): EmbedResult {
    this.telemetry.fallback(EMBEDDINGS, degraded);
    return {
      vectors: texts.map((t) => hashingEmbedding(t, this.config.embeddingDimensions)),
      source: { tier: 'local', degraded },
      usage: ZERO,
      costUsd: 0,
      latencyMs: performance.now() - started,
    };
  }
}

/** Why an exact cache entry matched: every part of its key. */
function hitReason<I, O>(task: LlmTask<I, O>, compiled: CompiledTask, tenant: string): string {
  return `exact match: ${task.name}@${task.version}, schema ${compiled.schemaHash.slice(0, 12)}, chain ${compiled.chainId}, ${task.shareable ? 'shared' : `tenant ${tenant}`}, normalised input`;
}

/** A cached vector of the wrong size or shape (another configuration wrote it) counts as a miss. */
function parseVector(value: string | null | undefined, dims: number): number[] | undefined {
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

/** A stored entry that cannot be read (written by a broken or foreign writer) counts as a miss. */
function parseStored(value: string): StoredResult | undefined {
  try {
    const v = JSON.parse(value) as StoredResult;
    return v && typeof v === 'object' && 'output' in v ? v : undefined;
  } catch {
    return undefined;
  }
}

interface Prepared {
  messages: ChatMessage[];
  estimateTokens: number;
  estimateUsd: number;
  restore<T>(value: T): T;
}
