// What a service adds to its readiness besides the transport and Redis: rules loaded, a model read,
// the gateway's mode. A check resolves with details when ready and throws the reason when not.
import type { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';

export interface ReadinessCheck {
  /** Key of this check in the readiness report, e.g. `rules`. */
  readonly name: string;
  /** Details to report when ready (versions, modes); throw with the reason when not ready. */
  check(indicator: HealthIndicatorService): Promise<HealthIndicatorResult> | HealthIndicatorResult;
}
