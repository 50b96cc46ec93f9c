import { describe, expect, it } from '@jest/globals';
import { eventually, EventuallyTimeoutError } from './eventually.js';

describe('eventually', () => {
  it('returns the first truthy value of the check', async () => {
    let calls = 0;
    const value = await eventually(() => (++calls >= 3 ? `call ${calls}` : undefined), { intervalMs: 1 });
    expect(value).toBe('call 3');
    expect(calls).toBe(3);
  });

  it('accepts an async check', async () => {
    let n = 0;
    await expect(eventually(async () => ++n > 2, { intervalMs: 1 })).resolves.toBe(true);
  });

  it('returns the value that the done predicate accepted', async () => {
    let n = 0;
    const info = await eventually(
      () => ({ pending: 3 - ++n }),
      (i) => i.pending === 0,
      { intervalMs: 1 },
    );
    expect(info).toEqual({ pending: 0 });
  });

  it('fails naming what it waited for and the last value seen', async () => {
    const waiting = eventually(
      () => ({ pending: 2 }),
      (i) => i.pending === 0,
      { timeoutMs: 30, intervalMs: 5, what: 'the consumer to drain' },
    );
    await expect(waiting).rejects.toThrow(EventuallyTimeoutError);
    await expect(waiting).rejects.toThrow(
      /timed out after 30 ms waiting for the consumer to drain; the last value was \{ pending: 2 \}/,
    );
  });

  it('treats a throwing check as not yet, and reports its last error on timeout', async () => {
    let n = 0;
    await expect(
      eventually(
        () => {
          if (++n < 3) throw new Error('not there');
          return n;
        },
        { intervalMs: 1 },
      ),
    ).resolves.toBe(3);
    await expect(
      eventually(
        () => {
          throw new Error('stream not found');
        },
        { timeoutMs: 20, intervalMs: 5, what: 'the stream' },
      ),
    ).rejects.toThrow('waiting for the stream; the last check threw: stream not found');
  });

  it('checks once more at the deadline rather than giving up early', async () => {
    const started = Date.now();
    await expect(
      eventually(() => Date.now() - started >= 30, { timeoutMs: 40, intervalMs: 100 }),
    ).resolves.toBe(true);
  });
});
