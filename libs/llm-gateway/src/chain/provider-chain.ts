// The configured providers in order, each behind its resilience policy: the leader of a flight asks
// them one after another; when none answers, the call is deferred (if the task prefers waiting and
// the bus allows it) or answered by the local tier.
import type { GatewayCall, LeaderCall, Prepared } from '../call/gateway-call.js';
import type { GatewayConfig } from '../config.js';
import { ProviderFailure } from '../errors.js';
import type { FlightOutcome, StoredResult } from '../flight/flight-outcome.js';
import type { AttemptRecord } from '../gateway-types.js';
import { buildMessages } from '../prompt/data-block.js';
import { createProvider } from '../providers/create-provider.js';
import { Redaction } from '../redaction/redactor.js';
import type { DeferralGate } from '../resilience/deferral-gate.js';
import { ProviderPolicy } from '../resilience/provider-policy.js';
import type { LlmTask } from '../task.js';
import type { GatewayTelemetry } from '../telemetry/gateway-telemetry.js';
import type { LocalTier } from './local-tier.js';
import { StructuredCaller, type ChainEntry, type ProviderTarget } from './structured-call.js';

export interface ProviderChainDeps {
  telemetry: GatewayTelemetry;
  local: LocalTier;
  deferrals: DeferralGate;
}

type ChainAnswer<O> =
  | { ok: true; output: O; provider: string; model: string; attempts: AttemptRecord[] }
  | { ok: false; failures: ProviderFailure[]; attempts: AttemptRecord[] };

export class ProviderChain {
  readonly entries: readonly ChainEntry[];
  private readonly caller: StructuredCaller;

  constructor(
    private readonly config: GatewayConfig,
    private readonly deps: ProviderChainDeps,
  ) {
    this.entries = config.providers.map((c) => ({
      provider: createProvider(c),
      config: c,
      policy: new ProviderPolicy(c.name, c),
    }));
    this.caller = new StructuredCaller(deps.telemetry, config.defaultMaxOutputTokens);
  }

  get length(): number {
    return this.entries.length;
  }

  /** Circuit state per provider: closed, open (not called), half-open (a probe is in flight). */
  circuits(): Record<string, 'closed' | 'open' | 'half-open'> {
    return Object.fromEntries(this.entries.map((e) => [e.config.name, e.policy.circuit]));
  }

  /** The providers and the models this task asks of them, in order: part of every cache key. */
  chainId(task: Pick<LlmTask<unknown, unknown>, 'modelPreferences'>): string {
    return this.entries.map((e) => `${e.config.name}:${this.modelFor(task, e)}`).join('>');
  }

  /**
   * The redacted prompt, and its estimate for the budget: prompt length / 4 plus the output bound,
   * at the priciest provider's rates.
   */
  prepare<I, O>(task: LlmTask<I, O>, input: I): Prepared {
    const redaction = new Redaction();
    const messages = buildMessages(task.buildPrompt(input), redaction);
    const promptTokens = Math.ceil(messages.reduce((n, m) => n + m.content.length, 0) / 4);
    const maxOut = task.modelPreferences?.maxOutputTokens ?? this.config.defaultMaxOutputTokens;
    const priciest = this.entries.reduce(
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

  /**
   * The leader's outcome: over budget → local ('budget'); else the providers in order; when none
   * answered → deferred or local. What the providers charged accumulates in `leader.spend`.
   */
  async answer<I, O>(leader: LeaderCall<I, O>): Promise<FlightOutcome> {
    const { call } = leader;
    if (leader.reservation.status === 'rejected')
      return this.deps.local.outcome(call, 'budget', call.options.tenant);
    const chained = await this.tryInOrder(leader);
    if (chained.ok) {
      const stored: StoredResult = {
        output: chained.output,
        tier: 'provider',
        provider: chained.provider,
        model: chained.model,
        usage: leader.spend.usage,
        costUsd: leader.spend.costUsd,
        attempts: chained.attempts,
      };
      return { kind: 'result', stored, via: 'leader' };
    }
    const outcome = await this.whenUnavailable(call, chained.failures);
    if (outcome.kind === 'result') outcome.stored.attempts = chained.attempts;
    return outcome;
  }

  private modelFor(task: Pick<LlmTask<unknown, unknown>, 'modelPreferences'>, entry: ChainEntry): string {
    return task.modelPreferences?.byProvider?.[entry.config.name] ?? entry.config.model;
  }

  private async tryInOrder<I, O>(leader: LeaderCall<I, O>): Promise<ChainAnswer<O>> {
    const { task, options } = leader.call;
    const failures: ProviderFailure[] = [];
    const attempts: AttemptRecord[] = [];
    for (const entry of this.entries) {
      const target: ProviderTarget = { entry, model: this.modelFor(task, entry) };
      try {
        const { output, repaired, answeredBy } = await this.caller.call(leader, target);
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
        if (failure.kind === 'aborted' && options.signal?.aborted) throw err;
        this.deps.telemetry.providerError(task.name, entry.config.name, failure.kind);
        failures.push(failure);
        attempts.push({ provider: entry.config.name, model: target.model, outcome: failure.kind });
      }
    }
    return { ok: false, failures, attempts };
  }

  /** Every provider failed: defer (when allowed and they are merely unavailable) or answer locally. */
  private async whenUnavailable<I, O>(
    call: GatewayCall<I, O>,
    failures: ProviderFailure[],
  ): Promise<FlightOutcome> {
    const allUnavailable = failures.length > 0 && failures.every((f) => f.meansUnavailable);
    const reason = allUnavailable
      ? failures.some((f) => f.kind === 'rate_limited')
        ? 'rate_limited'
        : 'circuit_open'
      : (failures.at(-1)?.kind ?? 'no_provider');
    if (call.task.onUnavailable === 'defer' && allUnavailable) {
      if (this.deps.deferrals.allows(call.options)) {
        const { defer } = this.config;
        const wanted = Math.max(...failures.map((f) => f.retryAfterMs ?? defer.defaultDelayMs));
        return {
          kind: 'deferred',
          retryAfterMs: Math.min(defer.maxDelayMs, Math.max(1, wanted)),
          reason,
          via: 'leader',
        };
      }
      return this.deps.local.outcome(call, 'deliveries_low');
    }
    return this.deps.local.outcome(call, reason);
  }
}
