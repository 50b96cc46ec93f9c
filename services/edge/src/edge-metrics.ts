// The edge's own metrics (meter `shopmind`), created on first use from the provider registered then.
import { metrics, type Counter } from '@opentelemetry/api';

interface EdgeInstruments {
  /**
   * `shopmind.edge.webhooks` — attributes `platform`, `topic` and `outcome`: published, duplicate,
   * ignored, acknowledged, unauthorized, malformed, too_large, unavailable.
   */
  webhooks: Counter;
}

let cached: EdgeInstruments | undefined;

export function edgeMetrics(): EdgeInstruments {
  cached ??= {
    webhooks: metrics.getMeter('shopmind').createCounter('shopmind.edge.webhooks', {
      description: 'Webhooks received, by platform, topic and outcome',
    }),
  };
  return cached;
}
