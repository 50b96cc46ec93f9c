// Whether a call may ask the bus to redeliver its event later instead of answering locally, and how
// many such deferrals are outstanding: a delayed redelivery holds an ack-pending slot until it is
// due, so their number is capped.
import type { GatewayConfig } from '../config.js';
import type { RunOptions } from '../gateway-types.js';
import type { GatewayTelemetry } from '../telemetry/gateway-telemetry.js';

export class DeferralGate {
  private outstanding = 0;

  constructor(
    private readonly settings: GatewayConfig['defer'],
    private readonly telemetry: GatewayTelemetry,
  ) {}

  /** The transport can defer, enough deliveries are left, and the cap is not reached. */
  allows(options: RunOptions): boolean {
    return (
      options.canDefer !== false &&
      options.deliveriesLeft !== undefined &&
      options.deliveriesLeft >= this.settings.minDeliveriesLeft &&
      this.outstanding < this.settings.maxOutstanding
    );
  }

  /** Counts a deferral of `ms` until it is due. */
  note(task: string, reason: string, ms: number): void {
    this.telemetry.deferred(task, reason);
    this.outstanding++;
    setTimeout(() => this.outstanding--, ms).unref();
  }
}
