// In-memory tracing and metrics for tests: spans and metric points can be inspected in the test.
import { context, metrics, propagation, trace, type Attributes } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { DataPointType, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';

export interface MetricPoint {
  attributes: Attributes;
  /** The sum or gauge value; for a histogram, the number of recordings. */
  value: number;
  /** Histograms only: the sum of the recorded values. */
  sum?: number;
}

export interface TestTelemetry {
  exporter: InMemorySpanExporter;
  /** Finished spans so far, oldest first. */
  spans(): ReadableSpan[];
  /** Forgets recorded spans. */
  reset(): void;
  /** Current points of one metric (e.g. `shopmind.bus.messages.handled`); empty when never recorded. */
  metricPoints(name: string): Promise<MetricPoint[]>;
  /** Unregisters everything; the next installTestTelemetry() starts afresh. */
  shutdown(): Promise<void>;
}

// Collects on demand only (a pull reader), which is all a test needs.
class OnDemandMetricReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

let installed: TestTelemetry | undefined;

/**
 * Registers a tracer provider with an in-memory exporter, the AsyncLocalStorage context manager,
 * the W3C trace-context and baggage propagators, and a meter provider, all globally. Call it
 * once per test file (beforeAll); a second call returns the same installation.
 */
export function installTestTelemetry(): TestTelemetry {
  if (installed) return installed;
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  tracerProvider.register({
    contextManager: new AsyncLocalStorageContextManager(),
    propagator: new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    }),
  });
  const reader = new OnDemandMetricReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  metrics.setGlobalMeterProvider(meterProvider);

  const telemetry: TestTelemetry = {
    exporter,
    spans: () => exporter.getFinishedSpans(),
    reset: () => exporter.reset(),
    async metricPoints(name) {
      const { resourceMetrics } = await reader.collect();
      const points: MetricPoint[] = [];
      for (const scope of resourceMetrics.scopeMetrics) {
        for (const metric of scope.metrics) {
          if (metric.descriptor.name !== name) continue;
          for (const point of metric.dataPoints) {
            if (metric.dataPointType === DataPointType.HISTOGRAM) {
              const h = point.value as { count: number; sum?: number };
              points.push({ attributes: point.attributes, value: h.count, sum: h.sum });
            } else {
              points.push({ attributes: point.attributes, value: point.value as number });
            }
          }
        }
      }
      return points;
    },
    async shutdown() {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
      metrics.disable();
      installed = undefined;
    },
  };
  installed = telemetry;
  return telemetry;
}
