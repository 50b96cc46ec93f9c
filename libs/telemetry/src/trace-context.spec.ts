import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { context, propagation, trace, type Span } from '@opentelemetry/api';
import { headers } from '@nats-io/transport-node';
import { installTestTelemetry, type TestTelemetry } from './test-telemetry.js';
import { extractTraceContext, injectTraceContext, recordCarrier } from './trace-context.js';
import { tracer } from './tracer.js';

describe('trace context over message headers', () => {
  let telemetry: TestTelemetry;

  beforeAll(() => {
    telemetry = installTestTelemetry();
  });
  beforeEach(() => telemetry.reset());
  afterAll(() => telemetry.shutdown());

  function childOf(ctx = context.active()): Span {
    const child = tracer.startSpan('process', {}, ctx);
    child.end();
    return child;
  }

  it('makes a span started from extracted nats headers a child of the publishing span, in the same trace', () => {
    const hdrs = headers();
    const parent = tracer.startSpan('send');
    context.with(trace.setSpan(context.active(), parent), () => injectTraceContext(hdrs));
    parent.end();

    expect(hdrs.get('traceparent')).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    const child = childOf(extractTraceContext(hdrs));

    const [sent, processed] = telemetry.spans();
    expect(processed.spanContext().traceId).toBe(sent.spanContext().traceId);
    expect(processed.parentSpanContext?.spanId).toBe(sent.spanContext().spanId);
    expect(processed.parentSpanContext?.isRemote).toBe(true);
    expect(child.spanContext().traceId).toBe(parent.spanContext().traceId);
  });

  it('carries baggage and works over a plain header record', () => {
    const record: Record<string, string> = {};
    const parent = tracer.startSpan('send');
    const withBaggage = propagation.setBaggage(
      trace.setSpan(context.active(), parent),
      propagation.createBaggage({ tenant: { value: 'acme' } }),
    );
    injectTraceContext(recordCarrier(record), withBaggage);
    parent.end();

    const extracted = extractTraceContext(recordCarrier(record));
    expect(propagation.getBaggage(extracted)?.getEntry('tenant')?.value).toBe('acme');
    expect(trace.getSpanContext(extracted)?.traceId).toBe(parent.spanContext().traceId);
  });

  it('starts a new trace when the message carries no trace context', () => {
    const parent = tracer.startSpan('unrelated');
    parent.end();
    const fromEmpty = childOf(extractTraceContext(headers()));
    const fromNothing = childOf(extractTraceContext(undefined));
    expect(fromEmpty.spanContext().traceId).not.toBe(parent.spanContext().traceId);
    expect(fromNothing.spanContext().traceId).not.toBe(fromEmpty.spanContext().traceId);
    expect(telemetry.spans().filter((s) => s.parentSpanContext)).toHaveLength(0);
  });
});
