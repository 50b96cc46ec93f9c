// The last tier: the task's own implementation (no network), answering when no provider may or
// can: not configured, over budget, every provider failed, or a deferral not possible.
import type { GatewayCall } from '../call/gateway-call.js';
import { ZERO_USAGE } from '../call/gateway-call.js';
import type { FlightOutcome } from '../flight/flight-outcome.js';
import type { RunResult } from '../gateway-types.js';
import type { GatewayTelemetry } from '../telemetry/gateway-telemetry.js';

export class LocalTier {
  constructor(private readonly telemetry: GatewayTelemetry) {}

  /** A local answer for this caller alone, marked with why (counted in shopmind.llm.fallbacks). */
  async result<I, O>(call: GatewayCall<I, O>, reason: string): Promise<RunResult<O>> {
    const output = await this.answer(call, reason);
    return {
      output,
      source: { tier: 'local', degraded: reason },
      usage: ZERO_USAGE,
      costUsd: 0,
      latencyMs: 0,
      cacheKey: call.cacheKey,
    };
  }

  /**
   * A local answer as a flight's outcome, shared with the followers of that flight.
   * `budgetTenant`: for 'budget', whose budget was spent (other tenants ask again on their own).
   */
  async outcome<I, O>(
    call: GatewayCall<I, O>,
    reason: string,
    budgetTenant?: string,
  ): Promise<FlightOutcome> {
    const output = await this.answer(call, reason);
    return {
      kind: 'result',
      stored: {
        output,
        tier: 'local',
        degraded: reason,
        usage: ZERO_USAGE,
        costUsd: 0,
        ...(budgetTenant !== undefined ? { budgetTenant } : {}),
      },
      via: 'leader',
    };
  }

  private async answer<I, O>(call: GatewayCall<I, O>, reason: string): Promise<O> {
    this.telemetry.fallback(call.task.name, reason);
    return call.task.output.parse(await call.task.local(call.input));
  }
}
