// @shopmind/telemetry — trace context over message headers, the tracer, messaging attribute
// names, JSON logs with trace ids and bus metrics. The SDK bootstrap is the separate side-effect
// module `register.ts` (node --import); in-memory telemetry for tests is `@shopmind/telemetry/testing`.
export {
  injectTraceContext,
  extractTraceContext,
  recordCarrier,
  type HeaderCarrier,
  type ReadableHeaders,
} from './trace-context.js';
export { tracer } from './tracer.js';
export {
  MessagingAttributes,
  MessagingOperation,
  MESSAGING_SYSTEM_NATS,
  type MessagingOperationType,
} from './messaging-attributes.js';
export { createLogger, type Logger, type LoggerSettings } from './logger.js';
export { busMetrics, type BusMetrics } from './bus-metrics.js';
export { shutdownTelemetry } from './shutdown-telemetry.js';
export { readTelemetrySettings, telemetryEnvSchema, type TelemetrySettings } from './telemetry-settings.js';
export type { SpanRecord } from './span-file-exporter.js';
