// Structured JSON logs (pino) that carry the trace and span id of the active span, so a log line
// leads to its trace and back.
import { isSpanContextValid, trace } from '@opentelemetry/api';
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

export interface LoggerSettings {
  /** Default LOG_LEVEL or `info`. */
  level?: string;
  /** Default stdout. */
  destination?: DestinationStream;
}

function traceFields(): Record<string, string> {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const sc = span.spanContext();
  if (!isSpanContextValid(sc)) return {};
  return {
    trace_id: sc.traceId,
    span_id: sc.spanId,
    trace_flags: `0${sc.traceFlags.toString(16)}`.slice(-2),
  };
}

function rootOptions(level: string): LoggerOptions {
  return {
    level,
    base: {
      service: process.env.OTEL_SERVICE_NAME || process.env.SHOPMIND_SERVICE || undefined,
      pid: process.pid,
    },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin: traceFields,
  };
}

let shared: Logger | undefined;

/** A logger for one component (`{"component": "..."}` on every line). */
export function createLogger(component: string, settings: LoggerSettings = {}): Logger {
  const level = settings.level ?? process.env.LOG_LEVEL ?? 'info';
  if (settings.destination || settings.level) {
    return pino(rootOptions(level), settings.destination ?? pino.destination(1)).child({ component });
  }
  shared ??= pino(rootOptions(level));
  return shared.child({ component });
}
