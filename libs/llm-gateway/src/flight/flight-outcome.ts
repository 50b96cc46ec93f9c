// What a flight produces and how it is stored (cache entry, finished flight, event result) and
// read back into a caller's result.
import type { GatewayCall } from '../call/gateway-call.js';
import { ZERO_USAGE } from '../call/gateway-call.js';
import type { AttemptRecord, ResultSource, RunResult } from '../gateway-types.js';
import type { TokenUsage } from '../providers/provider.js';

/** What a flight produced, shared by every caller that coalesced on it. */
export interface StoredResult {
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

/** `leader`: set on an outcome kept for the followers of that lease holder only (see SingleFlight). */
export type FlightOutcome =
  | { kind: 'result'; stored: StoredResult; via: 'leader' | 'follower' | 'cache'; leader?: string }
  | { kind: 'deferred'; retryAfterMs: number; reason: string; via: 'leader' | 'follower'; leader?: string };

/** A stored entry that cannot be read (written by a broken or foreign writer) counts as a miss. */
export function parseStored(value: string): StoredResult | undefined {
  try {
    const v = JSON.parse(value) as StoredResult;
    return v && typeof v === 'object' && 'output' in v ? v : undefined;
  } catch {
    return undefined;
  }
}

/** A finished flight's outcome as another replica (or an earlier leader) published it. */
export function parseFlight(payload: string): FlightOutcome {
  const f = JSON.parse(payload) as FlightOutcome;
  return { ...f, via: 'follower' };
}

/** How a stored result is shown to this caller; only the caller that paid reports the cost. */
export interface ResultView {
  source: ResultSource;
  paid: boolean;
}

export function fromStored<I, O>(
  call: GatewayCall<I, O>,
  stored: StoredResult,
  view: ResultView,
): RunResult<O> {
  const { source, paid } = view;
  return {
    output: stored.output as O,
    source: {
      ...source,
      ...(stored.provider ? { provider: stored.provider } : {}),
      ...(stored.model ? { model: stored.model } : {}),
      ...(stored.degraded ? { degraded: stored.degraded } : {}),
      ...(stored.attempts && paid ? { attempts: stored.attempts } : {}),
    },
    usage: paid ? stored.usage : ZERO_USAGE,
    costUsd: paid ? stored.costUsd : 0,
    latencyMs: 0,
    cacheKey: call.cacheKey,
  };
}
