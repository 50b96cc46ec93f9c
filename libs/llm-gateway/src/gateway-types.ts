// What a caller hands to and gets back from the gateway (re-exported by llm-gateway.ts).
import type { ProviderFailureKind } from './errors.js';
import type { TokenUsage } from './providers/provider.js';

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
