// Error kinds of the gateway. Provider failures are internal (they decide retry / next provider /
// local / defer); callers only ever see LlmDeferred (transient) or GatewayConfigError (permanent).
import { DeferError } from '@shopmind/errors';

export type ProviderFailureKind =
  | 'rate_limited'
  | 'server_error'
  | 'timeout'
  | 'connection'
  | 'circuit_open'
  | 'invalid_output'
  | 'truncated'
  | 'content_filter'
  | 'bad_request'
  | 'auth'
  | 'aborted';

const RETRYABLE: ReadonlySet<ProviderFailureKind> = new Set([
  'rate_limited',
  'server_error',
  'timeout',
  'connection',
]);
/** Kinds that say the provider is unwell (they count against its circuit breaker). */
const BREAKER_KINDS: ReadonlySet<ProviderFailureKind> = new Set([
  'rate_limited',
  'server_error',
  'timeout',
  'connection',
]);
/** Kinds that say "come back later" rather than "this will not work". */
const UNAVAILABLE_KINDS: ReadonlySet<ProviderFailureKind> = new Set(['rate_limited', 'circuit_open']);

export class ProviderFailure extends Error {
  override readonly name = 'ProviderFailure';
  constructor(
    readonly kind: ProviderFailureKind,
    readonly provider: string,
    message: string,
    readonly retryAfterMs?: number,
    readonly status?: number,
  ) {
    super(`${provider}: ${kind}: ${message}`);
  }

  /** Worth another attempt at the same provider, given how long we are willing to wait. */
  retryable(maxRetryAfterMs: number): boolean {
    return (
      RETRYABLE.has(this.kind) && (this.retryAfterMs === undefined || this.retryAfterMs <= maxRetryAfterMs)
    );
  }

  get countsAgainstBreaker(): boolean {
    return BREAKER_KINDS.has(this.kind);
  }

  get meansUnavailable(): boolean {
    return UNAVAILABLE_KINDS.has(this.kind);
  }
}

/**
 * Every provider is rate-limited or its circuit is open and the task prefers to wait: the event
 * should be redelivered after `retryAfterMs`. It is the bus's DeferError, so a handler can simply
 * let it propagate and the transport naks with that delay. A transient error.
 */
export class LlmDeferred extends DeferError {
  override readonly name: string = 'LlmDeferred';
  constructor(
    message: string,
    override readonly retryAfterMs: number,
    readonly reason: string,
  ) {
    super(message, retryAfterMs);
  }
}

/** The gateway's configuration is wrong; names every wrong setting. Permanent. */
export class GatewayConfigError extends Error {
  override readonly name = 'GatewayConfigError';
  constructor(readonly issues: string[]) {
    super(`invalid LLM gateway configuration:\n  - ${issues.join('\n  - ')}`);
  }
}
