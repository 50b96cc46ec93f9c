// The service's own metrics (meter `shopmind`), created on first use from the provider registered then.
import { metrics, type Counter, type Histogram } from '@opentelemetry/api';

interface FraudInstruments {
  /**
   * `shopmind.fraud.orders.scored` — attributes `decision`, `source` (checkout | order), and
   * `degraded_reason` (redis_unavailable) for a checkout's fallback decision.
   */
  scored: Counter;
  /** `shopmind.fraud.score.duration` in seconds (feature store round trip + scoring). */
  scoreDuration: Histogram;
  /** `shopmind.fraud.alerts` */
  alerts: Counter;
  /** `shopmind.fraud.reviews.flagged` */
  reviewsFlagged: Counter;
  /** `shopmind.fraud.rules.reloads` — attribute `outcome` (loaded | refused). */
  ruleReloads: Counter;
  /** `shopmind.fraud.chargebacks` */
  chargebacks: Counter;
  /** `shopmind.fraud.erasures` — customer erasure requests carried out. */
  erasures: Counter;
}

let cached: FraudInstruments | undefined;

export function fraudMetrics(): FraudInstruments {
  if (!cached) {
    const m = metrics.getMeter('shopmind');
    cached = {
      scored: m.createCounter('shopmind.fraud.orders.scored', {
        description: 'Orders and checkouts scored, by decision',
      }),
      scoreDuration: m.createHistogram('shopmind.fraud.score.duration', {
        description: 'Time to score one order',
        unit: 's',
      }),
      alerts: m.createCounter('shopmind.fraud.alerts', { description: 'Fraud alerts published' }),
      reviewsFlagged: m.createCounter('shopmind.fraud.reviews.flagged', { description: 'Reviews flagged' }),
      ruleReloads: m.createCounter('shopmind.fraud.rules.reloads', {
        description: 'Rule file reloads, by outcome',
      }),
      chargebacks: m.createCounter('shopmind.fraud.chargebacks', {
        description: 'Chargebacks fed back into the features',
      }),
      erasures: m.createCounter('shopmind.fraud.erasures', {
        description: 'Customer erasure requests carried out',
      }),
    };
  }
  return cached;
}
