// The bus's metrics (consumers, publisher, stray sweeper), from the meter `shopmind`. Instruments
// are created on first use from the meter provider registered at that moment, so importing this
// module early (before the SDK or the test telemetry is installed) does not leave them as no-ops.
import { metrics, type Counter, type Gauge, type Histogram, type MeterProvider } from '@opentelemetry/api';

export interface BusMetrics {
  /** `shopmind.bus.messages.handled` — attribute `outcome`: acked | retried | dead_lettered | ... */
  readonly handled: Counter;
  /** `shopmind.bus.handler.duration` in seconds. */
  readonly handlerDuration: Histogram;
  /** `shopmind.bus.redeliveries` — deliveries after the first. */
  readonly redeliveries: Counter;
  /** `shopmind.bus.dead_letters` — attribute `reason`. */
  readonly deadLetters: Counter;
  /** `shopmind.bus.messages.published` */
  readonly published: Counter;
  /** `shopmind.bus.consumer.lag` — messages not yet delivered to a consumer (JetStream num_pending). */
  readonly consumerLag: Gauge;
}

const byProvider = new WeakMap<MeterProvider, BusMetrics>();

function instruments(): BusMetrics {
  const provider = metrics.getMeterProvider();
  let found = byProvider.get(provider);
  if (!found) {
    const meter = provider.getMeter('shopmind');
    found = {
      handled: meter.createCounter('shopmind.bus.messages.handled', {
        description: 'Messages handled, by outcome',
      }),
      handlerDuration: meter.createHistogram('shopmind.bus.handler.duration', {
        description: 'Time a handler took for one message',
        unit: 's',
      }),
      redeliveries: meter.createCounter('shopmind.bus.redeliveries', {
        description: 'Messages delivered again',
      }),
      deadLetters: meter.createCounter('shopmind.bus.dead_letters', {
        description: 'Messages sent to the dead letter subject',
      }),
      published: meter.createCounter('shopmind.bus.messages.published', {
        description: 'Messages published',
      }),
      consumerLag: meter.createGauge('shopmind.bus.consumer.lag', {
        description: 'Messages in the stream not yet delivered to the consumer',
      }),
    };
    byProvider.set(provider, found);
  }
  return found;
}

export const busMetrics: BusMetrics = {
  get handled() {
    return instruments().handled;
  },
  get handlerDuration() {
    return instruments().handlerDuration;
  },
  get redeliveries() {
    return instruments().redeliveries;
  },
  get deadLetters() {
    return instruments().deadLetters;
  },
  get published() {
    return instruments().published;
  },
  get consumerLag() {
    return instruments().consumerLag;
  },
};
