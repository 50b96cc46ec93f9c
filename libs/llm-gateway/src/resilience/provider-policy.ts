// Per-provider resilience with cockatiel: retries with jittered exponential backoff that honour
// Retry-After (within a bound), a failure-rate circuit breaker with a half-open probe, and a
// per-attempt timeout. Composition: retry ⟶ breaker ⟶ timeout ⟶ call, so the breaker sees every
// attempt and an open circuit is never retried.
import {
  BrokenCircuitError,
  CircuitState,
  DelegateBackoff,
  SamplingBreaker,
  TimeoutStrategy,
  circuitBreaker,
  handleWhen,
  retry,
  timeout,
  wrap,
  type CircuitBreakerPolicy,
  type IRetryBackoffContext,
} from 'cockatiel';
import type { ResilienceSettings } from '../config.js';
import { ProviderFailure } from '../errors.js';

export class ProviderPolicy {
  private readonly breaker: CircuitBreakerPolicy;
  private readonly policy: ReturnType<typeof wrap>;
  private openedAt = 0;

  constructor(
    private readonly provider: string,
    private readonly settings: ResilienceSettings,
  ) {
    const retryPolicy = retry(
      handleWhen((e) => e instanceof ProviderFailure && e.retryable(settings.retryAfterMaxMs)),
      {
        maxAttempts: settings.maxRetries,
        backoff: new DelegateBackoff((ctx: IRetryBackoffContext<unknown>) => this.delayFor(ctx)),
      },
    );
    this.breaker = circuitBreaker(
      handleWhen((e) => e instanceof ProviderFailure && e.countsAgainstBreaker),
      {
        halfOpenAfter: settings.halfOpenAfterMs,
        breaker: new SamplingBreaker({
          threshold: settings.breakerThreshold,
          duration: settings.breakerWindowMs,
          ...(settings.breakerMinRps > 0 ? { minimumRps: settings.breakerMinRps } : {}),
        }),
      },
    );
    this.breaker.onBreak(() => {
      this.openedAt = Date.now();
    });
    // abortOnReturn off: aborting a finished call only costs a DOMException per request.
    const timeoutPolicy = timeout(settings.timeoutMs, {
      strategy: TimeoutStrategy.Cooperative,
      abortOnReturn: false,
    });
    this.policy = wrap(retryPolicy, this.breaker, timeoutPolicy);
  }

  get circuit(): 'closed' | 'open' | 'half-open' {
    const s = this.breaker.state;
    return s === CircuitState.Closed ? 'closed' : s === CircuitState.HalfOpen ? 'half-open' : 'open';
  }

  /** How long until an open circuit lets a probe through. */
  get msUntilHalfOpen(): number {
    return this.circuit === 'open'
      ? Math.max(0, this.openedAt + this.settings.halfOpenAfterMs - Date.now())
      : 0;
  }

  /**
   * Runs one call (with its retries). `attempt` receives a signal aborted on timeout or when the
   * caller's `signal` aborts. Always rejects with a ProviderFailure.
   */
  async execute<T>(attempt: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    let lastFailure: unknown;
    try {
      return (await this.policy.execute(async ({ signal: attemptSignal }) => {
        try {
          return await attempt(attemptSignal);
        } catch (err) {
          // The attempt's signal aborts on our timeout as well as on the caller's abort.
          lastFailure =
            attemptSignal.aborted && !signal?.aborted
              ? new ProviderFailure(
                  'timeout',
                  this.provider,
                  `no answer within ${this.settings.timeoutMs} ms`,
                )
              : err;
          throw lastFailure;
        }
      }, signal)) as T;
    } catch (err) {
      if (err instanceof BrokenCircuitError) {
        // Opened by this very call's failures: report what actually went wrong.
        if (lastFailure instanceof ProviderFailure) throw lastFailure;
        throw new ProviderFailure(
          'circuit_open',
          this.provider,
          'circuit open',
          this.msUntilHalfOpen || this.settings.halfOpenAfterMs,
        );
      }
      if (err instanceof ProviderFailure) throw err;
      if (signal?.aborted) throw new ProviderFailure('aborted', this.provider, 'caller aborted');
      throw new ProviderFailure(
        'server_error',
        this.provider,
        err instanceof Error ? err.message : String(err),
      );
    }
  }

  private delayFor(ctx: IRetryBackoffContext<unknown>): number {
    const error = 'error' in ctx.result ? ctx.result.error : undefined;
    if (error instanceof ProviderFailure && error.retryAfterMs !== undefined) {
      // The provider told us when; a little jitter on top keeps replicas from returning in step.
      return Math.min(this.settings.retryAfterMaxMs, error.retryAfterMs) + Math.floor(Math.random() * 25);
    }
    const ceiling = Math.min(this.settings.retryMaxMs, this.settings.retryBaseMs * 2 ** (ctx.attempt - 1));
    // "Equal jitter": half fixed, half random.
    return Math.floor(ceiling / 2 + Math.random() * (ceiling / 2));
  }
}
