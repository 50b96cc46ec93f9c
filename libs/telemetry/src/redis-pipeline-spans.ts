// One span per Redis pipeline (or MULTI), not one per command: a store that writes a review's
// effects in one pipeline of ~90 commands showed ~90 spans, drowning the trace and costing CPU on
// every event. The pipeline's span names how many commands it carried and what they were (the
// command and key shape only, as for single commands); its commands run with tracing suppressed.
import { createRequire } from 'node:module';
import { context, diag, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import { isTracingSuppressed, suppressTracing } from '@opentelemetry/core';
import { redisStatement } from './redis-statement.js';

interface QueuedCommand {
  name: string;
  args: unknown[];
}

interface PipelineLike {
  _queue: QueuedCommand[];
  /** Set while ioredis's MULTI wrapper runs the queued MULTI … EXEC: that inner call is not ours. */
  _transactions?: number;
  exec(...args: unknown[]): Promise<unknown>;
}

/** Statements listed on a pipeline's span at most (the batch size says how many there were). */
const STATEMENTS_SHOWN = 10;
const PATCHED = Symbol('shopmind.pipeline-spans');
const TRACED = Symbol('shopmind.pipeline-traced');

/** Patches ioredis's Pipeline (shared by every client in the process); a no-op without ioredis. */
export function traceRedisPipelinesAsOne(tracer: Tracer): void {
  let Pipeline: { prototype: PipelineLike & { [PATCHED]?: true } };
  try {
    const require = createRequire(import.meta.url);
    Pipeline = (require('ioredis/built/Pipeline.js') as { default: typeof Pipeline }).default;
  } catch {
    diag.debug('ioredis not found: pipelines are not traced');
    return;
  }
  if (Pipeline.prototype[PATCHED]) return;
  const exec = Pipeline.prototype.exec;
  Pipeline.prototype.exec = function (this: PipelineLike & { [TRACED]?: true }, ...args: unknown[]) {
    // A cluster pipeline calls exec again once the slots are known: that call is the same span's.
    if (this[TRACED] || (this._transactions ?? 0) > 0) return exec.apply(this, args);
    // A caller that traces the round trip itself (the fraud feature store, the audit batches) runs
    // it with tracing suppressed: the span would not be recorded, so its statements are not built.
    if (isTracingSuppressed(context.active())) return exec.apply(this, args);
    this[TRACED] = true;
    const statements = [...new Set(this._queue.map((c) => redisStatement(c.name, c.args)))];
    const span = tracer.startSpan('PIPELINE', {
      kind: SpanKind.CLIENT,
      attributes: {
        'db.system.name': 'redis',
        'db.operation.name': 'PIPELINE',
        'db.operation.batch.size': this._queue.length,
        'db.query.text': statements.slice(0, STATEMENTS_SHOWN).join('; '),
      },
    });
    const result = context.with(suppressTracing(trace.setSpan(context.active(), span)), () =>
      exec.apply(this, args),
    );
    result.then(
      () => span.end(),
      (err: unknown) => {
        span.setStatus({
          code: SpanStatusCode.ERROR,
          message: err instanceof Error ? err.message : String(err),
        });
        span.end();
      },
    );
    return result;
  };
  Pipeline.prototype[PATCHED] = true;
}
