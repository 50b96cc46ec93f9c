// A logger for tests whose JSON lines the test can read back, as an operator would read the logs.
import { Writable } from 'node:stream';
import { createLogger, type Logger } from './logger.js';

export interface CapturedLog {
  log: Logger;
  /** Every line written so far, parsed. */
  lines(): Array<Record<string, unknown>>;
}

export function captureLog(component: string, level = 'info'): CapturedLog {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return {
    log: createLogger(component, { destination, level }),
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}
