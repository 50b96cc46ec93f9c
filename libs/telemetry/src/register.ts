// Telemetry bootstrap: load it with `node --import <dist>/libs/telemetry/src/register.js` BEFORE
// any app module. ES modules can be patched only by a loader hook that is in place before they
// load, so this file registers import-in-the-middle's hook, then starts OpenTelemetry tracing
// with the ioredis, http and undici instrumentations. Settings: see README.md.
//
// The SDK is put together from its parts rather than with @opentelemetry/sdk-node's NodeSDK: that
// package loads every exporter, propagator and the declarative-configuration validator it could
// use (with its own copies of core, resources and the trace SDK), ~9 MB of heap per service that
// never runs. The OTLP exporters and the metrics SDK load only when an endpoint is configured.
import { register as registerLoaderThread } from 'node:module';
import { createAddHookMessageChannel } from 'import-in-the-middle';
import {
  register as registerInThreadHooks,
  supportsSyncHooks,
} from 'import-in-the-middle/register-hooks.mjs';
import { diag, DiagConsoleLogger, metrics, trace } from '@opentelemetry/api';
import {
  CompositePropagator,
  diagLogLevelFromString,
  getBooleanFromEnv,
  getStringFromEnv,
  getStringListFromEnv,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import {
  defaultResource,
  detectResources,
  envDetector,
  hostDetector,
  osDetector,
  processDetector,
  resourceFromAttributes,
  serviceInstanceIdDetector,
  type ResourceDetector,
} from '@opentelemetry/resources';
import type { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  NoopSpanProcessor,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { traceRedisPipelinesAsOne } from './redis-pipeline-spans.js';
import { redisStatement } from './redis-statement.js';
import { readTelemetrySettings } from './telemetry-settings.js';
import { requireJsonWithoutKeepingItsText } from './json-require.js';
import { SpanFileExporter } from './span-file-exporter.js';
import { setTelemetryShutdown } from './shutdown-telemetry.js';

const settings = readTelemetrySettings();

/** The resource detectors OTEL_NODE_RESOURCE_DETECTORS names (as NodeSDK reads it); env, process, host by default. */
function resourceDetectors(): ResourceDetector[] {
  const byName: Record<string, ResourceDetector> = {
    host: hostDetector,
    os: osDetector,
    serviceinstance: serviceInstanceIdDetector,
    process: processDetector,
    env: envDetector,
  };
  const named = getStringListFromEnv('OTEL_NODE_RESOURCE_DETECTORS');
  if (!named) return [envDetector, processDetector, hostDetector];
  if (named.includes('all')) return Object.values(byName);
  if (named.includes('none')) return [];
  return named.flatMap((name) => {
    if (!byName[name]) diag.warn(`Invalid resource detector "${name}" in OTEL_NODE_RESOURCE_DETECTORS`);
    return byName[name] ?? [];
  });
}

if (settings.enabled) {
  const logLevel = getStringFromEnv('OTEL_LOG_LEVEL');
  if (logLevel !== undefined)
    diag.setLogger(new DiagConsoleLogger(), { logLevel: diagLogLevelFromString(logLevel) });

  // Exporters are loaded before the loader hook is in place, as static imports were.
  const spanProcessors: SpanProcessor[] = [];
  if (settings.tracesExporter === 'otlp') {
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
    spanProcessors.push(new BatchSpanProcessor(new OTLPTraceExporter()));
  }
  if (settings.tracesExporter === 'console')
    spanProcessors.push(new SimpleSpanProcessor(new ConsoleSpanExporter()));
  if (settings.spanFile)
    spanProcessors.push(new SimpleSpanProcessor(new SpanFileExporter(settings.spanFile)));
  // Without an exporter spans are still created, so trace ids reach logs and travel downstream.
  if (spanProcessors.length === 0) spanProcessors.push(new NoopSpanProcessor());

  const metricReaders: MetricReader[] = [];
  let createMeterProvider:
    ((options: ConstructorParameters<typeof MeterProvider>[0]) => MeterProvider) | undefined;
  if (settings.metricsExporter === 'otlp') {
    const [{ MeterProvider, PeriodicExportingMetricReader }, { OTLPMetricExporter }] = await Promise.all([
      import('@opentelemetry/sdk-metrics'),
      import('@opentelemetry/exporter-metrics-otlp-http'),
    ]);
    metricReaders.push(
      new PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter(),
        exportIntervalMillis: settings.metricExportIntervalMs,
      }),
    );
    createMeterProvider = (options) => new MeterProvider(options);
  }

  // Only modules an instrumentation asks for are wrapped (the others load untouched), and the
  // loader must have acknowledged those requests before the app's imports are resolved. Where Node
  // allows it the hooks run in this thread (module.registerHooks); module.register would start a
  // loader thread with a V8 isolate of its own (~20 MB resident) for the process's whole life.
  const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
  if (supportsSyncHooks()) {
    registerInThreadHooks(registerOptions.data);
    requireJsonWithoutKeepingItsText();
  } else registerLoaderThread('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);

  const instrumentations = [
    new HttpInstrumentation({
      // Probes every few seconds would drown the traces that matter.
      ignoreIncomingRequestHook: (req) =>
        req.url === '/healthz' || req.url === '/readyz' || req.url === '/metrics',
    }),
    // Only the command and the key's shape: values and ids inside keys stay out of the traces.
    new IORedisInstrumentation({ dbStatementSerializer: redisStatement }),
    new UndiciInstrumentation(),
  ];
  registerInstrumentations({ instrumentations });

  const resource = defaultResource()
    .merge(resourceFromAttributes({ 'service.namespace': 'shopmind' }))
    .merge(detectResources({ detectors: resourceDetectors() }))
    // 'service.name' as a literal: importing @opentelemetry/semantic-conventions from here would load
    // its ES build beside the CommonJS one the instrumentations require (two copies, ~350 KB of heap).
    .merge(resourceFromAttributes({ 'service.name': settings.serviceName }));

  // As NodeSDK did: self-observability metrics of the SDK only on request.
  const sdkMetricsEnabled = getBooleanFromEnv('OTEL_NODE_EXPERIMENTAL_SDK_METRICS');
  const meterProvider = createMeterProvider?.({
    resource,
    readers: metricReaders,
    views: [],
    sdkMetricsEnabled,
  });
  if (meterProvider) {
    metrics.setGlobalMeterProvider(meterProvider);
    for (const instrumentation of instrumentations) instrumentation.setMeterProvider(meterProvider);
  }

  // Sampler and span limits come from the OTEL_* variables (BasicTracerProvider reads them).
  const tracerProvider = new NodeTracerProvider({
    resource,
    spanProcessors,
    meterProvider: sdkMetricsEnabled ? meterProvider : undefined,
  });
  tracerProvider.register({
    propagator: new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    }),
  });
  // After start: the instrumentations' module hooks are in place before ioredis is first loaded.
  traceRedisPipelinesAsOne(trace.getTracer('@shopmind/telemetry'));

  let stopping: Promise<void> | undefined;
  const shutdown = (): Promise<void> => {
    stopping ??= Promise.race([
      Promise.all([tracerProvider.shutdown(), meterProvider?.shutdown()])
        .then(() => undefined)
        .catch((err: unknown) => diag.error('telemetry shutdown failed', err)),
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
