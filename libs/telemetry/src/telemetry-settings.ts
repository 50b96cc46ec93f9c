// What the telemetry bootstrap does, decided from the environment (standard OTEL_* names first).
import { z } from 'zod';

export interface TelemetrySettings {
  /** OTEL_SERVICE_NAME, else SHOPMIND_SERVICE, else `shopmind`. */
  serviceName: string;
  /** Whether the SDK starts at all (OTEL_SDK_DISABLED=true turns it off). */
  enabled: boolean;
  /** Where traces go: OTLP/HTTP when an endpoint is set, the console on request, otherwise nowhere. */
  tracesExporter: 'otlp' | 'console' | 'none';
  /** Metrics are pushed over OTLP/HTTP only when an endpoint is set. */
  metricsExporter: 'otlp' | 'none';
  /** OTEL_EXPORTER_OTLP_ENDPOINT (or the traces/metrics specific variants). */
  otlpEndpoint?: string;
  /** SHOPMIND_TELEMETRY_SPAN_FILE: test hook, every finished span appended as one JSON line. */
  spanFile?: string;
  /** OTEL_METRIC_EXPORT_INTERVAL in ms, default 60000. */
  metricExportIntervalMs: number;
}

const list = z
  .string()
  .default('')
  .transform((s) => s.split(',').map((x) => x.trim()));

/**
 * Every variable the telemetry bootstrap and the logger read. Nothing here refuses a start: a wrong
 * value falls back to the default, since telemetry must never keep a service down. The last group
 * is read by the OpenTelemetry SDK itself (register.ts, the resource detectors).
 */
export const telemetryEnvSchema = z.object({
  OTEL_SERVICE_NAME: z.string().optional(),
  SHOPMIND_SERVICE: z.string().optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.string().optional(),
  OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: z.string().optional(),
  OTEL_TRACES_EXPORTER: list,
  OTEL_METRICS_EXPORTER: list,
  OTEL_METRIC_EXPORT_INTERVAL: z.coerce.number().positive().catch(60_000),
  OTEL_SDK_DISABLED: z
    .string()
    .default('false')
    .transform((v) => v.toLowerCase() === 'true'),
  SHOPMIND_TELEMETRY_SPAN_FILE: z.string().optional(),
  LOG_LEVEL: z.string().default('info'),
  OTEL_LOG_LEVEL: z.string().optional(),
  OTEL_NODE_RESOURCE_DETECTORS: z.string().optional(),
  OTEL_NODE_EXPERIMENTAL_SDK_METRICS: z.string().optional(),
  OTEL_RESOURCE_ATTRIBUTES: z.string().optional(),
});

export function readTelemetrySettings(env: NodeJS.ProcessEnv = process.env): TelemetrySettings {
  // An empty variable means "not set", as OpenTelemetry reads it.
  const e = telemetryEnvSchema.parse(
    Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')),
  );
  const otlpEndpoint =
    e.OTEL_EXPORTER_OTLP_ENDPOINT ??
    e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ??
    e.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT;
  let tracesExporter: TelemetrySettings['tracesExporter'] = otlpEndpoint ? 'otlp' : 'none';
  if (e.OTEL_TRACES_EXPORTER.includes('none')) tracesExporter = 'none';
  else if (e.OTEL_TRACES_EXPORTER.includes('console')) tracesExporter = 'console';
  return {
    serviceName: e.OTEL_SERVICE_NAME ?? e.SHOPMIND_SERVICE ?? 'shopmind',
    enabled: !e.OTEL_SDK_DISABLED,
    tracesExporter,
    metricsExporter: otlpEndpoint && !e.OTEL_METRICS_EXPORTER.includes('none') ? 'otlp' : 'none',
    otlpEndpoint,
    spanFile: e.SHOPMIND_TELEMETRY_SPAN_FILE,
    metricExportIntervalMs: e.OTEL_METRIC_EXPORT_INTERVAL,
  };
}
