// The service's own metrics (meter `shopmind`), created on first use from the provider registered then.
import { metrics, type Counter } from '@opentelemetry/api';

interface ProductCopyInstruments {
  /** `shopmind.copy.generated` — attributes `tier` (SourceTier number), `degraded` (yes | no), `channel`. */
  generated: Counter;
  /** `shopmind.copy.skipped` — attribute `reason` (unchanged | stale). */
  skipped: Counter;
}

let cached: ProductCopyInstruments | undefined;

export function productCopyMetrics(): ProductCopyInstruments {
  if (!cached) {
    const m = metrics.getMeter('shopmind');
    cached = {
      generated: m.createCounter('shopmind.copy.generated', {
        description: 'Copy variants written, by tier and channel',
      }),
      skipped: m.createCounter('shopmind.copy.skipped', {
        description: 'Copy not rewritten: facts unchanged, or an older product version',
      }),
    };
  }
  return cached;
}
