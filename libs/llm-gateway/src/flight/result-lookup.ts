// Before a flight: the event's stored result (a redelivery) and the exact cache entry, and the
// listing of what a run for a customer may write (for erasure). After it: the model's answer
// stored under the event id.
import type { ResultStore } from '../cache/result-store.js';
import { hitReason, type GatewayCall } from '../call/gateway-call.js';
import type { GatewayConfig } from '../config.js';
import type { RunResult } from '../gateway-types.js';
import type { GatewayTelemetry } from '../telemetry/gateway-telemetry.js';
import { fromStored, parseStored, type StoredResult } from './flight-outcome.js';

export interface ResultLookupDeps {
  config: GatewayConfig;
  store: ResultStore;
  telemetry: GatewayTelemetry;
}

export class ResultLookup {
  constructor(private readonly deps: ResultLookupDeps) {}

  /**
   * Lists the keys a run for `subject` may write, for as long as the longest of them lives;
   * false when Redis did not take the listing.
   */
  listSubject<I, O>(call: GatewayCall<I, O>, subject: string): Promise<boolean> {
    const { config, store } = this.deps;
    const { keys, cacheable, eventKey } = call;
    const listed = [keys.result, ...(cacheable ? [keys.cache] : []), ...(eventKey ? [eventKey] : [])];
    const ttl = Math.max(
      Math.ceil(config.flightResultTtlMs / 1000),
      cacheable ? call.task.cacheTtlSeconds : 0,
      eventKey ? config.eventResultTtlSeconds : 0,
    );
    return store.index(call.options.tenant, subject, listed, ttl);
  }

  /** The event's stored result, else an exact cache hit (explained on the span), else undefined. */
  async find<I, O>(call: GatewayCall<I, O>): Promise<RunResult<O> | undefined> {
    const { store, telemetry } = this.deps;
    const { eventKey, cacheable, keys, span } = call;
    // Usually one GET; two in parallel when an event id is given.
    const [event, cached] = eventKey
      ? await Promise.all([
          store.get(eventKey, 'event.get'),
          cacheable ? store.get(keys.cache, 'cache.get') : null,
        ])
      : [null, cacheable ? await store.get(keys.cache, 'cache.get') : null];
    const replay = event && event !== 'unavailable' ? parseStored(event) : undefined;
    if (replay) {
      telemetry.stats.eventReplays++;
      span.setAttribute('shopmind.llm.cache_reason', `stored result of event ${call.options.eventId}`);
      return fromStored(call, replay, { source: { tier: 'cache', cacheHit: 'event' }, paid: false });
    }
    if (!cacheable) return undefined;
    const hit = cached && cached !== 'unavailable' ? parseStored(cached) : undefined;
    if (hit) {
      telemetry.cacheLookup(call.task.name, 'hit');
      if (span.isRecording()) span.setAttribute('shopmind.llm.cache_reason', hitReason(call));
      return fromStored(call, hit, { source: { tier: 'cache', cacheHit: 'exact' }, paid: false });
    }
    telemetry.cacheLookup(call.task.name, cached === 'unavailable' ? 'bypass' : 'miss');
    return undefined;
  }

  /**
   * Stores a model's answer under the event id. Only a model's answer: a local answer costs nothing
   * to recompute, and a redelivery should get the model's answer when the provider is back, not a
   * replay labelled cache.
   */
  async keepForEvent<I, O>(call: GatewayCall<I, O>, result: RunResult<O>): Promise<void> {
    if (!call.eventKey || !call.keep || result.source.tier !== 'provider') return;
    const stored: StoredResult = {
      output: result.output,
      tier: result.source.tier,
      provider: result.source.provider,
      model: result.source.model,
      degraded: result.source.degraded,
      usage: result.usage,
      costUsd: result.costUsd,
    };
    await this.deps.store.set(
      call.eventKey,
      JSON.stringify(stored),
      this.deps.config.eventResultTtlSeconds,
      'event.set',
    );
  }
}
