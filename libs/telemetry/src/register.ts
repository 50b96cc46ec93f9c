// Telemetry bootstrap: load it with `node --import <dist>/libs/telemetry/src/register.js` BEFORE
// any app module. ES modules can be patched only by a loader hook that is in place before they
// load, so this file registers import-in-the-middle's hook, then starts the OpenTelemetry SDK
// with the ioredis, http and undici instrumentations. Settings: see README.md.
import { register } from 'node:module';
import { createAddHookMessageChannel } from 'import-in-the-middle';
import { diag, trace } from '@opentelemetry/api';
import { W3CBaggagePropagator, W3CTraceContextPropagator, CompositePropagator } from '@opentelemetry/core';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  NoopSpanProcessor,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { PeriodicExportingMetricReader, type MetricReader } from '@opentelemetry/sdk-metrics';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { traceRedisPipelinesAsOne } from './redis-pipeline-spans.js';
import { redisStatement } from './redis-statement.js';
import { readTelemetrySettings } from './telemetry-settings.js';
import { SpanFileExporter } from './span-file-exporter.js';
import { setTelemetryShutdown } from './shutdown-telemetry.js';

const settings = readTelemetrySettings();

if (settings.enabled) {
  // Only modules an instrumentation asks for are wrapped (the others load untouched), and the
  // loader thread must have acknowledged those requests before the app's imports are resolved.
  const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
  register('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);

  const spanProcessors: SpanProcessor[] = [];
  if (settings.tracesExporter === 'otlp')
    spanProcessors.push(new BatchSpanProcessor(new OTLPTraceExporter()));
  if (settings.tracesExporter === 'console')
    spanProcessors.push(new SimpleSpanProcessor(new ConsoleSpanExporter()));
  if (settings.spanFile)
    spanProcessors.push(new SimpleSpanProcessor(new SpanFileExporter(settings.spanFile)));
  // Without an exporter spans are still created, so trace ids reach logs and travel downstream.
  if (spanProcessors.length === 0) spanProcessors.push(new NoopSpanProcessor());

  const metricReaders: MetricReader[] = [];
  if (settings.metricsExporter === 'otlp') {
    metricReaders.push(
      new PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter(),
        exportIntervalMillis: settings.metricExportIntervalMs,
      }),
    );
  }

  const sdk = new NodeSDK({
    serviceName: settings.serviceName,
    resource: defaultResource().merge(resourceFromAttributes({ 'service.namespace': 'shopmind' })),
    spanProcessors,
    metricReaders,
    logRecordProcessors: [], // logs go to stdout as JSON (pino), not through the SDK
    textMapPropagator: new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    }),
    instrumentations: [
      new HttpInstrumentation({
        // Probes every few seconds would drown the traces that matter.
        ignoreIncomingRequestHook: (req) =>
          req.url === '/healthz' || req.url === '/readyz' || req.url === '/metrics',
      }),
      // Only the command and the key's shape: values and ids inside keys stay out of the traces.
      new IORedisInstrumentation({ dbStatementSerializer: redisStatement }),
      new UndiciInstrumentation(),
    ],
  });
  sdk.start();
  // After start: the instrumentations' module hooks are in place before ioredis is first loaded.
  traceRedisPipelinesAsOne(trace.getTracer('@shopmind/telemetry'));

  let stopping: Promise<void> | undefined;
  const shutdown = (): Promise<void> => {
    stopping ??= Promise.race([
      sdk.shutdown().catch((err: unknown) => diag.error('telemetry shutdown failed', err)),
      new Promise<void>((resolve) => setTimeout(resolve, 5_000).unref()),
    ]);
    return stopping;
  };
  setTelemetryShutdown(shutdown);

  const flush = async (): Promise<void> => {
    await Promise.allSettled([
      ...spanProcessors.map((p) => p.forceFlush()),
      ...metricReaders.map((r) => r.forceFlush()),
    ]);
  };

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      if (process.listenerCount(signal) > 0) {
        // The app handles this signal (drains, then exits): flush now, and the app calls
        // shutdownTelemetry() when it is done; the exit below covers an app that does not.
        void flush();
        process.once('beforeExit', () => void shutdown());
        return;
      }
      // Nobody else handles it: flush, then die of the same signal as Node would have.
      void shutdown().finally(() => process.kill(process.pid, signal));
    });
  }

  await waitForAllMessagesAcknowledged();
}
