import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { busMetrics } from './bus-metrics.js';
import { installTestTelemetry, type TestTelemetry } from '@shopmind/telemetry/testing';

describe('busMetrics', () => {
  let telemetry: TestTelemetry;
  beforeAll(() => {
    telemetry = installTestTelemetry();
  });
  afterAll(() => telemetry.shutdown());

  it('counts handled messages by outcome and records handler durations on the installed meter provider', async () => {
    busMetrics.handled.add(1, {
      outcome: 'acked',
      'messaging.destination.name': 'shop.acme.review.submitted',
    });
    busMetrics.handled.add(1, {
      outcome: 'acked',
      'messaging.destination.name': 'shop.acme.review.submitted',
    });
    busMetrics.handled.add(1, {
      outcome: 'dead_lettered',
      'messaging.destination.name': 'shop.acme.review.submitted',
    });
    busMetrics.handlerDuration.record(0.25);
    busMetrics.handlerDuration.record(0.75);
    busMetrics.consumerLag.record(42, { consumer: 'review-sentiment__review_submitted' });

    const handled = await telemetry.metricPoints('shopmind.bus.messages.handled');
    const byOutcome = Object.fromEntries(handled.map((p) => [p.attributes.outcome, p.value]));
    expect(byOutcome).toEqual({ acked: 2, dead_lettered: 1 });

    const [duration] = await telemetry.metricPoints('shopmind.bus.handler.duration');
    expect(duration).toMatchObject({ value: 2, sum: 1 });

    const [lag] = await telemetry.metricPoints('shopmind.bus.consumer.lag');
    expect(lag.value).toBe(42);
  });
});
