// @shopmind/telemetry — trace context over message headers, the tracer and JSON logs with trace
// ids: what every lib and service shares (the bus keeps its own metrics and messaging attribute
// names). The SDK bootstrap is the separate side-effect module `register.ts` (node --import);
// in-memory telemetry for tests is `@shopmind/telemetry/testing`.
export {
  injectTraceContext,
  extractTraceContext,
  recordCarrier,
  type HeaderCarrier,
  type ReadableHeaders,
} from './trace-context.js';
export { tracer } from './tracer.js';
export { createLogger, type Logger, type LoggerSettings } from './logger.js';
export { shutdownTelemetry } from './shutdown-telemetry.js';
export { readTelemetrySettings, telemetryEnvSchema, type TelemetrySettings } from './telemetry-settings.js';
export type { SpanRecord } from './span-file-exporter.js';
