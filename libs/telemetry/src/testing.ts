// @shopmind/telemetry/testing — in-memory tracing and metrics for tests, kept out of the main entry
// so that service code cannot come to depend on them.
export { installTestTelemetry, type TestTelemetry, type MetricPoint } from './test-telemetry.js';
export { captureLog, type CapturedLog } from './captured-log.js';
