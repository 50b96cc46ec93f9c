import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { createLogger } from './logger.js';
import { installTestTelemetry, type TestTelemetry } from './test-telemetry.js';
import { tracer } from './tracer.js';

function capture(): { lines: () => Array<Record<string, unknown>>; stream: Writable } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('createLogger', () => {
  let telemetry: TestTelemetry;
  beforeAll(() => {
    telemetry = installTestTelemetry();
  });
  afterAll(() => telemetry.shutdown());

  it('writes JSON with the trace and span id of the active span', () => {
    const out = capture();
    const log = createLogger('review-handler', { destination: out.stream, level: 'info' });
    let ids = { traceId: '', spanId: '' };
    tracer.startActiveSpan('process review', (span) => {
      ids = span.spanContext();
      log.info({ eventId: 'e1' }, 'analysed');
      span.end();
    });
    const [line] = out.lines();
    expect(line).toMatchObject({
      level: 'info',
      component: 'review-handler',
      msg: 'analysed',
      eventId: 'e1',
      trace_id: ids.traceId,
      span_id: ids.spanId,
    });
    expect(ids.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('leaves the trace fields out when no span is active and honours the level', () => {
    const out = capture();
    const log = createLogger('startup', { destination: out.stream, level: 'warn' });
    log.info('not written');
    log.warn('written');
    const lines = out.lines();
    expect(lines).toHaveLength(1);
    expect(lines[0].msg).toBe('written');
    expect(lines[0]).not.toHaveProperty('trace_id');
  });
});
