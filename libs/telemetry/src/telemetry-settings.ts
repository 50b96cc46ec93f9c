// What the telemetry bootstrap does, decided from the environment (standard OTEL_* names first).
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

export function readTelemetrySettings(env: NodeJS.ProcessEnv = process.env): TelemetrySettings {
  const serviceName = env.OTEL_SERVICE_NAME || env.SHOPMIND_SERVICE || 'shopmind';
  const otlpEndpoint =
    env.OTEL_EXPORTER_OTLP_ENDPOINT ||
    env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ||
    env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT ||
    undefined;
  const requested = (env.OTEL_TRACES_EXPORTER ?? '').split(',').map((s) => s.trim());
  let tracesExporter: TelemetrySettings['tracesExporter'] = otlpEndpoint ? 'otlp' : 'none';
  if (requested.includes('none')) tracesExporter = 'none';
  else if (requested.includes('console')) tracesExporter = 'console';
  const metricsOff = (env.OTEL_METRICS_EXPORTER ?? '')
    .split(',')
    .map((s) => s.trim())
    .includes('none');
  const interval = Number(env.OTEL_METRIC_EXPORT_INTERVAL);
  return {
    serviceName,
    enabled: env.OTEL_SDK_DISABLED?.toLowerCase() !== 'true',
    tracesExporter,
    metricsExporter: otlpEndpoint && !metricsOff ? 'otlp' : 'none',
    otlpEndpoint,
    spanFile: env.SHOPMIND_TELEMETRY_SPAN_FILE || undefined,
    metricExportIntervalMs: Number.isFinite(interval) && interval > 0 ? interval : 60_000,
  };
}
